// Many cameras on the real system: N cameras playing the sample clip (looped, in real time, each
// its own worker process and ffmpeg), detecting through the host's one inference engine and
// through a model of each worker's own (`detect.engine` host / worker), side by side in one run,
// then in stream-only mode (a detection schedule that never matches now: the product's own
// "outside detection window"). Per configuration: total detect fps and its spread across cameras
// (fairness), CPU per camera and per detection read from /proc/<pid>/stat of the workers, the
// engine and their ffmpeg children, resident memory per camera, frames dropped by the
// latest-frame slot. Modes `still` and `still-ungated`: every camera looks at a still 720p scene
// with two people in it, detecting, with motion gating on and off. Goals: stream-only, and a
// still scene with gating, ≤ 3 % of a core per camera beyond ffmpeg's decode; detection shared
// fairly; no collapse as cameras are added.
//   npm run bench:cameras -- [--counts 1,2,4,8] [--engines host,worker] [--fps 5] [--warmup 10] [--seconds 20]
//     [--repeats 1] [--modes detect,stream,still,still-ungated] [--compiled] [--threads n] [--spin-wait]
//     [--model fast|accurate|file.onnx]  (fast: the 320 demo model, the default; accurate: the 640 one)
import { parseArgs } from 'node:util';
import { cpuSnapshot, loadAverage, machineInfo, rssBytes } from './lib/proc';
import { fmt, mean, median, pct, sleep, sum, table, verdict } from './lib/stats';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_MODEL_FILE, sharedDir } from '../src/config/paths';
import { stillClip } from './lib/media';
import { BenchSystem, MODEL, type BenchCamera, type CameraJson } from './lib/system';
import { onnxOptions, onnxSettings } from './lib/onnx-options';

const { values } = parseArgs({
  options: {
    counts: { type: 'string', default: '1,2,4,8' },
    engines: { type: 'string', default: 'host,worker' },
    fps: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '20' },
    repeats: { type: 'string', default: '1' },
    modes: { type: 'string', default: 'detect,stream' },
    compiled: { type: 'boolean', default: false },
    model: { type: 'string', default: 'fast' },
    ...onnxOptions,
  },
});
const { model: onnxConfig, description: onnxDescription } = onnxSettings(values);
const MODELS: Record<string, string> = { fast: MODEL, accurate: path.join(sharedDir(), DEMO_MODEL_FILE) };
const modelFile = MODELS[values.model] ?? path.resolve(values.model);
const modelConfig = { ...onnxConfig, path: modelFile };
const counts = values.counts.split(',').map(Number);
const engines = values.engines.split(',') as Engine[];
const modes = values.modes.split(',') as Mode[];
const fps = Number(values.fps);
const STREAM_GOAL = 0.03;

type Engine = 'host' | 'worker';
type Mode = 'detect' | 'stream' | 'still' | 'still-ungated';

/** The still scene's clip, made on first use (pictor_8: two workers without vests, standing). */
let still: string | undefined;
function stillScene(): string {
  still ??= stillClip(path.join(sharedDir(), 'media', 'pictor_8.jpg'), 120);
  return still;
}
process.on('exit', () => still && fs.rmSync(path.dirname(still), { recursive: true, force: true }));

function benchCamera(mode: Mode, i: number): BenchCamera {
  const camera = { id: `cam-${i + 1}`, fps };
  if (mode === 'stream') return { ...camera, streamOnly: true };
  if (mode === 'detect') return camera;
  return { ...camera, video: stillScene(), motion: mode === 'still' };
}

interface Measurement {
  mode: Mode;
  engine: Engine;
  cameras: number;
  load: number;
  /** Per camera: mean detect fps and input fps over the window, frames dropped in it. */
  detectFps: number[];
  inputFps: number[];
  dropped: number[];
  /** Per camera, share of one core over the window. */
  workerCpu: number[];
  ffmpegCpu: number[];
  /** The host's engine (0 without one), share of one core. */
  engineCpu: number;
  serverCpu: number;
  /** Resident memory at the end of the window: per worker, and the engine's. */
  workerRss: number[];
  engineRss: number;
  restarts: number;
}

