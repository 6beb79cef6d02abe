// Child process of bench/latency.ts: what src/worker/main.ts does for one camera — FrameSource
// (latest-frame loop) → CameraPipeline (watched: a preview per frame) → JPEG over IPC to the
// parent — plus, next to each JPEG, the time its frame left ffmpeg (frame.time) and the time it
// was encoded. The product's worker cannot be asked for those without a debug hook in src.
import { BUILT_IN_CATALOGUE } from '../../src/domain/ppe-items';
import { createThreadedDetector } from '../../src/detect/detector-thread';
import { cameraConfigSchema, configSchema } from '../../src/config/schema';
import { createFrameSource } from '../../src/ingest/frame-source';
import { CameraPipeline, type PipelineSink } from '../../src/worker/pipeline';

export interface LatencyStart {
  type: 'start';
  url: string;
  fps: number;
  model: string;
}
export interface LatencyFrame {
  type: 'frame';
  jpeg: Buffer;
  frameTime: number;
  encodedAt: number;
}

process.once('message', async (msg: LatencyStart) => {
  const camera = cameraConfigSchema.parse({ id: 'latency', name: 'Latency', url: msg.url, fps: msg.fps });
  const detector = await createThreadedDetector({ path: msg.model });
  const send = (m: LatencyFrame) => {
    if (process.connected) process.send?.(m);
  };
  const methods: Partial<PipelineSink> = {
    preview: (jpeg, frameTime) => send({ type: 'frame', jpeg, frameTime, encodedAt: Date.now() }),
  };
  const sink = new Proxy(methods, {
    get: (t, k: string) => (t as Record<string, unknown>)[k] ?? (() => {}),
  }) as PipelineSink;
  const pipeline = new CameraPipeline(
    camera,
    detector,
    BUILT_IN_CATALOGUE,
    configSchema.parse({ model: { path: msg.model } }).preview,
    sink,
  );
  pipeline.watched = true;
  const source = createFrameSource({ url: camera.url, fps: camera.fps });
  process.on('disconnect', () => void source.stop().then(() => process.exit(0)));
  source.start();
  for (let frame = await source.nextFrame(); frame; frame = await source.nextFrame()) {
    await pipeline.process(frame);
  }
});
