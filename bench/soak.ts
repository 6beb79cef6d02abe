// Soak: 4 cameras (the sample clip looped, played in real time) on the real system for a long
// run; every minute the RSS and open file descriptors of every process (server, workers, ffmpeg)
// and the number of ffmpeg processes. Says whether memory grows after warm-up (goal: < 5 %).
// One MJPEG viewer watches cam-1 throughout, so the per-frame preview path is exercised too.
//   npm run bench:soak -- [--minutes 30] [--cameras 4] [--fps 5] [--interval 60] [--warmup 5] [--viewers 1] [--json file]
//   npm run bench:soak -- --report file.json     (prints the tables again from a series saved with --json)
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { openMjpeg, type MjpegClient } from './lib/mjpeg';
import { cpuSeconds, fdCount, loadAverage, machineInfo, rssBytes } from './lib/proc';
import { fmt, median, mib, pct, sleep, table, verdict } from './lib/stats';
import { BenchSystem, type CameraJson } from './lib/system';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    cameras: { type: 'string', default: '4' },
    fps: { type: 'string', default: '5' },
    interval: { type: 'string', default: '60' },
    warmup: { type: 'string' },
    viewers: { type: 'string', default: '1' },
    json: { type: 'string' },
    report: { type: 'string' },
  },
});
const GROWTH_GOAL = 0.05;

interface ProcSample {
  pid: number;
  rss: number;
  fds: number;
}
interface Sample {
  /** Minutes since the cameras were streaming. */
  t: number;
  load: number;
  server: ProcSample & { cpu: number };
  workers: Record<string, ProcSample & { cpu: number }>;
  ffmpeg: Record<string, ProcSample[]>;
  ffmpegCount: number;
  /** Other processes below the server (ffprobe during a reconnect, …). */
  otherCount: number;
  restarts: number;
  dropped: number;
  detectFps: number;
  viewerParts: number;
}
interface Series {
  cameras: number;
  fps?: number;
  viewers?: number;
  warmupMin: number;
  samples: Sample[];
}

const ffRss = (s: Sample, id: string) => (s.ffmpeg[id] ?? []).reduce((n, f) => n + f.rss, 0);
const totalRss = (s: Sample) =>
  s.server.rss +
  Object.values(s.workers).reduce((n, w) => n + w.rss, 0) +
  Object.values(s.ffmpeg)
    .flat()
    .reduce((n, f) => n + f.rss, 0);

function header(ids: string[]): string {
  return table(
    [
      'min',
      'server MiB',
      ...ids.map((id) => `${id} worker MiB`),
      ...ids.map((id) => `${id} ffmpeg MiB`),
      'total MiB',
      'server fds',
      'worker fds',
      'ffmpeg fds',
      'ffmpeg procs',
      'other procs',
      'restarts',
      'detect fps (sum)',
      'load',
    ],
    [],
  );
}

function row(s: Sample, ids: string[]): string {
  const cells = [
    fmt(s.t, 1),
    mib(s.server.rss),
    ...ids.map((id) => mib(s.workers[id]?.rss ?? 0)),
    ...ids.map((id) => mib(ffRss(s, id))),
    mib(totalRss(s)),
    String(s.server.fds),
    ids.map((id) => s.workers[id]?.fds ?? '–').join('/'),
    ids.map((id) => (s.ffmpeg[id] ?? []).map((f) => f.fds).join('+') || '–').join('/'),
    String(s.ffmpegCount),
    String(s.otherCount),
    String(s.restarts),
    fmt(s.detectFps, 1),
    fmt(s.load, 2),
  ];
  return `| ${cells.join(' | ')} |`;
}

/** Least-squares slope of value over t, per hour. */
function slopePerHour(points: { t: number; v: number }[]): number {
  if (points.length < 2) return NaN;
  const mt = points.reduce((a, p) => a + p.t, 0) / points.length;
  const mv = points.reduce((a, p) => a + p.v, 0) / points.length;
  const num = points.reduce((a, p) => a + (p.t - mt) * (p.v - mv), 0);
  const den = points.reduce((a, p) => a + (p.t - mt) ** 2, 0);
  return (num / den) * 60;
}

