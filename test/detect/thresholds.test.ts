import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/config/paths';
import {
  CALIBRATED_MODELS,
  readCalibratedThresholds,
  shippedCalibrationPath,
  SHIPPED_CALIBRATION_DIR,
  sidecarPath,
} from '../../src/detect/thresholds';

/** A log that keeps its warnings. */
function warnings() {
  const seen: { obj: object; msg?: string }[] = [];
  return { seen, warn: (obj: object, msg?: string) => void seen.push({ obj, msg }) };
}

describe('calibrated thresholds', () => {
  let dir: string;
  let shipped: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'thresholds-'));
    shipped = path.join(dir, 'shipped');
    await fs.mkdir(shipped);
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const write = (file: string, json: unknown) => fs.writeFile(file, JSON.stringify(json));

  it('names the sidecar and the shipped file after the model file', () => {
    expect(sidecarPath('/m/foo.int8.onnx')).toBe('/m/foo.int8.thresholds.json');
    expect(shippedCalibrationPath('/m/foo.onnx', '/cal')).toBe('/cal/foo.json');
  });

  it('reads the sidecar first, then the shipped calibration, else nothing', async () => {
    const model = path.join(dir, 'm.onnx');
    const log = warnings();
    expect(await readCalibratedThresholds(model, log, shipped)).toBeUndefined();
    await write(path.join(shipped, 'm.json'), { model: 'm.onnx', classes: { helmet: 0.2 }, source: 'sweep' });
    expect(await readCalibratedThresholds(model, log, shipped)).toEqual({
      file: path.join(shipped, 'm.json'),
      classes: { helmet: 0.2 },
    });
    await write(sidecarPath(model), { classes: { helmet: 0.4, head: 0.6 } });
    expect((await readCalibratedThresholds(model, log, shipped))?.classes).toEqual({ helmet: 0.4, head: 0.6 });
    // A model of the user's own without a calibration is normal: nothing to warn about.
    expect(log.seen).toEqual([]);
  });

  it('rejects a malformed file, naming it', async () => {
    const model = path.join(dir, 'm.onnx');
    await write(sidecarPath(model), { classes: { helmet: 2 } });
    await expect(readCalibratedThresholds(model, warnings(), shipped)).rejects.toThrow(sidecarPath(model));
    await fs.writeFile(sidecarPath(model), '{');
    await expect(readCalibratedThresholds(model, warnings(), shipped)).rejects.toThrow(/not JSON/);
  });

  it('finds the calibration shipped for the 640 model', async () => {
    const found = await readCalibratedThresholds('/elsewhere/construction-ppe-yolov8n-640-int8.onnx', warnings());
    expect(found?.file).toBe(path.join(SHIPPED_CALIBRATION_DIR, 'construction-ppe-yolov8n-640-int8.json'));
    expect(found?.classes['NO-Hardhat']).toBeGreaterThan(0);
  });

  it('ships a calibration for each model it names, in the source folder when run from source', async () => {
    expect(SHIPPED_CALIBRATION_DIR).toBe(path.join(repoRoot, 'src', 'detect', 'calibration'));
    expect([...CALIBRATED_MODELS].sort()).toEqual([
      'construction-ppe-yolov8n-640-int8',
      'ppe-helmet-vest-yolov8n-320-int8',
    ]);
    for (const name of CALIBRATED_MODELS) {
      const found = await readCalibratedThresholds(`/m/${name}.onnx`, warnings());
      expect(found?.file, name).toBe(path.join(SHIPPED_CALIBRATION_DIR, `${name}.json`));
    }
  });

  it('warns, naming the file, when the calibration of a shipped model is missing', async () => {
    const log = warnings();
    const model = '/models/construction-ppe-yolov8n-640-int8.onnx';
    expect(await readCalibratedThresholds(model, log, shipped)).toBeUndefined();
    expect(log.seen).toEqual([
      {
        obj: { model, calibration: path.join(shipped, 'construction-ppe-yolov8n-640-int8.json') },
        msg: 'the calibration shipped for this model is missing: its classes use model.minScore',
      },
    ]);
  });
});
