// Many cameras on the real system: 1, 2, 4 and 8 cameras playing the sample clip (looped, in real
// time, each its own worker process and ffmpeg), first detecting, then in stream-only mode (a
// detection schedule that never matches now: the product's own "outside detection window").
// Per configuration: total detect fps and its spread across cameras (fairness), CPU per camera
// read from /proc/<pid>/stat of the workers and their ffmpeg children, frames dropped by the
// latest-frame slot. Goals: stream-only ≤ 3 % of a core per camera beyond ffmpeg's decode;
// detection shared fairly.
//   npm run bench:cameras -- [--counts 1,2,4,8] [--fps 5] [--warmup 10] [--seconds 20] [--repeats 1] [--modes detect,stream] [--threads n] [--spin-wait]
import { parseArgs } from 'node:util';
import { cpuSnapshot, loadAverage, machineInfo } from './lib/proc';
import { fmt, mean, median, pct, sleep, table, verdict } from './lib/stats';
import { BenchSystem, type CameraJson } from './lib/system';
import { onnxOptions, onnxSettings } from './lib/onnx-options';

const { values } = parseArgs({
  options: {
    counts: { type: 'string', default: '1,2,4,8' },
    fps: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '20' },
    repeats: { type: 'string', default: '1' },
    modes: { type: 'string', default: 'detect,stream' },
    ...onnxOptions,
  },
});
const { model: modelConfig, description: onnxDescription } = onnxSettings(values);
const counts = values.counts.split(',').map(Number);
const modes = values.modes.split(',') as ('detect' | 'stream')[];
const fps = Number(values.fps);
const STREAM_GOAL = 0.03;

interface Measurement {
  mode: 'detect' | 'stream';
  cameras: number;
  load: number;
  /** Per camera: mean detect fps and input fps over the window, frames dropped in it. */
  detectFps: number[];
  inputFps: number[];
  dropped: number[];
  /** Per camera, share of one core over the window. */
  workerCpu: number[];
  ffmpegCpu: number[];
  serverCpu: number;
  restarts: number;
}

async function measure(mode: 'detect' | 'stream', n: number): Promise<Measurement> {
  const cameras = Array.from({ length: n }, (_, i) => ({ id: `cam-${i + 1}`, fps, streamOnly: mode === 'stream' }));
  const system = await BenchSystem.start(cameras, { model: modelConfig });
  try {
    await sleep(Number(values.warmup) * 1000);
    const procs = system.processes();
    const ids = cameras.map((c) => c.id);
    const workerPids = ids.map((id) => procs.workers.get(id)?.pid ?? -1);
    const ffmpegPids = ids.map((id) => procs.ffmpeg.get(id)?.map((p) => p.pid) ?? []);
    const pids = [procs.server.pid, ...workerPids, ...ffmpegPids.flat()];
    const before = await system.cameraStats();
    const cpu0 = cpuSnapshot(pids);
    const t0 = performance.now();
    const samples: CameraJson[][] = [];
    const windowMs = Number(values.seconds) * 1000;
    while (performance.now() - t0 < windowMs) {
      await sleep(1000);
      samples.push(await system.cameraStats());
    }
    const cpu1 = cpuSnapshot(pids);
    const elapsed = (performance.now() - t0) / 1000;
    const share = (pid: number) => (cpu1.has(pid) && cpu0.has(pid) ? (cpu1.get(pid)! - cpu0.get(pid)!) / elapsed : NaN);
    const byId = (list: CameraJson[], id: string) => list.find((c) => c.id === id);
    return {
      mode,
      cameras: n,
      load: loadAverage(),
      detectFps: ids.map((id) => mean(samples.map((s) => byId(s, id)?.stats.detectFps ?? 0))),
      inputFps: ids.map((id) => mean(samples.map((s) => byId(s, id)?.stats.inputFps ?? 0))),
      dropped: ids.map(
        (id) =>
          (byId(samples[samples.length - 1], id)?.stats.droppedFrames ?? 0) -
          (byId(before, id)?.stats.droppedFrames ?? 0),
      ),
      workerCpu: workerPids.map(share),
      ffmpegCpu: ffmpegPids.map((list) => list.reduce((n, pid) => n + share(pid), 0)),
      serverCpu: share(procs.server.pid),
      restarts: samples[samples.length - 1].reduce((n, c) => n + c.restarts, 0),
    };
  } finally {
    await system.stop();
  }
}

