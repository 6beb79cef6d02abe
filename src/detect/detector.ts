// The detection engine: frame → letterbox → onnxruntime → decode + NMS → detections in source
// pixels. Buffers and tensors are made once per model, so the per-frame path allocates little
// beyond the detections it returns.
import fs from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Box, Detection, Frame, PpeRole } from '../domain/detection';
import { mapClasses, type ClassOverride } from './classes';
import { modelConfigSchema, type ModelConfig, type ModelConfigInput } from './config';
import { float16ToFloat32, float32ToFloat16, OutputDecoder, resolveLayout, type ResolvedLayout } from './decode';
import { FrameLetterboxer, unletterbox, type LetterboxGeometry } from './letterbox';
import { parseClassNames, parseEnd2End, parseImgsz, readMetadataProps } from './metadata';
import { nms } from './nms';

/** Milliseconds spent per stage on the last frame (summed over both models when there are two). */
export interface StageTimings {
  letterboxMs: number;
  inferenceMs: number;
  /** Output decoding, NMS and mapping boxes back to source pixels. */
  decodeMs: number;
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
   * Detections in source-frame pixels, best score first. Calls are answered in the order made; a
   * call may be made before the previous one resolved. The frame's pixels must not change until
   * its call resolves.
   */
  detect(frame: Frame): Promise<Detection[]>;
  readonly lastTimings: StageTimings;
  close(): Promise<void>;
}

/** A model input size; models of the same size share one letterboxed input. */
export interface InputSize {
  width: number;
  height: number;
}

/**
 * The detector with its first stage exposed, for a caller that letterboxes frames itself (the
 * detector thread's caller letterboxes the next frame while this one runs the model).
 */
export interface DetectionEngine extends Detector {
  /** The distinct input sizes of the models, in the order `detectLetterboxed` takes inputs. */
  readonly inputSizes: readonly InputSize[];
  /**
   * Detections from inputs already letterboxed (CHW RGB /255, as FrameLetterboxer makes them),
   * one per entry of `inputSizes`, with the geometry each was made with. Queued with `detect`.
   */
  detectLetterboxed(inputs: readonly Float32Array[], geometries: readonly LetterboxGeometry[]): Promise<Detection[]>;
}

/** Default input side for models with a dynamic input and no `imgsz` metadata. */
const DEFAULT_INPUT_SIZE = 640;
const MAX_DETECTIONS = 300;

interface ModelSpec {
  path: string;
  inputSize?: number;
  minScore: number;
  iou: number;
  classes?: Record<string, ClassOverride>;
  layout: ModelConfig['layout'];
}

/** One loaded model with everything its hot path reuses. */
interface LoadedModel {
  session: ort.InferenceSession;
  /** The one input, bound to the reused tensor. */
  feeds: Record<string, ort.Tensor>;
  outputName: string;
  /** Set when the model takes float16 input: the letterboxed tensor is converted into it. */
  halfInput?: Uint16Array;
  letterboxer: FrameLetterboxer;
  /** Index of `letterboxer` among the detector's distinct inputs. */
  inputIndex: number;
  layout: ResolvedLayout;
  decoder: OutputDecoder;
  /** Receives float16 outputs converted to float32. */
  outputScratch: Float32Array;
  iou: number;
  classNames: string[];
  roles: PpeRole[];
  /** Index of this model's first class in the detector's combined class list. */
  classOffset: number;
}

const silentLog: DetectorLog = { info() {}, warn() {} };

export async function createDetector(config: ModelConfigInput, log: DetectorLog = silentLog): Promise<DetectionEngine> {
  const cfg = modelConfigSchema.parse(config);
  const sessionOptions = sessionOptionsFor(cfg);
  const letterboxers: FrameLetterboxer[] = [];
  const primary = await loadModel(cfg, cfg, sessionOptions, letterboxers, 0, log);
  const models = [primary];
  if (cfg.secondary) {
    const s = cfg.secondary;
    const spec: ModelSpec = { ...s, minScore: s.minScore ?? cfg.minScore, iou: s.iou ?? cfg.iou };
    try {
      models.push(await loadModel(spec, cfg, sessionOptions, letterboxers, primary.classNames.length, log));
    } catch (err) {
      await primary.session.release();
      throw err;
    }
  }
  return new OnnxDetector(models, letterboxers);
}

function sessionOptionsFor(cfg: ModelConfig): ort.InferenceSession.SessionOptions {
  return {
    graphOptimizationLevel: cfg.graphOptimization,
    executionMode: 'sequential',
    ...(cfg.threads ? { intraOpNumThreads: cfg.threads, interOpNumThreads: 1 } : {}),
    // Spinning threads burn a core between a camera's frames: measured (npm run bench:threads)
    // 3× the CPU per frame at 5 fps, and slower frames when several workers share the cores.
    ...(cfg.spinWait
      ? {}
      : { extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } } }),
  };
}

