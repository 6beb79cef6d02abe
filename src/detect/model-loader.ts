// Model loading: the ONNX file and its metadata, an onnxruntime session, the input size, the
// output layout and the PPE role of every class. Buffers and tensors the hot path reuses are made
// here, once per model.
import fs from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { PpeRole } from '../domain/detection';
import type { PpeCatalogue } from '../domain/ppe-items';
import { mapClasses, type ClassOverride } from './classes';
import type { ModelConfig } from './config';
import { OutputDecoder, resolveLayout, type ResolvedLayout } from './decode';
import type { DetectorLog, InputSize } from './detector';
import { FrameLetterboxer } from './letterbox';
import { parseClassNames, parseEnd2End, parseImgsz, readMetadataProps } from './metadata';
import { OWN_SESSIONS, type ModelSessions } from './sessions';
import { readCalibratedThresholds, type CalibratedThresholds } from './thresholds';

/** Default input side for models with a dynamic input and no `imgsz` metadata. */
const DEFAULT_INPUT_SIZE = 640;

/** What one model is loaded from: the primary's settings, or the secondary's with the primary's as defaults. */
interface ModelSpec {
  path: string;
  inputSize?: number;
  minScore: number;
  iou: number;
  classes?: Record<string, ClassOverride>;
  layout: ModelConfig['layout'];
  calibrated: boolean;
  /** Read by loadModel when `calibrated` is on and the model has a calibration. */
  calibration?: CalibratedThresholds;
  /** The items whose class names give the classes their roles. */
  catalogue: PpeCatalogue;
}

/** One loaded model with everything its hot path reuses. */
export interface LoadedModel {
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
  /** The model file, for errors that name it. */
  file: string;
  iou: number;
  classNames: string[];
  roles: PpeRole[];
  /** Index of this model's first class in the detector's combined class list. */
  classOffset: number;
}

/** The primary model and the secondary, if configured, with one letterboxer per distinct input size. */
export async function loadModels(
  cfg: ModelConfig,
  catalogue: PpeCatalogue,
  log: DetectorLog,
  sessions: ModelSessions = OWN_SESSIONS,
): Promise<{ models: LoadedModel[]; letterboxers: FrameLetterboxer[] }> {
  const load: SessionSource = { options: sessionOptionsFor(cfg), sessions };
  const letterboxers: FrameLetterboxer[] = [];
  const primary = await loadModel({ ...cfg, catalogue }, cfg, load, letterboxers, 0, log);
  const models = [primary];
  if (cfg.secondary) {
    const s = cfg.secondary;
    const spec: ModelSpec = { ...s, minScore: s.minScore ?? cfg.minScore, iou: s.iou ?? cfg.iou, catalogue };
    try {
      models.push(await loadModel(spec, cfg, load, letterboxers, primary.classNames.length, log));
    } catch (err) {
      await sessions.release(primary.session);
      throw err;
    }
  }
  return { models, letterboxers };
}

/** How sessions are made, and who owns them. */
interface SessionSource {
  options: ort.InferenceSession.SessionOptions;
  sessions: ModelSessions;
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
  load: SessionSource,
  letterboxers: FrameLetterboxer[],
  classOffset: number,
  log: DetectorLog,
): Promise<LoadedModel> {
  const file = path.resolve(spec.path);
  const bytes = await readModelFile(file);
  if (spec.calibrated) spec = { ...spec, calibration: await readCalibratedThresholds(file, log) };
  let metadata: Record<string, string>;
  try {
    metadata = readMetadataProps(bytes);
  } catch (err) {
    throw new Error(`Model file ${file} is not an ONNX model: ${(err as Error).message}`);
  }
  const key = JSON.stringify([file, load.options, cfg.executionProvider]);
  const session = await load.sessions.acquire(key, () => createSession(bytes, file, load.options, cfg, log));
  try {
    return await prepareModel(session, metadata, spec, file, letterboxers, classOffset, log);
  } catch (err) {
    await load.sessions.release(session);
    throw err;
  }
}

/** The input bound to a reused tensor, and a first run that tells how to read the output. */
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
  const feeds = { [input.name]: inputTensor };
  const names = parseClassNames(metadata.names);
  const { outputName, layout, outputType, outputSize } = await probeOutput(session, feeds, names, spec, metadata, fail);

  const classNames = names ?? Array.from({ length: layout.numClasses }, (_, i) => `class${i}`);
  if (!names)
    log.warn(
      { model: file, classes: layout.numClasses },
      'model has no class names in its metadata; using class0, class1, …',
    );
  const mapping = mapRoles(classNames, spec, file, log);
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
    outputScratch: new Float32Array(outputType === 'float16' ? outputSize : 0),
    file,
    iou: spec.iou,
    classNames,
    roles: mapping.roles,
    classOffset,
  };
}

/**
 * A first run on a blank tensor: the real output shape (even for dynamic exports), and a model
 * that cannot be decoded fails now rather than on the first camera frame.
 */
async function probeOutput(
  session: ort.InferenceSession,
  feeds: Record<string, ort.Tensor>,
  names: string[] | undefined,
  spec: ModelSpec,
  metadata: Record<string, string>,
  fail: (reason: string) => Error,
): Promise<{ outputName: string; layout: ResolvedLayout; outputType: string; outputSize: number }> {
  const outputName = session.outputNames[0];
  let output: ort.Tensor;
  try {
    output = (await session.run(feeds, [outputName]))[outputName];
  } catch (err) {
    throw fail(`test run failed: ${(err as Error).message}`);
  }
  if (output.type !== 'float32' && output.type !== 'float16') {
    throw fail(`output "${outputName}" is ${output.type}; expected float32 or float16`);
  }
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
  return { outputName, layout, outputType: output.type, outputSize: output.size };
}

/** Roles and thresholds per class, with a log line for classes left out and overrides that match none. */
function mapRoles(classNames: string[], spec: ModelSpec, file: string, log: DetectorLog) {
  const mapping = mapClasses(classNames, {
    minScore: spec.minScore,
    overrides: spec.classes,
    calibrated: spec.calibration?.classes,
    catalogue: spec.catalogue,
  });
  if (spec.calibration) {
    const thresholds = Object.fromEntries(classNames.map((n, i) => [n, mapping.minScores[i]]));
    log.info({ model: file, calibration: spec.calibration.file, thresholds }, 'calibrated class thresholds');
  }
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
  return mapping;
}

/** A fixed-size model uses its own size; a dynamic one the configured size, else its `imgsz`, else 640. */
function inputSizeFor(
  shape: ReadonlyArray<number | string>,
  spec: ModelSpec,
  metadata: Record<string, string>,
  file: string,
  log: DetectorLog,
): InputSize {
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
