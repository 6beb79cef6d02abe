// The `model` section of the application config. Self-contained so the app's schema can embed it.
import { z } from 'zod';
import { ITEM_ID_PATTERN } from '../domain/ppe-items';

const score = z.number().min(0).max(1);

/**
 * `person`, `ignore`, an item id (the item seen worn) or `no-<item id>` (seen missing). Whether the
 * item is in the catalogue is checked where the catalogue is known (the app config, mapClasses).
 */
const roleSchema = z
  .string()
  .refine(
    (role) => role === 'person' || role === 'ignore' || ITEM_ID_PATTERN.test(role.replace(/^no-/, '')),
    'expected person, ignore, an item id (helmet, mask, …) or no-<item id>',
  );

const classOverrideSchema = z.strictObject({
  role: roleSchema,
  /** Overrides the model-wide minScore for this class. */
  minScore: score.optional(),
});

/** Model class name (as in the model metadata) → role; unlisted classes use the built-in names. */
const classesSchema = z.record(z.string().min(1), classOverrideSchema);

/** Output layout; 'auto' reads it from the output shape and metadata. */
const layoutSchema = z.enum(['auto', 'yolov5', 'yolov8', 'end2end']).default('auto');

/** Only for models with a dynamic input size; a fixed-size model always uses its own. */
const inputSizeSchema = z.number().int().min(32).max(4096).multipleOf(32);

/** A second model run on the same frames, e.g. a person detector; its detections are merged. */
const secondaryModelSchema = z.strictObject({
  path: z.string().min(1),
  inputSize: inputSizeSchema.optional(),
  minScore: score.optional(),
  iou: score.optional(),
  classes: classesSchema.optional(),
  layout: layoutSchema,
  calibrated: z.boolean().default(true),
});

export const modelConfigSchema = z.strictObject({
  /** ONNX file: any Ultralytics YOLOv5/v8/11 or end-to-end detection export. */
  path: z.string().min(1),
  inputSize: inputSizeSchema.optional(),
  /** Default score threshold for every class. */
  minScore: score.default(0.25),
  /** NMS overlap above which the lower-scoring box of the same class is dropped. */
  iou: score.default(0.45),
  classes: classesSchema.optional(),
  layout: layoutSchema,
  /**
   * Per-class thresholds from `<model>.thresholds.json` next to the model file, else from the
   * calibration shipped for the model (src/detect/calibration/); `classes` minScores still win.
   */
  calibrated: z.boolean().default(true),
  /**
   * A helmet and a bare head (a vest and a bare torso) on the same spot: keep only the winner by
   * score margin (src/detect/conflicts.ts) rather than both.
   */
  resolveConflicts: z.boolean().default(true),
  /** 'cuda' is used only when onnxruntime finds it; otherwise the CPU runs the model. */
  executionProvider: z.enum(['cpu', 'cuda']).default('cpu'),
  /** onnxruntime intra-op threads per camera worker; default: see `workerThreads`. */
  threads: z.number().int().positive().optional(),
  graphOptimization: z.enum(['disabled', 'basic', 'extended', 'all']).default('all'),
  /** Let onnxruntime's threads spin while waiting for work: lower latency alone, but a busy core per worker. */
  spinWait: z.boolean().default(false),
  secondary: secondaryModelSchema.optional(),
});

const tileCount = z.number().int().min(1).max(8);

/**
 * A camera's `detect.tiles` (see tiles.ts): 'off'; 'auto' (tiles of about the model input when
 * the frame's long side is at least twice the input's); 'people' (regions around the small people
 * the whole frame found); or a fixed `{ "grid": [cols, rows] }`.
 */
export const tilesSettingSchema = z.union(
  [z.enum(['off', 'auto', 'people']), z.strictObject({ grid: z.tuple([tileCount, tileCount]) })],
  { error: 'expected "off", "auto", "people" or { "grid": [cols, rows] } with 1 to 8 tiles a side' },
);

/** The parsed section (defaults filled in). */
export type ModelConfig = z.infer<typeof modelConfigSchema>;
/** What a config file or a caller may write (defaults optional). */
export type ModelConfigInput = z.input<typeof modelConfigSchema>;

/**
 * onnxruntime intra-op threads for one camera worker when the config sets none. A lone camera
 * gets onnxruntime's default, a thread per core: the lowest latency. Cameras on one host share
 * the cores instead: threads beyond a worker's share only add synchronisation: measured on 2 cores,
 * ~13 % more CPU per frame and 7 % fewer detections in total at saturation (bench/results.md,
 * `npm run bench:cameras -- --threads`).
 */
export function workerThreads(configured: number | undefined, cores: number, cameras: number): number | undefined {
  if (configured) return configured;
  if (cameras <= 1) return undefined;
  return Math.max(1, Math.floor(cores / cameras));
}
