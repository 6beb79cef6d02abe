// onnxruntime threading on this machine: wall time and CPU time per inference for the session
// options a worker can be configured with — one intra-op thread per core with threads that
// spin-wait for work (onnxruntime's default), the same without spinning (the product's default,
// model.spinWait: false), and one thread. Back to back (throughput) and paced at a
// camera's 5 fps (what a worker does), where spin-waiting burns CPU between and inside frames.
// The options mirror src/detect/detector.ts sessionOptionsFor.
//   npm run bench:threads -- [--frames 100] [--pace 5] [--runs 3]
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { FrameLetterboxer } from '../src/detect/letterbox';
import { decodeFrames } from './lib/media';
import { loadAverage, machineInfo } from './lib/proc';
import { fmt, median, pct, sleep, table } from './lib/stats';
import { MODEL, SAMPLE_VIDEO } from './lib/system';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '100' },
    pace: { type: 'string', default: '5' },
    runs: { type: 'string', default: '3' },
  },
});
const N = Number(values.frames);
const paceMs = 1000 / Number(values.pace);

const NO_SPIN = { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } };
const variants: { name: string; options: ort.InferenceSession.SessionOptions }[] = [
  { name: "threads auto, spinning (onnxruntime's default; model.spinWait: true)", options: {} },
  { name: 'threads auto, no spinning (the product default)', options: { extra: NO_SPIN } },
  { name: '1 thread (model.threads: 1)', options: { intraOpNumThreads: 1, extra: NO_SPIN } },
];

const frames = await decodeFrames(SAMPLE_VIDEO, N);
const letterboxer = new FrameLetterboxer(320, 320);
const sessions = await Promise.all(
  variants.map((v) =>
    ort.InferenceSession.create(MODEL, {
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      interOpNumThreads: 1,
      ...v.options,
    }),
  ),
);
const inputName = sessions[0].inputNames[0];
const outputName = sessions[0].outputNames[0];
const input = new ort.Tensor('float32', letterboxer.tensor, [1, 3, 320, 320]);

/** ms of wall and of CPU (all threads of this process) per inference. */
async function measure(session: ort.InferenceSession, paced: boolean): Promise<{ wall: number; cpu: number }> {
  const walls: number[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const f of frames) {
    const start = performance.now();
    letterboxer.letterbox(f);
    const out = await session.run({ [inputName]: input }, [outputName]);
    out[outputName].dispose();
    walls.push(performance.now() - start);
    if (paced) await sleep(Math.max(0, paceMs - (performance.now() - start)));
  }
  const cpu = process.cpuUsage(cpu0);
  void t0;
  return { wall: median(walls), cpu: (cpu.user + cpu.system) / 1000 / frames.length };
}

for (const s of sessions) for (let i = 0; i < 10; i++) await s.run({ [inputName]: input }, [outputName]);
const rows: Record<string, { wall: number[]; cpu: number[]; pacedCpu: number[] }> = {};
for (const v of variants) rows[v.name] = { wall: [], cpu: [], pacedCpu: [] };
const loads: number[] = [];
for (let r = 0; r < Number(values.runs); r++) {
  loads.push(loadAverage());
  // Interleaved per run, so each variant sees the same load.
  for (let i = 0; i < variants.length; i++) {
    const fast = await measure(sessions[i], false);
    const paced = await measure(sessions[i], true);
    rows[variants[i].name].wall.push(fast.wall);
    rows[variants[i].name].cpu.push(fast.cpu);
    rows[variants[i].name].pacedCpu.push(paced.cpu);
  }
}
await Promise.all(sessions.map((s) => s.release()));

const base = rows[variants[0].name];
const m = machineInfo();
console.log(`
### onnxruntime threads — \`npm run bench:threads\`

${path.basename(MODEL)}, ${N} frames of ${path.basename(SAMPLE_VIDEO)}, letterbox + session.run per frame; ${m.cores} cores (${m.cpu});
${values.runs} runs interleaved (load average at their starts: ${loads.map((l) => fmt(l, 2)).join(', ')}), medians.

${table(
  [
    'session options',
    'wall ms / frame (back to back)',
    'CPU ms / frame (back to back)',
    `CPU ms / frame at ${values.pace} fps`,
    `CPU at ${values.pace} fps vs spinning`,
  ],
  variants.map((v) => {
    const r = rows[v.name];
    return [
      v.name,
      fmt(median(r.wall), 2),
      fmt(median(r.cpu), 2),
      fmt(median(r.pacedCpu), 2),
      pct(median(r.pacedCpu) / median(base.pacedCpu), 0),
    ];
  }),
)}
`);
process.exit(0);