function summary(series: Series): string {
  const { samples, warmupMin } = series;
  const ids = Array.from({ length: series.cameras }, (_, i) => `cam-${i + 1}`);
  const after = samples.filter((s) => s.t >= warmupMin - 1e-9);
  const half = after.filter(
    (s) => s.t >= (after[0]?.t ?? 0) + ((after[after.length - 1]?.t ?? 0) - (after[0]?.t ?? 0)) / 2,
  );
  const rows: (string | number)[][] = [];
  const ok: boolean[] = [];
  const add = (name: string, value: (s: Sample) => number | undefined, unit: 'MiB' | 'fds') => {
    const pts = after
      .map((s) => ({ t: s.t, v: value(s) }))
      .filter((p): p is { t: number; v: number } => (p.v ?? 0) > 0);
    if (pts.length < 2) return;
    // Medians of the first and last three samples after warm-up: one sample caught mid-GC does not decide.
    const k = Math.min(3, Math.floor(pts.length / 2));
    const start = median(pts.slice(0, k).map((p) => p.v));
    const end = median(pts.slice(-k).map((p) => p.v));
    const growth = end / start - 1;
    const lateSlope = slopePerHour(half.map((s) => ({ t: s.t, v: value(s) ?? 0 })).filter((p) => p.v > 0));
    const show = (v: number) => (unit === 'MiB' ? mib(v) : fmt(v, 0));
    const perHour = unit === 'MiB' ? `${fmt(lateSlope / 1024 / 1024, 1)} MiB/h` : `${fmt(lateSlope, 1)}/h`;
    rows.push([name, unit, show(start), show(end), pct(growth), perHour, growth < GROWTH_GOAL ? 'yes' : '**NO**']);
    if (unit === 'MiB') ok.push(growth < GROWTH_GOAL);
  };
  add('server', (s) => s.server.rss, 'MiB');
  ids.forEach((id) => add(`${id} worker`, (s) => s.workers[id]?.rss, 'MiB'));
  ids.forEach((id) => add(`${id} ffmpeg`, (s) => ffRss(s, id), 'MiB'));
  add('all processes', totalRss, 'MiB');
  add('server', (s) => s.server.fds, 'fds');
  ids.forEach((id) => add(`${id} worker`, (s) => s.workers[id]?.fds, 'fds'));
  ids.forEach((id) => add(`${id} ffmpeg`, (s) => (s.ffmpeg[id] ?? []).reduce((n, f) => n + f.fds, 0), 'fds'));
  const last = samples[samples.length - 1];
  const pidsChanged = ids.filter((id) => new Set(samples.map((s) => s.workers[id]?.pid).filter(Boolean)).size > 1);
  const ffmpegCounts = [...new Set(samples.map((s) => s.ffmpegCount))];
  // CPU over the run (after warm-up), % of a core.
  const first = after[0];
  const minutes = last && first ? last.t - first.t : 0;
  const cpu = (a?: number, b?: number) =>
    a !== undefined && b !== undefined && minutes > 0 ? ((b - a) / (minutes * 60)) * 100 : NaN;
  const cpuLine = first
    ? `CPU after warm-up (% of a core): server ${fmt(cpu(first.server.cpu, last.server.cpu))}, workers ${ids.map((id) => fmt(cpu(first.workers[id]?.cpu, last.workers[id]?.cpu))).join(' / ')}.`
    : '';

  return `
Growth after warm-up (${fmt(warmupMin, 1)} min): median of the first 3 samples after warm-up → median of the last 3; slope by least squares over the second half of the run.

${table(['process', 'unit', 'after warm-up', 'end', 'growth', 'slope, 2nd half', 'growth < 5 %'], rows)}

ffmpeg processes per sample: ${ffmpegCounts.join(', ')} (expected ${series.cameras}); other processes below the server: ${[...new Set(samples.map((s) => s.otherCount))].join(', ')}; worker restarts: ${last?.restarts ?? '?'}${pidsChanged.length ? ` (new worker pid for ${pidsChanged.join(', ')})` : ''}.
${cpuLine}
MJPEG parts received by the viewer(s) of cam-1: ${last?.viewerParts ?? 0}. Run: ${fmt(last?.t ?? 0, 1)} min, ${samples.length} samples.
Goal: memory growth after warm-up < 5 % for every process — ${verdict(ok.every(Boolean))}
`;
}

