// What the motion measure costs a camera per frame (issue 17): every frame taken is shrunk to the
// motion grid and compared with the last, detected or not, so on a still camera it is most of what
// the worker does with a frame. Baseline, same run: one copy of the frame (what taking it from
// ffmpeg's pipe costs at least).
//   npm run bench:motion -- [--frames 300]
import { parseArgs } from 'node:util';
import type { Frame } from '../src/domain/detection';
import { MotionMeter } from '../src/detect/motion';
import { fmt, median, table } from './lib/stats';

const { values } = parseArgs({ options: { frames: { type: 'string', default: '300' } } });
const FRAMES = Number(values.frames);
const SIZES = [
  [640, 360],
  [1280, 720],
  [1920, 1080],
] as const;

/** Median ms per call of `fn` over FRAMES calls, after a warm-up of a tenth of them. */
function timed(fn: (i: number) => void): number {
  for (let i = 0; i < FRAMES / 10; i++) fn(i);
  const times: number[] = [];
  for (let i = 0; i < FRAMES; i++) {
    const start = performance.now();
    fn(i);
    times.push(performance.now() - start);
  }
  return median(times);
}

const rows: string[][] = [];
for (const [width, height] of SIZES) {
  // Two noisy pictures taken in turn: every cell is computed, half the frames count as motion.
  const frames: Frame[] = [0, 1].map((k) => {
    const data = Buffer.alloc(width * height * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7 + k * 31 + ((i * 2654435761) >>> 27)) & 0xff;
    return { width, height, data, time: 0 } as Frame;
  });
  const target = Buffer.alloc(width * height * 3);
  const copyMs = timed((i) => frames[i % 2].data.copy(target));
  const meter = new MotionMeter({ minChangedShare: 0.001, noiseFloor: 10 });
  const motionMs = timed((i) => meter.moved(frames[i % 2]));
  rows.push([`${width}×${height}`, fmt(copyMs, 3), fmt(motionMs, 3), fmt(motionMs / copyMs, 2), fmt(motionMs / 2, 2)]);
}
console.log(`
### Motion measure — \`npm run bench:motion\`

RGB frames, ${FRAMES} per size, medians.

${table(['frame', 'copy of the frame, ms', 'motion measure, ms per frame', 'vs the copy', '% of a core at 5 fps'], rows)}
`);