async function readModelFile(file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`Model file not found: ${file}`);
    throw new Error(`Cannot read model file ${file}: ${(err as Error).message}`);
  }
}

/** CUDA only when asked for and loadable; anything else runs on the CPU. */
async function createSession(
  bytes: Uint8Array,
  file: string,
  options: ort.InferenceSession.SessionOptions,
  cfg: ModelConfig,
  log: DetectorLog,
): Promise<ort.InferenceSession> {
  const create = async (provider: 'cpu' | 'cuda') => {
    const session = await ort.InferenceSession.create(bytes, { ...options, executionProviders: [provider] });
    log.info({ model: file, executionProvider: provider, threads: cfg.threads ?? 'auto' }, 'model loaded');
    return session;
  };
  if (cfg.executionProvider === 'cuda') {
    if (!ort.listSupportedBackends().some((b) => b.name === 'cuda')) {
      log.warn({ model: file }, 'CUDA requested but this onnxruntime build has no CUDA backend; using the CPU');
    } else {
      try {
        return await create('cuda');
      } catch (err) {
        log.warn({ model: file, err: (err as Error).message }, 'CUDA requested but not available; using the CPU');
      }
    }
  }
  try {
    return await create('cpu');
  } catch (err) {
    throw new Error(`Cannot load model ${file}: ${(err as Error).message}`);
  }
}

async function loadModel(
  spec: ModelSpec,
  cfg: ModelConfig,
  sessionOptions: ort.InferenceSession.SessionOptions,
  letterboxers: FrameLetterboxer[],
  classOffset: number,
  log: DetectorLog,
): Promise<LoadedModel> {
  const file = path.resolve(spec.path);
  const bytes = await readModelFile(file);
  let metadata: Record<string, string>;
  try {
    metadata = readMetadataProps(bytes);
  } catch (err) {
    throw new Error(`Model file ${file} is not an ONNX model: ${(err as Error).message}`);
  }
  const session = await createSession(bytes, file, sessionOptions, cfg, log);
  try {
    return await prepareModel(session, metadata, spec, file, letterboxers, classOffset, log);
  } catch (err) {
    await session.release();
    throw err;
  }
}

async function prepareModel(
  session: ort.InferenceSession,
  metadata: Record<string, string>,
  spec: ModelSpec,
  file: string,
  letterboxers: FrameLetterboxer[],
  classOffset: number,
  log: DetectorLog,
): Promise<LoadedModel> {
  const input = session.inputMetadata[0];
  const inputShape = input && input.isTensor ? `[${input.shape.join(',')}]` : '(none)';
  const fail = (reason: string) => new Error(`Model ${file} (input ${inputShape}): ${reason}`);
  const channels = input?.isTensor ? input.shape[1] : undefined;
  const rgb = typeof channels !== 'number' || channels === 3;
  if (!input?.isTensor || input.shape.length !== 4 || !rgb || (input.type !== 'float32' && input.type !== 'float16')) {
    throw fail('expected one float32 or float16 image input [1,3,H,W]');
  }
  const { width, height } = inputSizeFor(input.shape, spec, metadata, file, log);

  let letterboxer = letterboxers.find((l) => l.inputWidth === width && l.inputHeight === height);
  if (!letterboxer) {
    letterboxer = new FrameLetterboxer(width, height);
    letterboxers.push(letterboxer);
  }
  const dims = [1, 3, height, width];
  const halfInput = input.type === 'float16' ? new Uint16Array(letterboxer.tensor.length) : undefined;
  const inputTensor = halfInput
    ? new ort.Tensor('float16', halfInput, dims)
    : new ort.Tensor('float32', letterboxer.tensor, dims);

  // A first run on a blank tensor: the real output shape (even for dynamic exports), and a
  // model that cannot be decoded fails now rather than on the first camera frame.
  const outputName = session.outputNames[0];
  const feeds = { [input.name]: inputTensor };
  let output: ort.Tensor;
  try {
    output = (await session.run(feeds, [outputName]))[outputName];
  } catch (err) {
    throw fail(`test run failed: ${(err as Error).message}`);
  }
  if (output.type !== 'float32' && output.type !== 'float16') {
    throw fail(`output "${outputName}" is ${output.type}; expected float32 or float16`);
  }
  const names = parseClassNames(metadata.names);
  let layout: ResolvedLayout;
  try {
    layout = resolveLayout(output.dims, names?.length, {
      layout: spec.layout === 'auto' ? undefined : spec.layout,
      end2end: parseEnd2End(metadata.end2end),
    });
  } catch (err) {
    throw fail(`output "${outputName}": ${(err as Error).message}`);
  }
  output.dispose();

  const classNames = names ?? Array.from({ length: layout.numClasses }, (_, i) => `class${i}`);
  const mapping = mapClasses(classNames, spec.minScore, spec.classes);
  if (!names)
    log.warn(
      { model: file, classes: layout.numClasses },
      'model has no class names in its metadata; using class0, class1, …',
    );
  if (mapping.unmapped.length) {
    log.info(
      { model: file, classes: mapping.unmapped },
      'model classes without a PPE role are ignored (map them in model.classes)',
    );
  }
  if (mapping.unknownOverrides.length) {
    log.warn(
      { model: file, classes: mapping.unknownOverrides, modelClasses: classNames },
      'model.classes names classes this model does not have',
    );
  }
  log.info(
    { model: file, layout: layout.layout, input: dims, classes: classNames, roles: mapping.roles },
    'model ready',
  );

  return {
    session,
    feeds,
    outputName,
    halfInput,
    letterboxer,
    inputIndex: letterboxers.indexOf(letterboxer),
    layout,
    decoder: new OutputDecoder(layout, mapping.minScores),
    outputScratch: new Float32Array(output.type === 'float16' ? output.size : 0),
    iou: spec.iou,
    classNames,
    roles: mapping.roles,
    classOffset,
  };
}