/** Per camera, a figure over the window: the mean of its samples, or the change of a counter. */
function perCamera(ids: string[], samples: CameraJson[][], before: CameraJson[]) {
  const byId = (list: CameraJson[], id: string) => list.find((c) => c.id === id);
  const last = samples[samples.length - 1];
  return {
    detectFps: ids.map((id) => mean(samples.map((s) => byId(s, id)?.stats.detectFps ?? 0))),
    inputFps: ids.map((id) => mean(samples.map((s) => byId(s, id)?.stats.inputFps ?? 0))),
    dropped: ids.map((id) => (byId(last, id)?.stats.droppedFrames ?? 0) - (byId(before, id)?.stats.droppedFrames ?? 0)),
    restarts: last.reduce((n, c) => n + c.restarts, 0),
  };
}

async function measure(mode: Mode, engine: Engine, n: number): Promise<Measurement> {
  const cameras = Array.from({ length: n }, (_, i) => benchCamera(mode, i));
  const system = await BenchSystem.start(cameras, {
    model: modelConfig,
    config: { detect: { engine } },
    compiled: values.compiled,
    // Many cameras on a loaded machine take a while before every one delivers frames.
    readyTimeoutMs: 60_000 + 10_000 * n,
  });
  try {
    await sleep(Number(values.warmup) * 1000);
    const procs = system.processes();
    const ids = cameras.map((c) => c.id);
    const workerPids = ids.map((id) => procs.workers.get(id)?.pid ?? -1);
    const ffmpegPids = ids.map((id) => procs.ffmpeg.get(id)?.map((p) => p.pid) ?? []);
    const enginePid = procs.engine?.pid ?? -1;
    const pids = [procs.server.pid, enginePid, ...workerPids, ...ffmpegPids.flat()];
    const before = await system.cameraStats();
    const cpu0 = cpuSnapshot(pids);
    const t0 = performance.now();
    const samples: CameraJson[][] = [];
    while (performance.now() - t0 < Number(values.seconds) * 1000) {
      await sleep(1000);
      samples.push(await system.cameraStats());
    }
    const cpu1 = cpuSnapshot(pids);
    const elapsed = (performance.now() - t0) / 1000;
    const share = (pid: number) => (cpu1.has(pid) && cpu0.has(pid) ? (cpu1.get(pid)! - cpu0.get(pid)!) / elapsed : NaN);
    return {
      mode,
      engine,
      cameras: n,
      load: loadAverage(),
      ...perCamera(ids, samples, before),
      workerCpu: workerPids.map(share),
      ffmpegCpu: ffmpegPids.map((list) => list.reduce((n, pid) => n + share(pid), 0)),
      engineCpu: enginePid > 0 ? share(enginePid) : 0,
      serverCpu: share(procs.server.pid),
      workerRss: workerPids.map((pid) => rssBytes(pid) ?? NaN),
      engineRss: enginePid > 0 ? (rssBytes(enginePid) ?? NaN) : 0,
    };
  } finally {
    await system.stop();
  }
}

/** CPU (workers and engine; ffmpeg and the server apart) in ms per detection. */
const cpuMsPerDetection = (m: Measurement) => ((sum(m.workerCpu) + m.engineCpu) * 1000) / sum(m.detectFps);
/** Resident memory of the workers and the engine, in MiB. */
const totalRssMib = (m: Measurement) => (sum(m.workerRss) + m.engineRss) / 2 ** 20;

const machine = machineInfo();
console.error(
  `cameras bench: ${counts.join(', ')} cameras at ${fps} fps, engines ${engines.join(' vs ')}, ${values.seconds} s windows after ${values.warmup} s warm-up, ${values.repeats} repeat(s)`,
);
const results: Measurement[] = [];
for (let r = 0; r < Number(values.repeats); r++) {
  for (const mode of modes) {
    for (const n of counts) {
      // Engines alternate per count, so both see the same moment's load from other work on the machine.
      for (const engine of mode === 'detect' ? engines : engines.slice(0, 1)) {
        const m = await measure(mode, engine, n);
        results.push(m);
        console.error(
          `  ${mode} ${engine} × ${n}: detect ${fmt(sum(m.detectFps))} fps total, ${fmt(cpuMsPerDetection(m))} CPU ms / detection, workers ${fmt(mean(m.workerCpu) * 100)} % + engine ${fmt(m.engineCpu * 100)} % + ffmpeg ${fmt(mean(m.ffmpegCpu) * 100)} % / camera, RSS ${fmt(totalRssMib(m) / n)} MiB / camera (worker ${fmt(mean(m.workerRss) / 2 ** 20)}, engine ${fmt(m.engineRss / 2 ** 20)}), load ${fmt(m.load, 2)}`,
        );
      }
    }
  }
}

