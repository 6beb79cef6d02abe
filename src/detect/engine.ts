// The detection engine: runs the loaded models on a letterboxed frame, one call at a time, and
// decodes their outputs into detections in source pixels. Per frame it allocates little beyond
// the detections it returns: inputs, tensors and decode buffers belong to the loaded models.
import type * as ort from 'onnxruntime-node';
import type { Box, Detection, Frame, PpeRole } from '../domain/detection';
import { resolveConflicts, type ConflictRule } from './conflicts';
import { ZeroScoreWatch, hasPictureContent } from './export-check';
import { float16ToFloat32, float32ToFloat16 } from './decode';
import type { DetectionEngine, FrameDetections, InputSize, StageTimings } from './detector';
import {
  unletterbox,
  type FrameLetterboxer,
  type FrameRegion,
  type LetterboxGeometry,
  type LetterboxedInput,
} from './letterbox';
import type { LoadedModel } from './model-loader';
import { nms } from './nms';
import { OWN_SESSIONS, type ModelSessions } from './sessions';

const MAX_DETECTIONS = 300;

export class OnnxEngine implements DetectionEngine {
  readonly classNames: readonly string[];
  readonly roles: readonly PpeRole[];
  readonly hasPersonClass: boolean;
  readonly inputSizes: readonly InputSize[];
  private queue: Promise<unknown> = Promise.resolve();
  /** Per model: fails the first frames of a broken export (class scores all zero). */
  private readonly zeroScoreWatches: ZeroScoreWatch[];
  private closed = false;

  constructor(
    private readonly models: LoadedModel[],
    private readonly letterboxers: FrameLetterboxer[],
    /** Undefined: conflicting item/negative detections are all kept. */
    private readonly conflictRule?: ConflictRule,
    zeroScoreFrames?: number,
    private readonly sessions: ModelSessions = OWN_SESSIONS,
  ) {
    this.zeroScoreWatches = models.map((m) => new ZeroScoreWatch(m.file, zeroScoreFrames));
    this.classNames = models.flatMap((m) => m.classNames);
    this.roles = models.flatMap((m) => m.roles);
    this.hasPersonClass = this.roles.includes('person');
    this.inputSizes = letterboxers.map((l) => ({ width: l.inputWidth, height: l.inputHeight }));
  }

  detect(frame: Frame, region?: FrameRegion): Promise<FrameDetections> {
    return this.enqueue(() => {
      const t = performance.now();
      const geometries = this.letterboxers.map((l) => l.letterbox(frame, region));
      return this.infer(geometries, performance.now() - t);
    });
  }

  detectLetterboxed(
    inputs: readonly LetterboxedInput[],
    geometries: readonly LetterboxGeometry[],
  ): Promise<FrameDetections> {
    return this.enqueue(() => {
      const t = performance.now();
      this.letterboxers.forEach((l, i) => copyInput(inputs[i], l.tensor));
      return this.infer(geometries, performance.now() - t);
    });
  }

  private enqueue(work: () => Promise<FrameDetections>): Promise<FrameDetections> {
    if (this.closed) return Promise.reject(new Error('Detector is closed'));
    // The models share reused input buffers, so overlapping calls must wait their turn.
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Runs every model on its letterboxed input (already in place) and merges the detections. */
  private async infer(geometries: readonly LetterboxGeometry[], letterboxMs: number): Promise<FrameDetections> {
    const timings: StageTimings = { letterboxMs, inferenceMs: 0, decodeMs: 0 };
    const detections: Detection[] = [];
    for (const [m, model] of this.models.entries()) {
      let t = performance.now();
      if (model.halfInput) float32ToFloat16(model.letterboxer.tensor, model.halfInput);
      timings.letterboxMs += performance.now() - t;

      t = performance.now();
      const results = await model.session.run(model.feeds, [model.outputName]);
      timings.inferenceMs += performance.now() - t;

      t = performance.now();
      const output = results[model.outputName];
      try {
        const values = outputValues(output, model.outputScratch);
        const watch = this.zeroScoreWatches[m];
        if (!watch.settled) {
          const picture = hasPictureContent(model.letterboxer.tensor, geometries[model.inputIndex]);
          watch.observe(values, model.layout, picture);
        }
        this.collect(model, values, geometries[model.inputIndex], detections);
      } finally {
        output.dispose();
      }
      timings.decodeMs += performance.now() - t;
    }
    detections.sort((a, b) => b.score - a.score);
    if (!this.conflictRule) return { detections, timings };
    return { detections: resolveConflicts(detections, this.conflictRule), timings };
  }

  private collect(model: LoadedModel, values: Float32Array, geometry: LetterboxGeometry, into: Detection[]): void {
    const candidates = model.decoder.decode(values);
    // End-to-end models already did their own NMS.
    const kept =
      model.layout.layout === 'end2end'
        ? Array.from({ length: Math.min(candidates.count, MAX_DETECTIONS) }, (_, i) => i)
        : nms(candidates, model.iou, MAX_DETECTIONS);
    const b = candidates.boxes;
    for (const k of kept) {
      const box: Box = unletterbox([b[k * 4], b[k * 4 + 1], b[k * 4 + 2], b[k * 4 + 3]], geometry);
      // Boxes that lie entirely in the padding vanish when clipped to the region.
      if (box[2] <= box[0] || box[3] <= box[1]) continue;
      const classId = candidates.classIds[k];
      into.push({
        box,
        score: candidates.scores[k],
        classId: model.classOffset + classId,
        className: model.classNames[classId],
        role: model.roles[classId],
      });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue; // calls made before close() still complete
    await Promise.all(this.models.map((m) => this.sessions.release(m.session)));
  }
}

/** A letterboxed input into the model's tensor: floats as they are, bytes scaled to 0..1. */
function copyInput(input: LetterboxedInput, tensor: Float32Array): void {
  if (input.length !== tensor.length)
    throw new Error(`Input holds ${input.length} values; the model takes ${tensor.length}`);
  if (input instanceof Float32Array) {
    tensor.set(input);
    return;
  }
  const unit = 1 / 255;
  for (let i = 0; i < input.length; i++) tensor[i] = input[i] * unit;
}

/** The output as float32, converting float16 (Uint16Array bits, or Float16Array where it exists). */
function outputValues(output: ort.Tensor, scratch: Float32Array): Float32Array {
  if (output.type === 'float32') return output.data as Float32Array;
  const data = output.data;
  if (data instanceof Uint16Array) return float16ToFloat32(data, scratch);
  scratch.set(data as ArrayLike<number>);
  return scratch;
}
