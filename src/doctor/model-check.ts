// Doctor check of a model: loads it as the workers would, shows what it is, and runs it once.
import fs from 'node:fs';
import sharp from 'sharp';
import type { ModelConfig } from '../detect/config';
import { createDetector, type DetectorLog } from '../detect/detector';
import type { Frame } from '../domain/detection';
import type { PpeCatalogue } from '../domain/ppe-items';
import { describeClassMapping } from '../detect/classes';
import { check, type CheckResult } from './check';

/** A picture to run the model on, and what to call it in the report. */
export interface TestPicture {
  frame: Frame;
  label: string;
}

export async function pictureFromJpeg(jpeg: Buffer, label: string): Promise<TestPicture> {
  const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { frame: { data, width: info.width, height: info.height, seq: 0, time: Date.now() }, label };
}

/** Used when no camera sent a picture: a gradient with noise, so the model sees some structure. */
export function generatedPicture(width = 640, height = 480): TestPicture {
  const data = Buffer.alloc(width * height * 3);
  let seed = 1;
  for (let i = 0; i < data.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const x = (i / 3) % width;
    data[i] = ((x / width) * 200 + (seed % 56)) & 0xff;
  }
  return { frame: { data, width, height, seq: 0, time: Date.now() }, label: 'a generated test picture' };
}

/** A threshold any non-zero score passes; thresholds are float32, where Number.MIN_VALUE is 0. */
const ABOVE_ZERO = 1e-30;

/** What the detector logged while loading: its "model ready" summary and any warnings. */
interface LoadNotes {
  ready?: { layout?: string; input?: number[] };
  remarks: string[];
}

function noteTaker(): { log: DetectorLog; notes: LoadNotes } {
  const notes: LoadNotes = { remarks: [] };
  const take = (obj: object | string, msg?: string) => {
    if (msg === 'model ready') notes.ready = obj as LoadNotes['ready'];
    else notes.remarks.push(typeof obj === 'string' ? obj : `${msg}: ${describeFields(obj)}`);
  };
  return { log: { info: take, warn: take }, notes };
}

const describeFields = (obj: object) =>
  Object.entries(obj)
    .filter(([key]) => key !== 'model')
    .map(([key, value]) => `${key} ${Array.isArray(value) ? value.join(', ') : String(value)}`)
    .join('; ');

/**
 * Loads one model (the primary, or the secondary on its own) and runs it on the picture with a
 * threshold just above zero: a model all of whose class scores are exactly zero finds nothing
 * at all — the mark of a static int8 export whose output quantisation rounds every score to 0.
 */
export async function checkModel(
  name: string,
  model: Pick<ModelConfig, 'path' | 'inputSize' | 'layout' | 'classes' | 'iou' | 'minScore'>,
  executionProvider: ModelConfig['executionProvider'],
  catalogue: PpeCatalogue,
  picture: TestPicture,
  missingHint: string,
): Promise<CheckResult> {
  if (!fs.existsSync(model.path)) return check(name, 'fail', `model file not found: ${model.path}`, missingHint);
  const { log, notes } = noteTaker();
  // Per-class thresholds would hide low scores; only the roles are kept.
  const roles = Object.fromEntries(Object.entries(model.classes ?? {}).map(([cls, o]) => [cls, { role: o.role }]));
  let detector;
  try {
    detector = await createDetector(
      { ...model, classes: roles, minScore: ABOVE_ZERO, executionProvider, secondary: undefined },
      log,
      { catalogue },
    );
  } catch (err) {
    return check(name, 'fail', `${model.path}: ${(err as Error).message}`);
  }
  try {
    const { detections, timings } = await detector.detect(picture.frame);
    const ready = notes.ready;
    const classes = detector.classNames.map((cls, i) => `${cls} → ${detector.roles[i]}`).join(', ');
    const lines = [
      model.path,
      `layout ${ready?.layout ?? 'unknown'}, input ${ready?.input?.join('×') ?? 'unknown'}, ${detector.classNames.length} classes`,
      `classes: ${classes}`,
      // Which PPE items the model can show, and by which classes.
      describeClassMapping(detector.classNames, detector.roles)[1],
      ...notes.remarks,
    ];
    const ms = Math.round(timings.inferenceMs);
    if (!detections.length) {
      lines.push(
        `one inference on ${picture.label} (${ms} ms): every class score is exactly 0`,
        'a static int8 export whose output quantisation rounds the scores to 0 does this: it will never',
        'detect anything; re-export it (float, or int8 without quantising the output)',
      );
      return check(name, 'warn', ...lines);
    }
    const best = detections[0];
    const above = detections.filter((d) => d.score >= model.minScore).length;
    lines.push(
      `one inference on ${picture.label} (${ms} ms): best score ${best.score.toFixed(2)} ` +
        `(${best.className}), ${above} detection(s) at minScore ${model.minScore}`,
    );
    return check(name, 'ok', ...lines);
  } catch (err) {
    return check(name, 'fail', `${model.path}: inference failed: ${(err as Error).message}`);
  } finally {
    await detector.close();
  }
}
