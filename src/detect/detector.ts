// What a detector is to its callers, and how one is made: frame → letterbox → onnxruntime →
// decode + NMS → detections in source pixels. Loading lives in model-loader.ts, running in engine.ts.
import type { Detection, Frame, PpeRole } from '../domain/detection';
import { BUILT_IN_CATALOGUE, type PpeCatalogue } from '../domain/ppe-items';
import { modelConfigSchema, type ModelConfigInput } from './config';
import { DEFAULT_CONFLICT_RULE } from './conflicts';
import { OnnxEngine } from './engine';
import type { FrameRegion, LetterboxedInput, LetterboxGeometry } from './letterbox';
import { loadModels } from './model-loader';
import type { ModelSessions } from './sessions';

/** Milliseconds spent per stage on one frame (summed over both models when there are two). */
export interface StageTimings {
  letterboxMs: number;
  inferenceMs: number;
  /** Output decoding, NMS and mapping boxes back to source pixels. */
  decodeMs: number;
}

/** One frame's answer: what was found, and what finding it cost. */
export interface FrameDetections {
  /** In source-frame pixels, best score first. */
  detections: Detection[];
  /** Summed over every model pass the frame took. */
  timings: StageTimings;
  /** Model passes the frame took: the whole frame, plus one per tile (absent: one). */
  passes?: number;
}

/** The subset of a pino logger the detector uses. */
export interface DetectorLog {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
}

export interface Detector {
  /** Class names of the primary model, then of the secondary model; `Detection.classId` indexes this. */
  readonly classNames: readonly string[];
  /** Role per entry of `classNames`. */
  readonly roles: readonly PpeRole[];
  readonly hasPersonClass: boolean;
  /**
   * The frame's detections and stage timings. Calls are answered in the order made; a call may be
   * made before the previous one resolved. The frame's pixels must not change until its call resolves.
   */
  detect(frame: Frame): Promise<FrameDetections>;
  close(): Promise<void>;
}

/** A model input size; models of the same size share one letterboxed input. */
export interface InputSize {
  width: number;
  height: number;
}

/** A detector that can also look at one region of a frame, at the frame's own resolution: tiles are made of it. */
export interface RegionDetector extends Detector {
  /** The distinct input sizes of the models, the primary model's first. */
  readonly inputSizes: readonly InputSize[];
  /** As `detect`, on `region` only (source pixels); boxes are still in source-frame pixels. */
  detect(frame: Frame, region?: FrameRegion): Promise<FrameDetections>;
}

/**
 * The detector with its first stage exposed, for a caller that letterboxes frames itself (the
 * detector thread's caller letterboxes the next frame while this one runs the model).
 */
export interface DetectionEngine extends RegionDetector {
  /**
   * Detections from inputs already letterboxed (CHW RGB, floats /255 or bytes, as FrameLetterboxer makes them),
   * one per entry of `inputSizes` (in that order), with the geometry each was made with. Queued with `detect`.
   */
  detectLetterboxed(
    inputs: readonly LetterboxedInput[],
    geometries: readonly LetterboxGeometry[],
  ): Promise<FrameDetections>;
}

const silentLog: DetectorLog = { info() {}, warn() {} };

export interface DetectorOptions {
  /** First frames whose class scores all exactly 0 make detect() fail (a broken export); default 3. */
  zeroScoreFrames?: number;
  /** The items whose class names give the model's classes their roles; default the built-in ones. */
  catalogue?: PpeCatalogue;
  /** Who owns the onnxruntime sessions; default: this detector alone. */
  sessions?: ModelSessions;
}

/** Loads the model (and the secondary model, if configured) and runs them on the calling thread. */
export async function createDetector(
  config: ModelConfigInput,
  log: DetectorLog = silentLog,
  opts: DetectorOptions = {},
): Promise<DetectionEngine> {
  const cfg = modelConfigSchema.parse(config);
  const { models, letterboxers } = await loadModels(cfg, opts.catalogue ?? BUILT_IN_CATALOGUE, log, opts.sessions);
  const conflictRule = cfg.resolveConflicts ? DEFAULT_CONFLICT_RULE : undefined;
  return new OnnxEngine(models, letterboxers, conflictRule, opts.zeroScoreFrames, opts.sessions);
}