// Medians over repeats of each figure, per (mode, engine, count).
const group = (mode: Mode, engine: Engine, n: number) =>
  results.filter((m) => m.mode === mode && m.engine === engine && m.cameras === n);
const medOf = (ms: Measurement[], f: (m: Measurement) => number) => median(ms.map(f));

/** `g`'s figures; `previous`: the group of the next lower count, for the memory each added camera costs. */
function detectRow(g: Measurement[], previous: Measurement[] | undefined): (string | number)[] {
  const n = g[0].cameras;
  const added = previous ? (medOf(g, totalRssMib) - medOf(previous, totalRssMib)) / (n - previous[0].cameras) : NaN;
  const total = medOf(g, (m) => sum(m.detectFps));
  const min = medOf(g, (m) => Math.min(...m.detectFps));
  const max = medOf(g, (m) => Math.max(...m.detectFps));
  const input = medOf(g, (m) => sum(m.inputFps));
  return [
    n,
    fmt(input),
    fmt(total),
    pct(total / (n * fps), 0),
    `${fmt(min)} / ${fmt(max)} (${pct(min / max, 0)})`,
    fmt(medOf(g, cpuMsPerDetection)),
    fmt(medOf(g, (m) => mean(m.workerCpu)) * 100),
    fmt(medOf(g, (m) => m.engineCpu) * 100),
    fmt(medOf(g, (m) => mean(m.ffmpegCpu)) * 100),
    fmt(medOf(g, totalRssMib) / n, 0),
    fmt(medOf(g, (m) => mean(m.workerRss)) / 2 ** 20, 0),
    fmt(medOf(g, (m) => m.engineRss) / 2 ** 20, 0),
    fmt(added, 0),
    fmt(
      medOf(g, (m) => m.load),
      2,
    ),
  ];
}
const detectHeader = [
  'cameras',
  'input fps (sum)',
  'detect fps (sum)',
  'of frames detected',
  'detect fps min / max per camera',
  'CPU ms / detection (workers + engine)',
  'worker CPU % / camera',
  'engine CPU %',
  'ffmpeg CPU % / camera',
  'RSS MiB / camera (workers + engine)',
  'worker RSS MiB',
  'engine RSS MiB',
  'RSS MiB per added camera',
  'load',
];
const detectTables = engines
  .map((engine) => {
    const rows = counts.map((n) => group('detect', engine, n)).filter((g) => g.length);
    const body = rows.map((g, i) => detectRow(g, rows[i - 1]));
    return rows.length ? `\n\`detect.engine: ${engine}\`:\n\n${table(detectHeader, body)}\n` : '';
  })
  .join('');

/** Host engine against per-worker detectors, per count: ratios from the same run. */
function comparison(): string {
  if (engines.length < 2 || !modes.includes('detect')) return '';
  const [a, b] = engines;
  const rows = counts
    .map((n) => [n, group('detect', a, n), group('detect', b, n)] as const)
    .filter(([, ga, gb]) => ga.length && gb.length)
    .map(([n, ga, gb]) => {
      const ratio = (f: (m: Measurement) => number) => fmt(medOf(ga, f) / medOf(gb, f), 2);
      return [n, ratio((m) => sum(m.detectFps)), ratio(cpuMsPerDetection), ratio(totalRssMib)];
    });
  const header = ['cameras', `detect fps ${a} / ${b}`, `CPU ms per detection ${a} / ${b}`, `RSS ${a} / ${b}`];
  return `\nSide by side (${a} ÷ ${b}, same run):\n\n${table(header, rows)}\n`;
}