const machine = machineInfo();
console.error(
  `cameras bench: ${counts.join(', ')} cameras at ${fps} fps, ${values.seconds} s windows after ${values.warmup} s warm-up, ${values.repeats} repeat(s)`,
);
const results: Measurement[] = [];
for (let r = 0; r < Number(values.repeats); r++) {
  for (const mode of modes) {
    for (const n of counts) {
      const m = await measure(mode, n);
      results.push(m);
      console.error(
        `  ${mode} × ${n}: detect ${fmt(m.detectFps.reduce((a, b) => a + b, 0))} fps total, worker ${fmt(mean(m.workerCpu) * 100)} % + ffmpeg ${fmt(mean(m.ffmpegCpu) * 100)} % of a core per camera, server ${fmt(m.serverCpu * 100)} %, load ${fmt(m.load, 2)}`,
      );
    }
  }
}

// Medians over repeats of each figure, per (mode, count).
const groups = (mode: string) => counts.map((n) => results.filter((m) => m.mode === mode && m.cameras === n));
const medOf = (ms: Measurement[], f: (m: Measurement) => number) => median(ms.map(f));
const sumOf = (v: number[]) => v.reduce((a, b) => a + b, 0);

const detectRows = groups('detect')
  .filter((g) => g.length)
  .map((g) => {
    const n = g[0].cameras;
    const total = medOf(g, (m) => sumOf(m.detectFps));
    const min = medOf(g, (m) => Math.min(...m.detectFps));
    const max = medOf(g, (m) => Math.max(...m.detectFps));
    const input = medOf(g, (m) => sumOf(m.inputFps));
    const dropped = medOf(g, (m) => sumOf(m.dropped) / Math.max(1, sumOf(m.inputFps) * Number(values.seconds)));
    return [
      n,
      fmt(input),
      fmt(total),
      `${fmt(min)} / ${fmt(max)} (${pct(min / max, 0)})`,
      pct(dropped),
      fmt(medOf(g, (m) => mean(m.workerCpu)) * 100),
      fmt(medOf(g, (m) => mean(m.ffmpegCpu)) * 100),
      fmt(medOf(g, (m) => m.serverCpu) * 100),
      fmt(
        medOf(g, (m) => m.load),
        2,
      ),
    ];
  });

const streamRows = groups('stream')
  .filter((g) => g.length)
  .map((g) => {
    const n = g[0].cameras;
    const worker = medOf(g, (m) => mean(m.workerCpu));
    const server = medOf(g, (m) => m.serverCpu / n);
    return [
      n,
      fmt(medOf(g, (m) => sumOf(m.inputFps))),
      fmt(medOf(g, (m) => sumOf(m.detectFps))),
      fmt(worker * 100, 2),
      fmt(server * 100, 2),
      `**${fmt((worker + server) * 100, 2)}**`,
      fmt(medOf(g, (m) => mean(m.ffmpegCpu)) * 100, 1),
      fmt(
        medOf(g, (m) => m.load),
        2,
      ),
    ];
  });

const streamCosts = groups('stream')
  .filter((g) => g.length)
  .map((g) => medOf(g, (m) => mean(m.workerCpu) + m.serverCpu / m.cameras));
const fairness = groups('detect')
  .filter((g) => g.length)
  .map((g) => medOf(g, (m) => Math.min(...m.detectFps) / Math.max(...m.detectFps)));
const restarts = sumOf(results.map((m) => m.restarts));

const detectTable = table(
  [
    'cameras',
    'input fps (sum)',
    'detect fps (sum)',
    'detect fps min / max per camera (min/max)',
    'dropped (of input)',
    'worker CPU % / camera',
    'ffmpeg CPU % / camera',
    'server CPU %',
    'load',
  ],
  detectRows,
);
const streamTable = table(
  [
    'cameras',
    'input fps (sum)',
    'detect fps (sum)',
    'worker CPU % / camera',
    'server CPU % / camera',
    'beyond ffmpeg, % / camera',
    'ffmpeg CPU % / camera',
    'load',
  ],
  streamRows,
);
console.log(`
### Cameras — \`npm run bench:cameras\`

Real system (server + one worker process and one ffmpeg per camera), sample clip looped in real time at ${fps} fps per camera,
${onnxDescription}, ${machine.cores} cores (${machine.cpu}); ${values.warmup} s warm-up then a ${values.seconds} s window; medians of ${values.repeats} repeat(s).
CPU is % of one core from /proc/<pid>/stat (utime+stime) over the window. Worker restarts during the runs: ${restarts}.
${detectRows.length ? `\nDetecting:\n\n${detectTable}\n\nFairness, min/max detect fps across cameras: ${fairness.map((f, i) => `${counts[i]} cam: ${pct(f, 0)}`).join(', ')}.\n` : ''}${
  streamRows.length
    ? `\nStream-only (schedule that never matches now):\n\n${streamTable}\n\nGoal: stream-only ≤ 3 % of a core per camera beyond ffmpeg — ${verdict(streamCosts.every((c) => c <= STREAM_GOAL))} (${streamCosts.map((c) => pct(c, 2)).join(', ')}).\n`
    : ''
}`);
process.exit(0);
