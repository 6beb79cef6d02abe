// The report of bench/pipeline.ts: the phases' figures as Markdown tables (see that file's header).
import path from 'node:path';
import type { StageTimings } from '../../src/detect/detector';
import type { PersonView } from '../../src/ppe/monitor';
import { fmt, mean, median, pct, percentile, sum, table, verdict } from './stats';

export type DetectSample = StageTimings & { wallMs: number };

export interface Phase {
  /** Frames the pipeline processed (timed ones). */
  frames: number;
  /** Σ pipeline time (nextFrame wait + process) over the timed frames, ms. */
  pipelineMs: number;
  alone: DetectSample[];
  inPipeline: DetectSample[];
}
export const pipelineFps = (p: Phase) => (p.frames * 1000) / p.pipelineMs;
export const inferenceFps = (p: Phase) => (p.alone.length * 1000) / sum(p.alone.map((s) => s.inferenceMs));
export const ratio = (p: Phase) => pipelineFps(p) / inferenceFps(p);

export interface MemoryPhase extends Phase {
  processMs: number[];
  monitorMs: number[];
  previewMs: number[];
  /** The JPEG encode alone (no boxes), sharp's default (Huffman tables optimised) and without. */
  jpegMs: number[];
  jpegFastMs: number[];
  jpegBytes: number[];
  jpegFastBytes: number[];
  captureMs: number[];
  captures: number;
  people: PersonView[][];
}

export interface SourcePhase extends Phase {
  delivered: number;
  dropped: number;
  waitMs: number[];
  pushMsPerFrame: number;
  putMsPerFrame: number;
  /** ffmpeg CPU ms per frame it delivered, and its share of a core over the phase. */
  ffmpegMsPerFrame: number;
  ffmpegCoreShare: number;
}

export interface Run {
  load: number;
  b: MemoryPhase;
  c: SourcePhase;
  d: SourcePhase;
}

/** What the report says about the set-up. */
export interface PipelineSetup {
  video: string;
  model: string;
  width: number;
  height: number;
  onnx: string;
  machine: Record<string, string>;
  frames: number;
  seconds: string;
  block: number;
  goal: number;
}

/** Time per stage and frame, ms (all runs pooled). */
function handoffRows(runs: Run[]): (string | number)[][] {
  const med = (f: (r: Run) => number) => median(runs.map(f));
  const all = <T>(f: (r: Run) => T[]) => runs.flatMap(f);
  const dist = (v: number[], d = 2) => [fmt(median(v), d), fmt(mean(v), d), fmt(percentile(v, 95), d)];

  return [
    [
      'hand-off: ffmpeg pipe → frame (RawFrameReader.push incl. delivery to the slot), per frame delivered (C)',
      fmt(
        med((r) => r.c.pushMsPerFrame),
        3,
      ),
      '–',
      '–',
    ],
    [
      'hand-off: of which LatestFrameSlot.put (hand-over, no copy), per frame delivered (C)',
      fmt(
        med((r) => r.c.putMsPerFrame),
        3,
      ),
      '–',
      '–',
    ],
    [
      'hand-off: wait in nextFrame() for ffmpeg (D)',
      ...dist(
        all((r) => r.d.waitMs),
        3,
      ),
    ],
    [
      'hand-off: wait in nextFrame() for ffmpeg (C, product FrameSource)',
      ...dist(
        all((r) => r.c.waitMs),
        3,
      ),
    ],
  ];
}

