// What the clip per capture costs a camera (issue 19): CPU and disk of its recording, which the
// frame source's own ffmpeg writes as a second output (a stream copy into segment files).
//
// 1. The real system, one camera, a 720p H.264 source, 5 fps detection: the same run measures
//    the camera without clips (the baseline) and with them, alternating, and reads the CPU of the
//    worker and its ffmpeg from /proc, and the bytes of the segments written.
// 2. The frame source's ffmpeg alone on the same source, without and with the segment output
//    (2 s and 4 s segments).
// 3. The CPU of one clip cut (it runs ffmpeg, whose start alone costs a fifth of a CPU second
//    here): what each capture adds; and of one cut of a camera with privacy masks, re-encoded
//    with them burned in.
// The source is the stand-in RTSP camera (scripts/rtsp-server.py, GStreamer, the file sent as is)
// or the file itself, paced and looped as the demo plays it. Goal: ≤ 1 % of a core per camera.
//   npm run bench:clips -- [--source rtsp|file] [--repeats 2] [--warmup 15] [--seconds 60] [--alone-seconds 30] [--cuts 10] [--parts system,alone,cuts,masked-cuts]
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ClipMaker } from '../src/clip/clip-maker';
import { SegmentBuffer } from '../src/clip/segment-buffer';
import { sharedDir } from '../src/config/paths';
import type { PrivacyMask } from '../src/privacy/config';
import { classifySource, ffmpegArgs } from '../src/ingest/ffmpeg-args';
import { createFrameSource } from '../src/ingest/frame-source';
import { BLACK_AND_BLUR_QUARTERS } from '../test/helpers/masks';
import { startRtspServer, type RtspServer } from '../test/helpers/rtsp';
import { cpuSnapshot, loadAverage, machineInfo, reapedChildrenCpuSeconds } from './lib/proc';
import { fmt, mean, median, sleep, table, verdict } from './lib/stats';
import { BenchSystem } from './lib/system';

/** The options, all strings as typed on the command line, and their defaults. */
const DEFAULTS = {
  source: 'rtsp',
  repeats: '2',
  warmup: '15',
  seconds: '60',
  'alone-seconds': '30',
  parts: 'system,alone,cuts,masked-cuts',
  cuts: '10',
};
const options = Object.fromEntries(Object.keys(DEFAULTS).map((name) => [name, { type: 'string' as const }]));
const values = { ...DEFAULTS, ...(parseArgs({ options }).values as Partial<typeof DEFAULTS>) };
const VIDEO = path.join(sharedDir(), 'media/stock-two-workers-one-without-vest-720p.mp4');
const GOAL = 0.01;
const HOUR_S = 3600;
const repeats = Number(values.repeats);
const parts = values.parts.split(',');

/** Share of one core used by `pids` between two snapshots `seconds` apart (gone processes count until then). */
function cpuShare(before: Map<number, number>, after: Map<number, number>, seconds: number): number {
  let used = 0;
  for (const [pid, t0] of before) used += (after.get(pid) ?? t0) - t0;
  return used / seconds;
}

/** The part of a snapshot that is about `pids`. */
const cpuSnapshotOf = (snapshot: Map<number, number>, pids: number[]) =>
  new Map([...snapshot].filter(([pid]) => pids.includes(pid)));

interface SystemRun {
  clips: boolean;
  worker: number;
  frameFfmpeg: number;
  /** The worker's short-lived children: each clip's cut (ffprobe, ffmpeg). */
  cuts: number;
  /** Captures the worker made per hour (kept and refused as duplicates). */
  capturesPerHour: number;
  /** Bytes per second of recorded segments. */
  written: number;
  /** Bytes per second of clip files the archive stored. */
  clipFiles: number;
  detectFps: number;
  load: number;
}

/**
 * The bytes of segment files recorded into `dir` while watched: each file's largest size seen
 * (looked at every second; a segment lives for the buffer's 30 s), those present at the first
 * look not counted.
 */
class SegmentSizes {
  private readonly sizes = new Map<string, number>();
  private readonly before = new Set<string>();
  private first = true;

  constructor(private readonly dir: string) {}

  look(): void {
    for (const name of fs.existsSync(this.dir) ? fs.readdirSync(this.dir) : []) {
      if (this.first) this.before.add(name);
      if (this.before.has(name)) continue;
      const size = fs.statSync(path.join(this.dir, name), { throwIfNoEntry: false })?.size ?? 0;
      this.sizes.set(name, Math.max(size, this.sizes.get(name) ?? 0));
    }
    this.first = false;
  }

