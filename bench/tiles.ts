// What tiled detection costs a frame: each tiles setting against tiles off, measured in the same
// run on the same frames (the settings take turns frame by frame, so a busy neighbour on the
// machine slows them alike), as ms per frame and model passes per frame.
//   npx tsx bench/tiles.ts [--frames 20] [--tiles auto,2x2,people] [--model file] [--threads n]
//                          [--video file | --photos dir]   (--photos: the first frames of its holdout split)
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_MODEL_FILE, sharedDir } from '../src/config/paths';
import { modelConfigSchema } from '../src/detect/config';
import { createDetector, type Detector } from '../src/detect/detector';
import { tilingOptionsOf, withTiles } from '../src/detect/tiled-detector';
import { formatTilesSetting, parseTilesFlag } from '../src/detect/tiles';
import type { Frame } from '../src/domain/detection';
import { listPhotos, loadFrame } from '../src/eval/photo-set';
import { decodeFrames } from './lib/media';
import { onnxOptions, onnxSettings } from './lib/onnx-options';
import { median } from './lib/stats';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '20' },
    tiles: { type: 'string', default: 'auto,2x2,people' },
    model: { type: 'string', default: process.env.MODEL_PATH ?? path.join(sharedDir(), DEMO_MODEL_FILE) },
    video: {
      type: 'string',
      default: path.join(sharedDir(), 'media', 'stock-three-workers-one-without-vest-720p.mp4'),
    },
    photos: { type: 'string' },
    ...onnxOptions,
  },
});
const WARM_UP = 2;

async function holdoutPhotos(dir: string, count: number): Promise<Frame[]> {
  const photos = (await listPhotos(path.resolve(dir), 'holdout')).slice(0, count);
  return Promise.all(photos.map((p) => loadFrame(p.image)));
}

const frames = values.photos
  ? await holdoutPhotos(values.photos, Number(values.frames))
  : await decodeFrames(values.video, Number(values.frames));
const source = values.photos ? `photos of ${values.photos} (holdout split, name order)` : path.basename(values.video);
const onnx = onnxSettings(values);
const model = modelConfigSchema.parse({ path: values.model, ...onnx.model });
const engine = await createDetector(model);
const settings = ['off', ...values.tiles.split(',')].map(parseTilesFlag);
const detectors: Detector[] = settings.map((s) => withTiles(engine, s, tilingOptionsOf(model)));

interface Sample {
  wallMs: number;
  inferenceMs: number;
  passes: number;
  bareHeads: number;
  detections: number;
}
const samples: Sample[][] = settings.map(() => []);
for (const [i, frame] of frames.entries()) {
  for (const [s, detector] of detectors.entries()) {
    const t = performance.now();
    const answer = await detector.detect(frame);
    if (i < WARM_UP) continue;
    samples[s].push({
      wallMs: performance.now() - t,
      inferenceMs: answer.timings.inferenceMs,
      passes: answer.passes ?? 1,
      bareHeads: answer.detections.filter((d) => d.role === 'no-helmet').length,
      detections: answer.detections.length,
    });
  }
}
await engine.close();

const m = (s: number, key: keyof Sample) => median(samples[s].map((x) => x[key]));
const total = (s: number, key: keyof Sample) => samples[s].reduce((n, x) => n + x[key], 0);
// Means as well as medians: around people the passes vary from frame to frame, and the mean is the cost.
const avg = (s: number, key: keyof Sample) => total(s, key) / samples[s].length;
const sizes = [...new Set(frames.map((f) => `${f.width}x${f.height}`))];
const size = sizes.length === 1 ? sizes[0] : `${sizes.length} sizes`;
const rows = settings.map((setting, s) => {
  const ratio = (avg(s, 'wallMs') / avg(0, 'wallMs')).toFixed(2);
  const ms = `${avg(s, 'wallMs').toFixed(0)} (median ${m(s, 'wallMs').toFixed(0)})`;
  return (
    `| ${formatTilesSetting(setting)} | ${avg(s, 'passes').toFixed(2)} | ${ms} | ${avg(s, 'inferenceMs').toFixed(0)} | ` +
    `**${ratio}×** | ${total(s, 'bareHeads')} | ${total(s, 'detections')} |`
  );
});

console.log(`
Tiled detection — ${samples[0].length} frames of ${source} (${size}), model ${path.basename(values.model)}
${os.cpus().length} CPU cores, ${onnx.description}; settings take turns frame by frame

| tiles | passes per frame (mean) | detect() ms per frame, mean (median) | inference ms per frame (mean) | mean ms vs off | bare heads found (all frames) | detections (all frames) |
|---|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}
`);