/** Time per stage and frame, ms (all runs pooled). */
function stageRows(runs: Run[], N: number): (string | number)[][] {
  const med = (f: (r: Run) => number) => median(runs.map(f));
  const all = <T>(f: (r: Run) => T[]) => runs.flatMap(f);
  const dist = (v: number[], d = 2) => [fmt(median(v), d), fmt(mean(v), d), fmt(percentile(v, 95), d)];
  const inB = all((r) => r.b.inPipeline);
  return [
    ...handoffRows(runs),
    [
      'letterbox',
      ...dist(
        inB.map((s) => s.letterboxMs),
        3,
      ),
    ],
    ['inference (onnxruntime), in the pipeline', ...dist(inB.map((s) => s.inferenceMs))],
    [
      'inference (onnxruntime), alone between frames (baseline)',
      ...dist(all((r) => r.b.alone).map((s) => s.inferenceMs)),
    ],
    [
      'decode + NMS',
      ...dist(
        inB.map((s) => s.decodeMs),
        3,
      ),
    ],
    [
      'tracking + rules (monitor.update)',
      ...dist(
        all((r) => r.b.monitorMs),
        3,
      ),
    ],
    [
      'preview encode alone (renderAnnotatedFrame live, 640×360, q75, boxes; overlaps the next detection in the pipeline)',
      ...dist(all((r) => r.b.previewMs)),
    ],
    [
      `of which JPEG encode (sharp default, ${fmt(mean(all((r) => r.b.jpegBytes)) / 1024, 1)} KiB)`,
      ...dist(all((r) => r.b.jpegMs)),
    ],
    [
      `JPEG encode with optimiseCoding: false (live previews; ${fmt(mean(all((r) => r.b.jpegFastBytes)) / 1024, 1)} KiB)`,
      ...dist(all((r) => r.b.jpegFastMs)),
    ],
    [
      `capture rendering (crop + full frame q90), per capture — ${fmt(
        med((r) => r.b.captures),
        0,
      )} captures per ${N} frames`,
      ...dist(all((r) => r.b.captureMs)),
    ],
    [
      'hand-off to the detector thread and back: detect() wall minus the three stages, baseline calls',
      ...dist(
        all((r) => r.b.alone).map((s) => s.wallMs - s.letterboxMs - s.inferenceMs - s.decodeMs),
        3,
      ),
    ],
    [
      'CameraPipeline.process() (B): returns when the frame before is handled, this one still in detection',
      ...dist(all((r) => r.b.processMs)),
    ],
  ];
}

export function pipelineReport(runs: Run[], setup: PipelineSetup): string {
  const { frames: N, block: BLOCK, goal: GOAL, machine } = setup;
  const RUNS = runs.length;
  const med = (f: (r: Run) => number) => median(runs.map(f));
  const runRows = runs.map((r, i) => [
    String(i + 1),
    fmt(r.load, 2),
    `${fmt(inferenceFps(r.b))} / ${fmt(pipelineFps(r.b))} = **${pct(ratio(r.b))}**`,
    `${fmt(inferenceFps(r.c))} / ${fmt(pipelineFps(r.c))} = **${pct(ratio(r.c))}** (${r.c.frames + 1} of ${r.c.delivered} frames taken)`,
    `${fmt(inferenceFps(r.d))} / ${fmt(pipelineFps(r.d))} = **${pct(ratio(r.d))}**`,
  ]);

  const rB = med((r) => ratio(r.b));
  const rC = med((r) => ratio(r.c));
  const rD = med((r) => ratio(r.d));
  return `
### Pipeline, one camera — \`npm run bench:pipeline\`

${path.basename(setup.video)} (${setup.width}×${setup.height}), model ${path.basename(setup.model)}, ${setup.onnx}, ${machine.cores} cores (${machine.cpu}); ${RUNS} runs, load average at the start of each: ${runs.map((r) => fmt(r.load, 2)).join(', ')}.
B: ${N} frames decoded to memory; C: the first ${setup.seconds} s of the clip looped, ${N} frames taken; D: those ${setup.seconds} s once (${fmt(
    med((r) => r.d.delivered),
    0,
  )} frames). Preview encoded for every frame (watched).

Time per stage and frame, ms (all runs pooled):

${table(['stage', 'median', 'mean', 'p95'], stageRows(runs, N))}

Throughput, inference-only fps / pipeline fps = ratio, per run (baseline taken between blocks of ${BLOCK} pipeline frames, see the header of bench/pipeline.ts):

${table(['run', 'load', 'B: in memory', 'C: FrameSource, uncapped looped file', 'D: source with back-pressure'], runRows)}

ffmpeg: C ${fmt(med((r) => r.c.ffmpegCoreShare) * 100, 0)} % of a core, ${fmt(
    med((r) => r.c.ffmpegMsPerFrame),
    2,
  )} ms CPU per decoded frame, ${fmt(
    med((r) => r.c.dropped),
    0,
  )} frames dropped in the slot;
D ${fmt(med((r) => r.d.ffmpegCoreShare) * 100, 0)} % of a core, ${fmt(
    med((r) => r.d.ffmpegMsPerFrame),
    2,
  )} ms per frame, ${fmt(
    med((r) => r.d.dropped),
    0,
  )} dropped.

| figure (median of ${RUNS} runs) | pipeline / inference-only | goal ≥ 90 % |
|---|---:|---|
| source → process, back-pressured source (D) | ${pct(rD)} | ${verdict(rD >= GOAL)} |
| source → process, product FrameSource uncapped (C) | ${pct(rC)} | ${verdict(rC >= GOAL)} |
| in memory, no source (B) | ${pct(rB)} | ${verdict(rB >= GOAL)} |
`;
}