  bytes(): number {
    return [...this.sizes.values()].reduce((a, b) => a + b, 0);
  }
}

function clipFileBytes(dataDir: string): number {
  let total = 0;
  const walk = (dir: string) => {
    for (const e of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('_clip.mp4')) total += fs.statSync(full).size;
    }
  };
  walk(path.join(dataDir, 'captures'));
  return total;
}

/** Captures the cameras made so far: saved ones by kind, and those the dedup refused (/metrics). */
async function capturesMade(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const counts = text.split('\n').filter((l) => /^cctv_(captures_total|capture_duplicates_total)\{/.test(l));
  return counts.reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
}

async function measureSystem(url: string, clips: boolean): Promise<SystemRun> {
  const camera = { id: 'cam-1', fps: 5, url };
  const system = await BenchSystem.start([camera], { config: { clip: { enabled: clips } } });
  try {
    await sleep(Number(values.warmup) * 1000);
    const procs = system.processes();
    const worker = [procs.workers.get('cam-1')?.pid ?? -1];
    const frame = (procs.ffmpeg.get('cam-1') ?? []).map((p) => p.pid);
    const dataDir = path.join(system.dir, 'data');
    const segments = new SegmentSizes(path.join(dataDir, 'clip-buffer', 'cam-1'));
    const start = {
      cpu: cpuSnapshot([...worker, ...frame]),
      cuts: reapedChildrenCpuSeconds(worker[0]) ?? 0,
      captures: await capturesMade(system.url),
      clipFiles: clipFileBytes(dataDir),
      t: performance.now(),
    };
    const fps: number[] = [];
    while (performance.now() - start.t < Number(values.seconds) * 1000) {
      await sleep(1000);
      segments.look();
      fps.push((await system.cameraStats())[0]?.stats.detectFps ?? 0);
    }
    const cpu = cpuSnapshot([...worker, ...frame]);
    const seconds = (performance.now() - start.t) / 1000;
    const share = (pids: number[]) => cpuShare(cpuSnapshotOf(start.cpu, pids), cpu, seconds);
    return {
      clips,
      worker: share(worker),
      frameFfmpeg: share(frame),
      cuts: ((reapedChildrenCpuSeconds(worker[0]) ?? start.cuts) - start.cuts) / seconds,
      capturesPerHour: (((await capturesMade(system.url)) - start.captures) / seconds) * HOUR_S,
      written: segments.bytes() / seconds,
      clipFiles: (clipFileBytes(dataDir) - start.clipFiles) / seconds,
      detectFps: mean(fps),
      load: loadAverage(),
    };
  } finally {
    await system.stop();
  }
}

/** A way of running the frame source's ffmpeg on its own. */
interface AloneVariant {
  name: string;
  command(url: string, dir: string): [string, string[]];
}

/** The frame source's ffmpeg as a worker runs it (5 fps, 640×360 RGB frames), recording segments of `segmentSeconds`. */
function frameSource(url: string, dir: string, segmentSeconds?: number): [string, string[]] {
  const args = ffmpegArgs(classifySource(url), {
    fps: 5,
    size: { width: 640, height: 360 },
    loop: true,
    realtime: true,
    rtspTransport: 'tcp',
    ioTimeoutMs: 10_000,
    ...(segmentSeconds ? { recording: { dir, segmentSeconds, run: 0 } } : {}),
  });
  return ['ffmpeg', args];
}

const ALONE: AloneVariant[] = [
  { name: 'frame source ffmpeg, no recording', command: (url, dir) => frameSource(url, dir) },
  { name: 'frame source ffmpeg recording 2 s segments (as shipped)', command: (url, dir) => frameSource(url, dir, 2) },
  { name: 'frame source ffmpeg recording 4 s segments', command: (url, dir) => frameSource(url, dir, 4) },
];

async function measureAlone(variant: AloneVariant, url: string): Promise<{ cpu: number; written: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-bench-rec-'));
  const [program, args] = variant.command(url, dir);
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'ignore', 'pipe'] });
  // Frames and segment lists are read, as the worker reads them.
  child.stdout!.resume();
  (child.stdio[3] as Readable).resume();
  try {
    await sleep(3000);
    const pids = [child.pid!];
    const cpu0 = cpuSnapshot(pids);
    const segments = new SegmentSizes(dir);
    segments.look();
    const t0 = performance.now();
    while (performance.now() - t0 < Number(values['alone-seconds']) * 1000) {
      await sleep(1000);
      segments.look();
    }
    const seconds = (performance.now() - t0) / 1000;
    return { cpu: cpuShare(cpu0, cpuSnapshot(pids), seconds), written: segments.bytes() / seconds };
  } finally {
    const gone = new Promise((r) => child.once('close', r));
    child.kill('SIGTERM');
    await gone;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * CPU of one clip cut (the processes it runs, reaped by this one), as a worker cuts the clip of a
 * capture 6 s ago from a buffer recording the source: `count` cuts, seconds each.
 */
async function measureCuts(url: string, count: number, masks: PrivacyMask[] = []): Promise<number[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-bench-cuts-'));
  const buffer = new SegmentBuffer({ dir, segmentSeconds: 2, bufferSeconds: 30 });
  await buffer.start();
  const source = createFrameSource({ url, fps: 5, recording: buffer });
  source.start();
  try {
    const started = Date.now();
    while (buffer.coveredUntil - started < 12_000) await sleep(500);
    const maker = new ClipMaker(buffer, { beforeSeconds: 5, afterSeconds: 5, segmentSeconds: 2 }, dir, masks);
    const seconds: number[] = [];
    for (let i = 0; i < count; i++) {
      const before = reapedChildrenCpuSeconds(process.pid) ?? 0;
      const clip = await maker.clipAt(Date.now() - 6000);
      if ('error' in clip) throw new Error(clip.error);
      seconds.push((reapedChildrenCpuSeconds(process.pid) ?? 0) - before);
    }
    return seconds;
  } finally {
    await source.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const pctOf = (share: number) => fmt(share * 100, 2);
const mbPerHour = (bytesPerSecond: number) => fmt((bytesPerSecond * HOUR_S) / 1e6, 0);

function systemReport(runs: SystemRun[]): string {
  const of = (clips: boolean, f: (r: SystemRun) => number) => median(runs.filter((r) => r.clips === clips).map(f));
  const tree = (r: SystemRun) => r.worker + r.frameFfmpeg + r.cuts;
  const rows = [false, true].map((clips) => [
    clips ? 'clips on' : 'clips off (baseline)',
    fmt(of(clips, (r) => r.detectFps)),
    pctOf(of(clips, (r) => r.worker)),
    pctOf(of(clips, (r) => r.frameFfmpeg)),
    pctOf(of(clips, (r) => r.cuts)),
    fmt(
      of(clips, (r) => r.capturesPerHour),
      0,
    ),
    pctOf(of(clips, tree)),
    mbPerHour(of(clips, (r) => r.written)),
    mbPerHour(of(clips, (r) => r.clipFiles)),
    fmt(
      of(clips, (r) => r.load),
      2,
    ),
  ]);
  const added = of(true, tree) - of(false, tree);
  const recording = of(true, (r) => r.worker + r.frameFfmpeg) - of(false, (r) => r.worker + r.frameFfmpeg);
  const cuts = of(true, (r) => r.cuts);
  return `${table(
    [
      '',
      'detect fps',
      'worker %',
      'ffmpeg % (frames + recording)',
      'cuts %',
      'captures / h',
      'camera total %',
      'segments written, MB/h',
      'clip files kept, MB/h',
      'load',
    ],
    rows,
  )}

Added by clips: **${pctOf(recording)} %** of a core by the recording (worker + ffmpeg, clips on − off) and **${pctOf(cuts)} %** in the cuts
(${fmt(
    of(true, (r) => r.capturesPerHour),
    0,
  )} captures an hour on this looped footage); the camera's whole tree (worker + frame
ffmpeg + cuts) **${pctOf(added)} %** more than the baseline (${pctOf(of(true, tree))} vs ${pctOf(of(false, tree))} %,
i.e. ×${fmt(of(true, tree) / of(false, tree), 3)}). Goal ≤ 1 % of a core per camera: ${verdict(recording + cuts <= GOAL && added <= GOAL)}.
Disk: the recording writes **${mbPerHour(of(true, (r) => r.written))} MB per camera-hour** (the stream's own bitrate; only the last
\`bufferSeconds\` stay on disk); the clips kept beside the captures add ${mbPerHour(of(true, (r) => r.clipFiles))} MB/h on this footage.`;
}

function aloneReport(results: Map<string, { cpu: number; written: number }[]>): string {
  const cpuOf = (variant: AloneVariant) => median(results.get(variant.name)!.map((r) => r.cpu));
  const frameOnly = cpuOf(ALONE[0]);
  const rows = [...results].map(([name, rs]) => {
    const cpu = median(rs.map((r) => r.cpu));
    return [
      name,
      pctOf(cpu),
      rs.map((r) => pctOf(r.cpu)).join(' / '),
      pctOf(cpu - frameOnly),
      mbPerHour(median(rs.map((r) => r.written))),
    ];
  });
  return `${table(['', 'CPU % (median)', 'runs', 'added by the recording, %', 'segments written, MB/h'], rows)}

The recording (2 s segments, as shipped) adds **${pctOf(cpuOf(ALONE[1]) - frameOnly)} %** of a core to the frame source's ffmpeg.`;
}

function cutsReport(seconds: number[], what: string): string {
  const each = median(seconds);
  const at = (perHour: number) => `${perHour} captures/h: ${pctOf((each * perHour) / HOUR_S)} %`;
  return `One clip cut${what} (${seconds.length} cuts of before 5 s + after 5 s, the processes it runs): **${fmt(each, 3)} CPU s** each
(${seconds.map((x) => fmt(x, 2)).join(' / ')}); a camera's share of a core at ${[10, 60, 360].map(at).join(', ')}.`;
}

async function main(): Promise<void> {
  const machine = machineInfo();
  let camera: RtspServer | undefined;
  if (values.source === 'rtsp') camera = await startRtspServer({ file: VIDEO });
  const url = camera?.url ?? VIDEO;
  console.error(`clips bench: ${values.source} source, ${repeats} repeat(s), load ${fmt(loadAverage(), 2)}`);
  try {
    const systemRuns: SystemRun[] = [];
    const alone = new Map<string, { cpu: number; written: number }[]>();
    for (let r = 0; r < repeats; r++) {
      if (parts.includes('system'))
        for (const clips of r % 2 ? [true, false] : [false, true]) {
          const run = await measureSystem(url, clips);
          systemRuns.push(run);
          console.error(
            `  system, clips ${clips ? 'on' : 'off'}: worker ${pctOf(run.worker)} %, frame ffmpeg ${pctOf(run.frameFfmpeg)} %, load ${fmt(run.load, 2)}`,
          );
        }
      if (parts.includes('alone'))
        for (const variant of ALONE) {
          const m = await measureAlone(variant, url);
          alone.set(variant.name, [...(alone.get(variant.name) ?? []), m]);
          console.error(`  alone, ${variant.name}: ${pctOf(m.cpu)} %, load ${fmt(loadAverage(), 2)}`);
        }
    }
    const cuts = parts.includes('cuts') ? await measureCuts(url, Number(values.cuts)) : [];
    const maskedCuts = parts.includes('masked-cuts')
      ? await measureCuts(url, Number(values.cuts), BLACK_AND_BLUR_QUARTERS)
      : [];
    console.log(`
### Clips — \`npm run bench:clips -- --source ${values.source}\`

One camera, \`${path.basename(VIDEO)}\` (1280×720 H.264, 25 fps, 2.6 Mbit/s) ${
      values.source === 'rtsp' ? 'from the stand-in RTSP camera (TCP)' : 'as a file, paced and looped'
    }, 5 fps detection, ${machine.cores} cores (${machine.cpu}); ${values.warmup} s warm-up, ${values.seconds} s windows (${values['alone-seconds']} s alone), medians of ${repeats} repeat(s), clips on and off alternating.
CPU is % of one core from /proc/<pid>/stat (utime+stime); segment bytes from the sizes of the segment files.
${systemRuns.length ? `\n${systemReport(systemRuns)}\n` : ''}${alone.size ? `\nThe frame source's ffmpeg alone, without and with the recording:\n\n${aloneReport(alone)}\n` : ''}${cuts.length ? `\n${cutsReport(cuts, '')}\n` : ''}${
      maskedCuts.length
        ? `\n${cutsReport(maskedCuts, ' of a camera with privacy masks (re-encoded, one black and one blur mask of a quarter of the picture each)')}\n`
        : ''
    }`);
  } finally {
    await camera?.stop();
  }
}

await main();
process.exit(0);
