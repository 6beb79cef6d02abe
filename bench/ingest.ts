// What taking a camera's frames costs the worker before any detection: the issue 17 goal of ≤ 3 %
// of a core per camera for a still scene is bounded below by it. Plays the 720p sample in real
// time at 5 fps and reads the worker process's own CPU (ffmpeg's decode apart) for:
//   - the product's frame source (src/ingest: pipe, frame pool, latest-frame slot), frames released at once;
//   - a bare reader of the same RGB frames (stream chunks copied into two buffers): the floor;
//   - a bare reader of yuv420p frames (half the bytes): what a YUV ingest would pay.
//   npm run bench:ingest -- [--seconds 20] [--repeats 2] [--fps 5]
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sharedDir } from '../src/config/paths';
import { createFrameSource } from '../src/ingest/frame-source';
import { fmt, median, sleep, table } from './lib/stats';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    repeats: { type: 'string', default: '2' },
    fps: { type: 'string', default: '5' },
  },
});
const SECONDS = Number(values.seconds);
const FPS = Number(values.fps);
const CLIP = path.join(sharedDir(), 'media/stock-two-workers-one-without-vest-720p.mp4');
const WARMUP_MS = 3000;

interface Run {
  frames: number;
  /** This process's CPU over the window, ms. */
  cpuMs: number;
}

/** Counts frames and this process's CPU over the window after a warm-up; `stop` ends the reader. */
async function measure(start: (frame: () => void) => () => Promise<void>): Promise<Run> {
  let frames = 0;
  const stop = start(() => frames++);
  await sleep(WARMUP_MS);
  frames = 0;
  const before = process.cpuUsage();
  await sleep(SECONDS * 1000);
  const used = process.cpuUsage(before);
  const run = { frames, cpuMs: (used.user + used.system) / 1000 };
  await stop();
  return run;
}

function productSource(frame: () => void): () => Promise<void> {
  const source = createFrameSource({ url: CLIP, fps: FPS });
  source.start();
  // Taken the way a camera worker takes them (src/worker/main.ts), released at once.
  const taking = (async () => {
    for (let f = await source.nextFrame(); f; f = await source.nextFrame()) {
      frame();
      f.release();
    }
  })();
  return async () => {
    await source.stop();
    await taking;
  };
}

function bareReader(pixFmt: 'rgb24' | 'yuv420p') {
  return (frame: () => void): (() => Promise<void>) => {
    const bytes = pixFmt === 'rgb24' ? 1280 * 720 * 3 : (1280 * 720 * 3) / 2;
    const args = ['-v', 'error', '-nostdin', '-re', '-stream_loop', '-1', '-i', CLIP, '-an'];
    const child = spawn('ffmpeg', [...args, '-vf', `fps=${FPS}`, '-pix_fmt', pixFmt, '-f', 'rawvideo', 'pipe:1'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const buffers = [Buffer.allocUnsafe(bytes), Buffer.allocUnsafe(bytes)];
    let which = 0;
    let filled = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      for (let offset = 0; offset < chunk.length;) {
        const n = Math.min(chunk.length - offset, bytes - filled);
        chunk.copy(buffers[which], filled, offset, offset + n);
        filled += n;
        offset += n;
        if (filled === bytes) {
          filled = 0;
          which ^= 1;
          frame();
        }
      }
    });
    return async () => {
      const closed = new Promise((resolve) => child.once('close', resolve));
      child.kill('SIGKILL');
      await closed;
    };
  };
}

const READERS = [
  { name: 'product frame source, RGB 1280×720', start: productSource },
  { name: 'bare pipe reader, RGB 1280×720 (2.64 MiB a frame)', start: bareReader('rgb24') },
  { name: 'bare pipe reader, yuv420p 1280×720 (1.32 MiB a frame)', start: bareReader('yuv420p') },
];

const results = new Map<string, Run[]>(READERS.map((r) => [r.name, []]));
for (let i = 0; i < Number(values.repeats); i++) {
  for (const reader of READERS) results.get(reader.name)!.push(await measure(reader.start));
}

const share = (r: Run) => r.cpuMs / (SECONDS * 1000);
const floor = median(results.get(READERS[1].name)!.map(share));
const rows = READERS.map(({ name }) => {
  const runs = results.get(name)!;
  const cpu = median(runs.map(share));
  return [
    name,
    fmt(median(runs.map((r) => r.frames / SECONDS)), 2),
    fmt(cpu * 100, 2),
    fmt(median(runs.map((r) => r.cpuMs / Math.max(1, r.frames))), 2),
    fmt(cpu / floor, 2),
  ];
});
console.log(`\n${SECONDS} s windows, ${values.repeats} repeats alternating, medians; ffmpeg's own CPU not counted.\n`);
console.log(
  table(['reader', 'frames/s', 'CPU % of a core', 'CPU ms per frame', '× bare RGB reader'], rows, [
    'l',
    'r',
    'r',
    'r',
    'r',
  ]),
);
