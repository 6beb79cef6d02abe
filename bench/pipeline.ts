// One camera's pipeline on the sample video: time per stage, and end-to-end throughput of
// source → CameraPipeline.process (preview encoded every frame, as while someone watches)
// against inference alone on the same frames. Goal: pipeline ≥ 90 % of inference-only fps.
// The detector runs on its own thread (createThreadedDetector), as in the camera worker.
//   npm run bench:pipeline -- [--frames 300] [--runs 3] [--seconds 20] [--threads n] [--spin-wait] [--video file] [--model file]
//   (--frames: frames of B and C; --runs: repetitions; --seconds: the clip C loops and D plays once)
//
// The machine is shared, so the inference-only baseline is taken *between* blocks of pipeline
// frames: the pipeline processes BLOCK frames (its last preview delivered: flush() is timed), then
// detector.detect() runs once more on each of those frames, alone, and only its onnxruntime time
// counts. Both figures thus see the same load, block by block; the baseline's time is not counted
// as pipeline time. Blocks rather than single frames because the pipeline encodes a frame's
// preview while it detects the next one: a baseline between two frames would overlap that encode.
// Phases, repeated --runs times:
//   B  in memory: the frames decoded to memory first, each copied into a frame buffer lent to the
//      real CameraPipeline (as a source fills one; the pipeline draws the preview on it). Stage
//      times from the detector's timings, ViolationMonitor.update (timed by wrapping its prototype
//      method) and the preview and capture encodes timed again alone on the same frames.
//   C  source → process with the product's FrameSource on a non-realtime file at uncapped fps,
//      looped, --frames frames taken: ffmpeg decodes as fast as it can and the latest-frame slot
//      drops what the pipeline does not take — a source far faster than the pipeline, whose
//      surplus decoding competes with inference for the cores.
//   D  source → process with back-pressure: the same ffmpeg command and RawFrameReader, but
//      ffmpeg's pipe is paused while AHEAD frames wait, so ffmpeg decodes only the frames the
//      pipeline takes (a little ahead) — what a camera delivering at the pipeline's pace costs.
import { BUILT_IN_CATALOGUE } from '../src/domain/ppe-items';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { CaptureEvent } from '../src/domain/events';
import { renderAnnotatedFrame, renderCrop, type Annotation } from '../src/capture/render';
import { cameraConfigSchema, configSchema } from '../src/config/schema';
import { createThreadedDetector } from '../src/detect/detector-thread';
import type { Frame, LentFrame } from '../src/domain/detection';
import { classifySource, ffmpegArgs } from '../src/ingest/ffmpeg-args';
import { FramePool } from '../src/ingest/frame-pool';
import { createFrameSource } from '../src/ingest/frame-source';
import { RawFrameReader } from '../src/ingest/raw-frame-reader';
import type { ConfirmedViolation, PersonView } from '../src/ppe/monitor';
import { CameraPipeline, personAnnotation } from '../src/worker/pipeline';
import { cutClip, decodeFrames, probeSize } from './lib/media';
import { cpuTimes, latestUpdate, probes, sink, timedDetector } from './lib/pipeline-probes';
import { loadAverage, machineInfo } from './lib/proc';
import { fmt, pct } from './lib/stats';
import { MODEL, SAMPLE_VIDEO } from './lib/system';
import { onnxOptions, onnxSettings } from './lib/onnx-options';
import {
  pipelineReport,
  ratio,
  type DetectSample,
  type MemoryPhase,
  type Run,
  type SourcePhase,
} from './lib/pipeline-report';

const { values } = parseArgs({
  options: {
    help: { type: 'boolean', short: 'h', default: false },
    frames: { type: 'string', default: '300' },
    runs: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '20' },
    ...onnxOptions,
    video: { type: 'string', default: SAMPLE_VIDEO },
    model: { type: 'string', default: MODEL },
  },
});
if (values.help) {
  console.log(`npm run bench:pipeline -- [--frames 300] [--runs 3] [--seconds 20] [--threads n] [--spin-wait] [--video file] [--model file]
  --frames   frames taken in phases B (in memory) and C (FrameSource)
  --runs     repetitions of B, C and D; the report gives their median
  --seconds  length of the clip C loops and D plays once
  --threads, --spin-wait  onnxruntime session options, as in the product's model config`);
  process.exit(0);
}
const N = Number(values.frames);
const RUNS = Number(values.runs);
const WARM_UP = 20;
/** Pipeline frames between two baseline runs. */
const BLOCK = 10;
const GOAL = 0.9;
const log = (s: string) => console.error(s);

// ---- set-up --------------------------------------------------------------------------------
const machine = machineInfo();
log(`decoding ${N} frames of ${path.basename(values.video)} to memory…`);
const frames = await decodeFrames(values.video, N);
const clip = cutClip(values.video, Number(values.seconds));
const size = probeSize(clip);
const onnx = onnxSettings(values);
const detector = await createThreadedDetector({ path: values.model, ...onnx.model });
const camera = cameraConfigSchema.parse({ id: 'bench', name: 'Bench', url: clip, fps: 30 });
const previewOptions = configSchema.parse({ model: { path: values.model } }).preview;
for (let i = 0; i < WARM_UP; i++) await detector.detect(frames[i % frames.length]);