// ---- report only --------------------------------------------------------------------------
if (values.report) {
  const series = JSON.parse(fs.readFileSync(values.report, 'utf8')) as Series;
  const ids = Array.from({ length: series.cameras }, (_, i) => `cam-${i + 1}`);
  console.log(header(ids));
  for (const s of series.samples) console.log(row(s, ids));
  console.log(summary(series));
  process.exit(0);
}

// ---- run ------------------------------------------------------------------------------------
const minutes = Number(values.minutes);
const intervalMs = Number(values.interval) * 1000;
const warmupMin = values.warmup !== undefined ? Number(values.warmup) : Math.min(5, minutes / 6);
const cameraCount = Number(values.cameras);
const cameras = Array.from({ length: cameraCount }, (_, i) => ({ id: `cam-${i + 1}`, fps: Number(values.fps) }));
const ids = cameras.map((c) => c.id);
console.log(
  `Soak: ${cameraCount} cameras at ${values.fps} fps for ${minutes} min, ${values.viewers} viewer(s) of cam-1, a sample every ${intervalMs / 1000} s, warm-up ${warmupMin} min`,
);
console.log(JSON.stringify(machineInfo()));

const system = await BenchSystem.start(cameras);
const viewers: MjpegClient[] = [];
for (let i = 0; i < Number(values.viewers); i++)
  viewers.push(await openMjpeg(`${system.url}/api/cameras/cam-1/live.mjpeg`));
const started = Date.now();
const samples: Sample[] = [];
let stopping = false;
process.once('SIGINT', () => (stopping = true));
process.once('SIGTERM', () => (stopping = true));

async function sample(): Promise<Sample> {
  const procs = system.processes();
  const one = (pid: number) => ({ pid, rss: rssBytes(pid) ?? 0, fds: fdCount(pid) ?? 0 });
  const workers: Sample['workers'] = {};
  for (const [id, w] of procs.workers) workers[id] = { ...one(w.pid), cpu: cpuSeconds(w.pid) ?? 0 };
  const ffmpeg: Sample['ffmpeg'] = {};
  for (const [id, list] of procs.ffmpeg) ffmpeg[id] = list.map((p) => one(p.pid));
  const s: Sample = {
    t: (Date.now() - started) / 60_000,
    load: loadAverage(),
    server: { ...one(procs.server.pid), cpu: cpuSeconds(procs.server.pid) ?? 0 },
    workers,
    ffmpeg,
    ffmpegCount: [...procs.ffmpeg.values()].reduce((n, l) => n + l.length, 0),
    otherCount: procs.other.length,
    restarts: 0,
    dropped: 0,
    detectFps: 0,
    viewerParts: viewers.reduce((n, v) => n + v.parts, 0),
  };
  try {
    const list = await system.cameraStats();
    s.restarts = list.reduce((n: number, c: CameraJson) => n + c.restarts, 0);
    s.dropped = list.reduce((n: number, c: CameraJson) => n + c.stats.droppedFrames, 0);
    s.detectFps = list.reduce((n: number, c: CameraJson) => n + c.stats.detectFps, 0);
  } catch {
    // the API did not answer this time; the process figures still count
  }
  return s;
}

const series = (): Series => ({
  cameras: cameraCount,
  fps: Number(values.fps),
  viewers: viewers.length,
  warmupMin,
  samples,
});
console.log('\n' + header(ids));
try {
  while (!stopping) {
    const s = await sample();
    samples.push(s);
    console.log(row(s, ids));
    if (values.json) fs.writeFileSync(values.json, JSON.stringify(series()));
    if (Date.now() - started >= minutes * 60_000) break;
    const next = started + samples.length * intervalMs;
    while (!stopping && Date.now() < next) await sleep(Math.min(1000, next - Date.now()));
  }
} finally {
  viewers.forEach((v) => v.close());
  await system.stop();
}
console.log(summary(series()));
process.exit(0);
