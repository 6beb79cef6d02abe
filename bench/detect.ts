// Detection engine benchmark: median ms per stage on real footage, and how much the code around
// inference costs relative to inference itself (goal: ≤ 10 %).
//   npx tsx bench/detect.ts [--frames 150] [--model file] [--video file] [--threads n]
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_MODEL_FILE, DEMO_VIDEO_FILE, sharedDir } from '../src/config/paths';
import type { Frame } from '../src/domain';
import { createDetector, type StageTimings } from '../src/detect/detector';
import { FrameLetterboxer } from '../src/detect/letterbox';
import { parseImgsz, readMetadataProps } from '../src/detect/metadata';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '150' },
    model: { type: 'string', default: process.env.MODEL_PATH ?? path.join(sharedDir(), DEMO_MODEL_FILE) },
    video: { type: 'string', default: path.join(sharedDir(), DEMO_VIDEO_FILE) },
    threads: { type: 'string' },
  },
});
const frameCount = Number(values.frames);
const WARM_UP = 10;

/** Decodes the first `count` frames to RGB24 in memory, so decoding is not part of the figures. */
async function decodeFrames(file: string, count: number): Promise<Frame[]> {
  const probe = await output('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height',
    '-of',
    'csv=p=0',
    file,
  ]);
  const [width, height] = probe.toString().trim().split(',').map(Number);
  const raw = await output('ffmpeg', [
    '-v',
    'error',
    '-nostdin',
    '-i',
    file,
    '-frames:v',
    String(count),
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    'pipe:1',
  ]);
  const size = width * height * 3;
  return Array.from({ length: Math.floor(raw.length / size) }, (_, seq) => ({
    data: raw.subarray(seq * size, (seq + 1) * size),
    width,
    height,
    seq,
    time: Date.now(),
  }));
}

function output(command: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`${command} exited with ${code}`)),
    );
  });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const frames = await decodeFrames(values.video, frameCount);
if (frames.length < frameCount) throw new Error(`Only ${frames.length} frames decoded from ${values.video}`);
const detector = await createDetector({
  path: values.model,
  ...(values.threads ? { threads: Number(values.threads) } : {}),
});

const stages: Record<keyof StageTimings, number[]> = { letterboxMs: [], inferenceMs: [], decodeMs: [] };
const wallMs: number[] = [];
/** Per frame: everything detect() spends outside inference, relative to inference. */
const overheadRatios: number[] = [];
let detections = 0;
for (let i = 0; i < WARM_UP; i++) await detector.detect(frames[i % frames.length]);
for (const frame of frames) {
  const start = performance.now();
  detections += (await detector.detect(frame)).length;
  const wall = performance.now() - start;
  const t = detector.lastTimings;
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
${os.cpus().length} CPU cores (${os.cpus()[0]?.model.trim()}), onnxruntime threads: ${values.threads ?? 'auto'}, ${detections} detections

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