function newPipeline(inPipeline: DetectSample[], captures: CaptureEvent[] = []): CameraPipeline {
  const p = new CameraPipeline(
    camera,
    timedDetector(detector, inPipeline),
    BUILT_IN_CATALOGUE,
    previewOptions,
    sink({ capture: (e: CaptureEvent) => captures.push(e) }),
  );
  p.watched = true; // encode every frame, as while someone watches
  p.detecting = true;
  return p;
}

/**
 * Ends a block of pipeline frames: waits for its last preview (pipeline time, returned in ms), then
 * runs inference alone on each of the block's frames: the baseline.
 */
async function endBlock(pipeline: CameraPipeline, block: Frame[], into: DetectSample[]): Promise<number> {
  const flushed = performance.now();
  await pipeline.flush();
  const flushMs = performance.now() - flushed;
  for (const frame of block) {
    const t = performance.now();
    const { timings } = await detector.detect(frame);
    into.push({ ...timings, wallMs: performance.now() - t });
  }
  block.length = 0;
  return flushMs;
}

/** A frame in memory copied into a buffer lent from `pool`, as a source fills one. */
function lendCopy(pool: FramePool, f: Frame): LentFrame {
  const data = pool.acquire();
  f.data.copy(data);
  return pool.lend(data, f.width, f.height, f.seq, f.time);
}

async function phaseB(): Promise<MemoryPhase> {
  const inPipeline: DetectSample[] = [];
  const alone: DetectSample[] = [];
  const captures: CaptureEvent[] = [];
  const pipeline = newPipeline(inPipeline, captures);
  probes.monitorMs.length = 0;
  const processMs: number[] = [];
  const people: PersonView[][] = [];
  const confirmed: ConfirmedViolation<Frame>[] = [];
  const block: Frame[] = [];
  const pool = new FramePool(frames[0].data.length);
  let pipelineMs = 0;
  for (const [i, f] of frames.entries()) {
    probes.lastUpdate = undefined;
    const t = performance.now();
    await pipeline.process(lendCopy(pool, f));
    const ms = performance.now() - t;
    processMs.push(ms);
    pipelineMs += ms;
    const update = latestUpdate(); // set by the wrapped ViolationMonitor.update during process()
    people.push(update?.people ?? []);
    confirmed.push(...(update?.confirmed ?? []));
    block.push(f);
    if (block.length === BLOCK || i === frames.length - 1) pipelineMs += await endBlock(pipeline, block, alone);
  }
  const phaseMonitor = [...probes.monitorMs];
  // The encodes again, timed alone: the preview of every frame with its boxes…
  const previewMs: number[] = [];
  for (let i = 0; i < frames.length; i++) {
    const t = performance.now();
    await renderAnnotatedFrame(
      { ...frames[i], data: Buffer.from(frames[i].data) },
      people[i].map((p) => personAnnotation(p, BUILT_IN_CATALOGUE)),
      {
        ...previewOptions,
        live: true,
      },
    );
    previewMs.push(performance.now() - t);
  }
  // The JPEG encode alone, as sharp does it by default and with optimiseCoding off (a suggestion).
  const jpegMs: number[] = [];
  const jpegFastMs: number[] = [];
  const jpegBytes: number[] = [];
  const jpegFastBytes: number[] = [];
  const raw = { raw: { width: frames[0].width, height: frames[0].height, channels: 3 as const } };
  for (const f of frames) {
    let t = performance.now();
    jpegBytes.push((await sharp(f.data, raw).jpeg({ quality: previewOptions.quality }).toBuffer()).length);
    jpegMs.push(performance.now() - t);
    t = performance.now();
    jpegFastBytes.push(
      (await sharp(f.data, raw).jpeg({ quality: previewOptions.quality, optimiseCoding: false }).toBuffer()).length,
    );
    jpegFastMs.push(performance.now() - t);
  }
  // …and the two images of each confirmed violation, made together as the pipeline does.
  const captureMs: number[] = [];
  for (const v of confirmed) {
    const annotation: Annotation = { box: v.box, tone: 'violation', label: `#${v.trackId} NO HELMET` };
    const t = performance.now();
    await Promise.all([renderCrop(v.frame, annotation), renderAnnotatedFrame(v.frame, [annotation], { quality: 90 })]);
    captureMs.push(performance.now() - t);
  }
  return {
    frames: frames.length,
    pipelineMs,
    alone,
    inPipeline,
    processMs,
    monitorMs: phaseMonitor,
    previewMs,
    jpegMs,
    jpegFastMs,
    jpegBytes,
    jpegFastBytes,
    captureMs,
    captures: captures.length,
    people,
  };
}

