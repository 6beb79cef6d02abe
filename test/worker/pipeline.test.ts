import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../src/bus/types';
import { cameraConfigSchema } from '../../src/config/schema';
import { createDetector } from '../../src/detect/detector';
import { createFrameSource } from '../../src/ingest/frame-source';
import { CameraPipeline } from '../../src/worker/pipeline';
import { sampleClip, sampleModel } from '../helpers/media';
import sharp from 'sharp';

describe('camera pipeline on 20 seconds of the sample video', () => {
  it('captures violations, each track at most once per kind, with decodable images', async () => {
    const camera = cameraConfigSchema.parse({ id: 'sample', name: 'Sample', location: 'Test bay', url: sampleClip(0, 20), fps: 5 });
    const detector = await createDetector({ path: sampleModel });
    const captures: CaptureEvent[] = [];
    let previews = 0;
    const pipeline = new CameraPipeline(camera, detector, { maxWidth: 960, quality: 75 }, {
      preview: () => previews++,
      capture: (event) => captures.push(event),
      sightings: () => {},
    });
    pipeline.watched = true;
    const source = createFrameSource({ url: camera.url, fps: camera.fps, loop: false, realtime: true });
    source.start();
    let frames = 0;
    for (let frame = await source.nextFrame(); frame; frame = await source.nextFrame()) {
      await pipeline.process(frame);
      frames++;
    }
    await source.stop();
    await detector.close();

    expect(frames).toBeGreaterThanOrEqual(90); // 20 s at 5 fps, played as a live camera
    expect(previews).toBe(frames);
    expect(captures.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    for (const c of captures) {
      for (const kind of c.kinds) {
        const key = `${c.trackId}/${kind}`;
        expect(seen.has(key), `track ${c.trackId} captured twice for ${kind}`).toBe(false);
        seen.add(key);
      }
      expect(c).toMatchObject({ cameraId: 'sample', cameraName: 'Sample', location: 'Test bay' });
      expect((await sharp(c.crop).metadata()).format).toBe('jpeg');
      expect(await sharp(c.frame).metadata()).toMatchObject({ format: 'jpeg', width: 640, height: 360 });
    }
    console.log(`20 s of sample video: ${frames} frames, ${captures.length} captures (${[...seen].join(', ')})`);
  });
});