/** Per camera, beyond ffmpeg: its worker, and its share of the server and the engine. */
const costBeyondFfmpeg = (m: Measurement) => mean(m.workerCpu) + (m.serverCpu + m.engineCpu) / m.cameras;

const IDLE_TITLES: Partial<Record<Mode, string>> = {
  stream: 'Stream-only (schedule that never matches now',
  still: 'Still scene, detecting, motion gating on (the default',
  'still-ungated': 'Still scene, detecting, motion gating off (`motion.enabled: false`',
};

/** A mode where cameras should cost little: its table, and the ≤ 3 % goal where it applies. */
function idleSection(mode: Mode): string {
  const groups = counts.map((n) => group(mode, engines[0], n)).filter((g) => g.length);
  if (!groups.length) return '';
  const costs = groups.map((g) => medOf(g, costBeyondFfmpeg));
  const rows = groups.map((g, i) => [
    g[0].cameras,
    fmt(medOf(g, (m) => sum(m.inputFps))),
    fmt(medOf(g, (m) => sum(m.detectFps))),
    fmt(medOf(g, (m) => mean(m.workerCpu)) * 100, 2),
    fmt(medOf(g, (m) => (m.serverCpu + m.engineCpu) / m.cameras) * 100, 2),
    `**${fmt(costs[i] * 100, 2)}**`,
    fmt(medOf(g, (m) => mean(m.ffmpegCpu)) * 100, 1),
    fmt(
      medOf(g, (m) => m.load),
      2,
    ),
  ]);
  const header = [
    'cameras',
    'input fps (sum)',
    'detect fps (sum)',
    'worker CPU % / camera',
    'server + engine CPU % / camera',
    'beyond ffmpeg, % / camera',
    'ffmpeg CPU % / camera',
    'load',
  ];
  const goal =
    mode === 'still-ungated'
      ? ''
      : `\nGoal: ≤ 3 % of a core per camera beyond ffmpeg — ${verdict(costs.every((c) => c <= STREAM_GOAL))} (${costs.map((c) => pct(c, 2)).join(', ')}).\n`;
  return `\n${IDLE_TITLES[mode]}, \`detect.engine: ${engines[0]}\`):\n\n${table(header, rows)}\n${goal}`;
}

/** What motion gating saves on the still scene: gated ÷ ungated cost per camera, same run. */
function gatingComparison(): string {
  const rows = counts
    .map((n) => [n, group('still', engines[0], n), group('still-ungated', engines[0], n)] as const)
    .filter(([, on, off]) => on.length && off.length)
    .map(([n, on, off]) => [
      n,
      fmt(medOf(on, costBeyondFfmpeg) / medOf(off, costBeyondFfmpeg), 2),
      fmt(medOf(on, (m) => sum(m.detectFps)) / medOf(off, (m) => sum(m.detectFps)), 2),
    ]);
  if (!rows.length) return '';
  const header = ['cameras', 'CPU beyond ffmpeg, gated ÷ ungated', 'detections, gated ÷ ungated'];
  return `\nMotion gating on the still scene (same run):\n\n${table(header, rows)}\n`;
}

const restarts = sum(results.map((m) => m.restarts));
console.log(`
### Cameras — \`npm run bench:cameras\`

Real system (server, one worker process and one ffmpeg per camera, and with \`detect.engine: host\` one inference engine
process), ${values.compiled ? 'compiled (dist/)' : 'from source (tsx)'}, model ${path.basename(modelFile)}, sample clip looped in real time at ${fps} fps per camera,
${onnxDescription}, ${machine.cores} cores (${machine.cpu}); ${values.warmup} s warm-up then a ${values.seconds} s window; medians of ${values.repeats} repeat(s).
CPU is % of one core from /proc/<pid>/stat (utime+stime) over the window; RSS is VmRSS at the window's end.
Worker restarts during the runs: ${restarts}.
${detectTables}${comparison()}${(['stream', 'still', 'still-ungated'] as const).map(idleSection).join('')}${gatingComparison()}`);
process.exit(0);