/** Drives next() → process until the source ends or `limit` frames were taken; baseline after every block. */
async function drive(
  next: () => Promise<LentFrame | undefined>,
  counts: () => { delivered: number; dropped: number },
  limit = Infinity,
): Promise<SourcePhase> {
  const inPipeline: DetectSample[] = [];
  const alone: DetectSample[] = [];
  const pipeline = newPipeline(inPipeline);
  Object.assign(probes.handoff, { pushMs: 0, putMs: 0 });
  const cpu0 = cpuTimes();
  const started = performance.now();
  const waitMs: number[] = [];
  let pipelineMs = 0;
  let timed = 0;
  const block: Frame[] = [];
  for (let i = 0; i < limit; i++) {
    const t = performance.now();
    const frame = await next();
    if (!frame) break;
    const waited = performance.now() - t;
    // The baseline's own copy, made before the pipeline takes the frame over; not timed.
    const copied = performance.now();
    block.push({ ...frame, data: Buffer.from(frame.data) });
    const copyMs = performance.now() - copied;
    await pipeline.process(frame);
    // The first frame waits for ffprobe and ffmpeg to start: not timed.
    if (i > 0) {
      waitMs.push(waited);
      pipelineMs += performance.now() - t - copyMs;
      timed++;
    }
    if (block.length === BLOCK) pipelineMs += await endBlock(pipeline, block, alone);
  }
  pipelineMs += await endBlock(pipeline, block, alone);
  const wallS = (performance.now() - started) / 1000;
  const cpu1 = cpuTimes();
  const { delivered, dropped } = counts();
  const ffmpegS = cpu1.children - cpu0.children;
  return {
    frames: timed,
    pipelineMs,
    alone,
    inPipeline,
    delivered,
    dropped,
    waitMs,
    pushMsPerFrame: probes.handoff.pushMs / delivered,
    putMsPerFrame: probes.handoff.putMs / delivered,
    ffmpegMsPerFrame: (ffmpegS * 1000) / delivered,
    ffmpegCoreShare: ffmpegS / wallS,
  };
}

async function phaseC(): Promise<SourcePhase> {
  const source = createFrameSource({ url: clip, fps: 1000, loop: true, realtime: false });
  source.start();
  const result = await drive(
    () => source.nextFrame(),
    () => ({ delivered: source.stats().framesDecoded, dropped: source.stats().framesDropped }),
    N,
  );
  await source.stop();
  return result;
}

/** Frames ffmpeg may decode ahead of the pipeline in phase D, like a camera's small receive buffer. */
const AHEAD = 2;

async function phaseD(): Promise<SourcePhase> {
  const args = ffmpegArgs(classifySource(clip), {
    rtspTransport: 'tcp',
    ioTimeoutMs: 5000,
    fps: 1000,
    size,
    loop: false,
    realtime: false,
  });
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  // Decoded frames waiting, oldest first, in buffers lent from the pool as the product's source does.
  const waiting: LentFrame[] = [];
  const pool = new FramePool(size.width * size.height * 3);
  let wake: (() => void) | undefined;
  let ended = false;
  let seq = 0;
  const reader = new RawFrameReader(pool, (data) => {
    waiting.push(pool.lend(data, size.width, size.height, seq++, Date.now()));
    if (waiting.length >= AHEAD) child.stdout.pause(); // back-pressure: ffmpeg waits for the pipeline
    wake?.();
  });
  child.stdout.on('data', (chunk: Buffer) => reader.push(chunk));
  const closed = new Promise<void>((r) =>
    child.on('close', () => {
      ended = true;
      wake?.();
      r();
    }),
  );
  const next = async (): Promise<LentFrame | undefined> => {
    while (!waiting.length && !ended) await new Promise<void>((r) => (wake = r));
    const frame = waiting.shift();
    child.stdout.resume();
    return frame;
  };
  const result = await drive(next, () => ({ delivered: seq, dropped: 0 }));
  await closed;
  return result;
}

// ---- runs ----------------------------------------------------------------------------------
const runs: Run[] = [];
for (let r = 0; r < RUNS; r++) {
  const load = loadAverage();
  const b = await phaseB();
  const c = await phaseC();
  const d = await phaseD();
  runs.push({ load, b, c, d });
  log(
    `run ${r + 1}/${RUNS} (load ${fmt(load, 2)}): pipeline / inference-only — in memory ${pct(ratio(b))}, ` +
      `FrameSource uncapped ${pct(ratio(c))}, with back-pressure ${pct(ratio(d))}`,
  );
}
await detector.close();
fs.rmSync(path.dirname(clip), { recursive: true, force: true });

console.log(
  pipelineReport(runs, {
    video: values.video,
    model: values.model,
    width: frames[0].width,
    height: frames[0].height,
    onnx: onnx.description,
    machine,
    frames: N,
    seconds: values.seconds,
    block: BLOCK,
    goal: GOAL,
  }),
);
process.exit(0);