/** A fixed-size model uses its own size; a dynamic one the configured size, else its `imgsz`, else 640. */
function inputSizeFor(
  shape: ReadonlyArray<number | string>,
  spec: ModelSpec,
  metadata: Record<string, string>,
  file: string,
  log: DetectorLog,
): { width: number; height: number } {
  const [, , h, w] = shape;
  if (typeof h === 'number' && h > 0 && typeof w === 'number' && w > 0) {
    if (spec.inputSize && (spec.inputSize !== w || spec.inputSize !== h)) {
      log.warn(
        { model: file, inputSize: spec.inputSize, modelInput: [h, w] },
        'model has a fixed input size; inputSize is ignored',
      );
    }
    return { width: w, height: h };
  }
  if (spec.inputSize) return { width: spec.inputSize, height: spec.inputSize };
  return parseImgsz(metadata.imgsz) ?? { width: DEFAULT_INPUT_SIZE, height: DEFAULT_INPUT_SIZE };
}

class OnnxDetector implements DetectionEngine {
  readonly classNames: readonly string[];
  readonly roles: readonly PpeRole[];
  readonly hasPersonClass: boolean;
  readonly inputSizes: readonly InputSize[];
  lastTimings: StageTimings = { letterboxMs: 0, inferenceMs: 0, decodeMs: 0 };
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly models: LoadedModel[],
    private readonly letterboxers: FrameLetterboxer[],
  ) {
    this.classNames = models.flatMap((m) => m.classNames);
    this.roles = models.flatMap((m) => m.roles);
    this.hasPersonClass = this.roles.includes('person');
    this.inputSizes = letterboxers.map((l) => ({ width: l.inputWidth, height: l.inputHeight }));
  }

  detect(frame: Frame): Promise<Detection[]> {
    return this.enqueue(() => {
      const t = performance.now();
      const geometries = this.letterboxers.map((l) => l.letterbox(frame));
      return this.infer(geometries, performance.now() - t);
    });
  }

  detectLetterboxed(inputs: readonly Float32Array[], geometries: readonly LetterboxGeometry[]): Promise<Detection[]> {
    return this.enqueue(() => {
      const t = performance.now();
      this.letterboxers.forEach((l, i) => l.tensor.set(inputs[i]));
      return this.infer(geometries, performance.now() - t);
    });
  }

  private enqueue(work: () => Promise<Detection[]>): Promise<Detection[]> {
    if (this.closed) return Promise.reject(new Error('Detector is closed'));
    // The models share reused input buffers, so overlapping calls must wait their turn.
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Runs every model on its letterboxed input (already in place) and merges the detections. */
  private async infer(geometries: readonly LetterboxGeometry[], letterboxMs: number): Promise<Detection[]> {
    const timings: StageTimings = { letterboxMs, inferenceMs: 0, decodeMs: 0 };
    const detections: Detection[] = [];
    for (const model of this.models) {
      let t = performance.now();
      if (model.halfInput) float32ToFloat16(model.letterboxer.tensor, model.halfInput);
      timings.letterboxMs += performance.now() - t;

      t = performance.now();
      const results = await model.session.run(model.feeds, [model.outputName]);
      timings.inferenceMs += performance.now() - t;

      t = performance.now();
      const output = results[model.outputName];
      this.collect(model, outputValues(output, model.outputScratch), geometries[model.inputIndex], detections);
      output.dispose();
      timings.decodeMs += performance.now() - t;
    }
    detections.sort((a, b) => b.score - a.score);
    this.lastTimings = timings;
    return detections;
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
      // Boxes that lie entirely in the padding vanish when clipped to the frame.
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
    await Promise.all(this.models.map((m) => m.session.release()));
  }
}

/** The output as float32, converting float16 (Uint16Array bits, or Float16Array where it exists). */
function outputValues(output: ort.Tensor, scratch: Float32Array): Float32Array {
  if (output.type === 'float32') return output.data as Float32Array;
  const data = output.data;
  if (data instanceof Uint16Array) return float16ToFloat32(data, scratch);
  scratch.set(data as ArrayLike<number>);
  return scratch;
}
