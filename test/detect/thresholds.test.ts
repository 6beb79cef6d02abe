import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  readCalibratedThresholds,
  shippedCalibrationPath,
  SHIPPED_CALIBRATION_DIR,
  sidecarPath,
} from '../../src/detect/thresholds';

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
    expect(await readCalibratedThresholds(model, shipped)).toBeUndefined();
    await write(path.join(shipped, 'm.json'), { model: 'm.onnx', classes: { helmet: 0.2 }, source: 'sweep' });
    expect(await readCalibratedThresholds(model, shipped)).toEqual({
      file: path.join(shipped, 'm.json'),
      classes: { helmet: 0.2 },
    });
    await write(sidecarPath(model), { classes: { helmet: 0.4, head: 0.6 } });
    expect((await readCalibratedThresholds(model, shipped))?.classes).toEqual({ helmet: 0.4, head: 0.6 });
  });

  it('rejects a malformed file, naming it', async () => {
    const model = path.join(dir, 'm.onnx');
    await write(sidecarPath(model), { classes: { helmet: 2 } });
    await expect(readCalibratedThresholds(model, shipped)).rejects.toThrow(sidecarPath(model));
    await fs.writeFile(sidecarPath(model), '{');
    await expect(readCalibratedThresholds(model, shipped)).rejects.toThrow(/not JSON/);
  });

  it('finds the calibration shipped for the 640 model', async () => {
    const found = await readCalibratedThresholds('/elsewhere/construction-ppe-yolov8n-640-int8.onnx');
    expect(found?.file).toBe(path.join(SHIPPED_CALIBRATION_DIR, 'construction-ppe-yolov8n-640-int8.json'));
    expect(found?.classes['NO-Hardhat']).toBeGreaterThan(0);
  });
});
