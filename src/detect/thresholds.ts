// Per-class score thresholds chosen for a model on labelled photos (`eval:photos --sweep`): a
// sidecar `<model>.thresholds.json` next to the model file, else the calibration shipped for a
// model of that file name (src/detect/calibration/, copied to dist/ by the build). Config
// per-class thresholds still win.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DEMO_MODEL_FILE, FAST_MODEL_FILE } from '../config/paths';
import { shippedCalibrationDir } from '../runtime';

/** Where the calibrations of the shipped models live, run from source or from the build. */
export const SHIPPED_CALIBRATION_DIR = shippedCalibrationDir;

/**
 * The models a calibration ships for (file names without extension). Without its calibration
 * such a model still runs, at worse thresholds, so a missing file is worth a warning.
 */
export const CALIBRATED_MODELS: ReadonlySet<string> = new Set(
  [DEMO_MODEL_FILE, FAST_MODEL_FILE].map((file) => path.parse(file).name),
);

export interface CalibrationLog {
  warn(obj: object, msg?: string): void;
}

/** The part of a calibration file the detector reads; the rest says how it was made. */
const calibrationSchema = z.object({ classes: z.record(z.string().min(1), z.number().min(0).max(1)) });

export interface CalibratedThresholds {
  /** The file they were read from. */
  file: string;
  /** Minimum score per model class name. */
  classes: Record<string, number>;
}

/** `models/foo.onnx` → `models/foo.thresholds.json`. */
export function sidecarPath(modelFile: string): string {
  const { dir, name } = path.parse(modelFile);
  return path.join(dir, `${name}.thresholds.json`);
}

export function shippedCalibrationPath(modelFile: string, dir = SHIPPED_CALIBRATION_DIR): string {
  return path.join(dir, `${path.parse(modelFile).name}.json`);
}

/**
 * The sidecar's thresholds, else the shipped calibration's, else undefined (with a warning on
 * `log` when the model is one a calibration ships for). A malformed or unreadable file throws.
 */
export async function readCalibratedThresholds(
  modelFile: string,
  log: CalibrationLog,
  shippedDir = SHIPPED_CALIBRATION_DIR,
): Promise<CalibratedThresholds | undefined> {
  for (const file of [sidecarPath(modelFile), shippedCalibrationPath(modelFile, shippedDir)]) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new Error(`Cannot read thresholds ${file}: ${(err as Error).message}`);
    }
    return { file, classes: parseCalibration(text, file) };
  }
  if (CALIBRATED_MODELS.has(path.parse(modelFile).name)) {
    log.warn(
      { model: modelFile, calibration: shippedCalibrationPath(modelFile, shippedDir) },
      'the calibration shipped for this model is missing: its classes use model.minScore',
    );
  }
  return undefined;
}

function parseCalibration(text: string, file: string): Record<string, number> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`Thresholds ${file} are not JSON: ${(err as Error).message}`);
  }
  const parsed = calibrationSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`Thresholds ${file}: expected {"classes": {"<class name>": <0..1>, …}}: ${parsed.error.message}`);
  }
  return parsed.data.classes;
}
