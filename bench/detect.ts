// Detection engine benchmark: median ms per stage on real footage, and how much the code around
// inference costs relative to inference itself (goal: ≤ 10 %).
//   npx tsx bench/detect.ts [--frames 150] [--model file] [--video file] [--threads n] [--spin-wait]
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_MODEL_FILE, DEMO_VIDEO_FILE, sharedDir } from '../src/config/paths';
import { createDetector, type StageTimings } from '../src/detect/detector';
import { FrameLetterboxer } from '../src/detect/letterbox';
import { parseImgsz, readMetadataProps } from '../src/detect/metadata';
import { decodeFrames } from './lib/media';
import { onnxOptions, onnxSettings } from './lib/onnx-options';
import { median } from './lib/stats';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '150' },
    model: { type: 'string', default: process.env.MODEL_PATH ?? path.join(sharedDir(), DEMO_MODEL_FILE) },
    video: { type: 'string', default: path.join(sharedDir(), DEMO_VIDEO_FILE) },
    ...onnxOptions,
  },
});
const frameCount = Number(values.frames);
const WARM_UP = 10;

const frames = await decodeFrames(values.video, frameCount); // throws when the video is shorter
const onnx = onnxSettings(values);
const detector = await createDetector({ path: values.model, ...onnx.model });

const stages: Record<keyof StageTimings, number[]> = { letterboxMs: [], inferenceMs: [], decodeMs: [] };
const wallMs: number[] = [];
/** Per frame: everything detect() spends outside inference, relative to inference. */
const overheadRatios: number[] = [];
let detections = 0;
for (let i = 0; i < WARM_UP; i++) await detector.detect(frames[i % frames.length]);
for (const frame of frames) {
  const start = performance.now();
  const { detections: found, timings: t } = await detector.detect(frame);
  const wall = performance.now() - start;
  detections += found.length;
  for (const k of Object.keys(stages) as (keyof StageTimings)[]) stages[k].push(t[k]);
  wallMs.push(wall);
  overheadRatios.push((wall - t.inferenceMs) / t.inferenceMs);
}
await detector.close();

// Nearest-neighbour letterbox at the model's size: what bilinear (kept for quality) costs over it.
const inputSize = parseImgsz(readMetadataProps(await fs.readFile(values.model)).imgsz) ?? { width: 640, height: 640 };
const nearest = new FrameLetterboxer(inputSize.width, inputSize.height, 'nearest');
const nearestMs = frames.map((f) => {
  const t = performance.now();
  nearest.letterbox(f);
  return performance.now() - t;
});

const m = {
  letterbox: median(stages.letterboxMs),
  inference: median(stages.inferenceMs),
  decode: median(stages.decodeMs),
  wall: median(wallMs),
};
const overhead = median(overheadRatios);
const { width, height } = frames[0];
const fmt = (v: number) => v.toFixed(3);

console.log(`
Detection engine — ${frames.length} frames of ${path.basename(values.video)} (${width}x${height}), model ${path.basename(values.model)}
${os.cpus().length} CPU cores (${os.cpus()[0]?.model.trim()}), ${onnx.description}, ${detections} detections

| stage | median ms |
|---|---:|
| letterbox (bilinear, into reused tensor) | ${fmt(m.letterbox)} |
| inference (onnxruntime) | ${fmt(m.inference)} |
| decode + NMS + unletterbox | ${fmt(m.decode)} |
| detect() wall time | ${fmt(m.wall)} |
| letterbox, nearest (for comparison only) | ${fmt(median(nearestMs))} |

**Overhead (detect() wall time − inference) / inference: ${(overhead * 100).toFixed(1)} %** (median over frames; stage medians give ${(((m.letterbox + m.decode) / m.inference) * 100).toFixed(1)} %)

Goal: overhead ≤ 10 % of inference — ${overhead <= 0.1 ? 'met' : 'NOT met'}.
`);
