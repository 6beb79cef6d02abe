// `npm run eval:photos`: how well a model finds helmets, bare heads, vests and torsos without a
// vest on YOLO-labelled photos, through the same detector and class mapping a camera uses.
import { existsSync, realpathSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_MODEL_FILE, sharedDir } from '../config/paths';
import { createDetector, type Detector, type DetectorLog, type FrameDetections } from '../detect/detector';
import { withTiles } from '../detect/tiled-detector';
import { DEFAULT_TILES, formatTilesSetting, parseTilesFlag, type TilesSetting } from '../detect/tiles';
import { BUILT_IN_CATALOGUE } from '../domain/ppe-items';
import { decodedCatalogue, ppeConfigSchema } from '../ppe/config';
import { modelConfigSchema } from '../detect/config';
import { DEFAULT_CONFLICT_RULE, type ConflictRule } from '../detect/conflicts';
import { readCalibratedThresholds, shippedCalibrationPath } from '../detect/thresholds';
import {
  figuresAt,
  sweepThresholds,
  uniformThresholds,
  type ClassThresholds,
  type DetectedPhoto,
  type Figures,
  type ModelClasses,
} from './photo-evaluation';
import { parseLabelRoles, SFCHD_LABEL_ROLES, splitOf, type LabelRoles, type Split } from './photo-labels';
import {
  describeClasses,
  describeSmallPeople,
  formatFigures,
  formatSweep,
  formatThresholds,
  MATCHING_RULE,
  toJson,
  type CalibrationFile,
} from './photo-report';
import { smallPersonRule, thresholdGrid } from './photo-scoring';
import { detectPhotos, listPhotos } from './photo-set';

const USAGE = `Usage: npm run eval:photos -- [options]
  --data <dir>           labelled photos: images/<id>.jpg and YOLO labels/<id>.txt
                         (default: the SFCHD set in ../shared/eval/sfchd)
  --model <file>         ONNX model (default: MODEL_PATH, else the demo model in ../shared/models)
  --min-score <x>        threshold of the classes without a calibrated one, 0..1 (default: the product's, ${defaultMinScore()})
  --raw                  no calibrated thresholds: --min-score for every class (the default run
                         uses the model's calibration, as a camera does)
  --keep-conflicts       keep a bare head on a helmet (a bare torso on a vest) as the model gives
                         them; by default the loser by score margin is dropped, as a camera does
  --split <s>            calib | holdout | all: which half of the photos, split by a hash of the name (default all)
  --sweep                F1 per role over min scores 0.05..0.90 on split calib, the best one proposed per
                         class, and the figures of the proposal on split holdout
  --write-calibration    with --sweep: write the proposal to src/detect/calibration/<model>.json
  --label-classes <map>  label class id → role (helmet, no-helmet, vest, no-vest, ignore);
                         default SFCHD's: 0=helmet,1=no-helmet,2=no-vest,3=vest
  --tiles <t>            off | auto | people | <cols>x<rows>: also run the model on overlapping tiles of each
                         photo, as a camera with that detect.tiles does (default: a camera's, ${formatTilesSetting(DEFAULT_TILES)})
  --small-head-px <n>    head boxes under n px tall count as small people (default 20)
  --json                 one JSON object on stdout and nothing else`;

const SWEEP_GRID = thresholdGrid(0.05, 0.9, 0.05);
const DEFAULT_SMALL_HEAD_PX = 20;

interface Options {
  data: string;
  model: string;
  minScore: number;
  split: Split | 'all';
  raw: boolean;
  /** Undefined with --keep-conflicts. */
  conflicts?: ConflictRule;
  sweep: boolean;
  writeCalibration: boolean;
  labelRoles: LabelRoles;
  smallHeadPx: number;
  tiles: TilesSetting;
  json: boolean;
}

/** The threshold every class gets when the model config sets none. */
function defaultMinScore(): number {
  return modelConfigSchema.parse({ path: 'model.onnx' }).minScore;
}

function parseOptions(argv: string[]): Options | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      model: { type: 'string' },
      'min-score': { type: 'string' },
      split: { type: 'string' },
      raw: { type: 'boolean', default: false },
      'keep-conflicts': { type: 'boolean', default: false },
      sweep: { type: 'boolean', default: false },
      'write-calibration': { type: 'boolean', default: false },
      'label-classes': { type: 'string' },
      'small-head-px': { type: 'string' },
      tiles: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (positionals.length) throw new Error(`Unexpected argument "${positionals[0]}".`);
  const split = values.split ?? 'all';
  if (split !== 'calib' && split !== 'holdout' && split !== 'all') {
    throw new Error(`--split must be calib, holdout or all, got "${split}".`);
  }
  if (values.sweep && (values.split !== undefined || values['min-score'] !== undefined)) {
    throw new Error(
      '--sweep chooses thresholds on split calib and reports them on holdout: no --split or --min-score.',
    );
  }
  if (values.raw && values.sweep) throw new Error('--sweep always starts from raw scores: no --raw.');
  if (values['write-calibration'] && !values.sweep) throw new Error('--write-calibration needs --sweep.');
  return {
    data: path.resolve(values.data ?? path.join(sharedDir(), 'eval', 'sfchd')),
    model: path.resolve(values.model ?? process.env.MODEL_PATH ?? path.join(sharedDir(), DEMO_MODEL_FILE)),
    minScore: parseNumber('--min-score', values['min-score'], defaultMinScore(), (v) => v >= 0 && v <= 1),
    split,
    raw: values.raw,
    conflicts: values['keep-conflicts'] ? undefined : DEFAULT_CONFLICT_RULE,
    sweep: values.sweep,
    writeCalibration: values['write-calibration'],
    labelRoles: values['label-classes'] ? parseLabelRoles(values['label-classes']) : SFCHD_LABEL_ROLES,
    smallHeadPx: parseNumber('--small-head-px', values['small-head-px'], DEFAULT_SMALL_HEAD_PX, (v) => v > 0),
    tiles: values.tiles === undefined ? DEFAULT_TILES : parseTilesFlag(values.tiles),
    json: values.json,
  };
}

function parseNumber(flag: string, text: string | undefined, fallback: number, valid: (v: number) => boolean): number {
  if (text === undefined) return fallback;
  const value = text.trim() === '' ? NaN : Number(text);
  if (!valid(value)) throw new Error(`${flag}: bad value "${text}".`);
  return value;
}

/** Warnings to stderr; stdout stays the report. */
const stderrLog: DetectorLog = {
  info() {},
  warn(obj, msg) {
    console.error(`warning: ${msg ?? ''} ${typeof obj === 'string' ? obj : JSON.stringify(obj)}`);
  },
};

/** What detecting the photos cost, per photo: model passes, and milliseconds in the model and in detect() as a whole. */
export interface DetectionCost {
  photos: number;
  passesPerPhoto: number;
  inferenceMsPerPhoto: number;
  detectMsPerPhoto: number;
}

/** A detector that adds up what each call costs. */
function metered(inner: Detector, cost: DetectionCost): Detector {
  return {
    classNames: inner.classNames,
    roles: inner.roles,
    hasPersonClass: inner.hasPersonClass,
    close: () => inner.close(),
    async detect(frame): Promise<FrameDetections> {
      const t = performance.now();
      const answer = await inner.detect(frame);
      cost.photos++;
      cost.passesPerPhoto += answer.passes ?? 1;
      cost.inferenceMsPerPhoto += answer.timings.inferenceMs;
      cost.detectMsPerPhoto += performance.now() - t;
      return answer;
    },
  };
}

async function detectAll(opts: Options, split: Split | 'all', minScore: number) {
  const photos = await listPhotos(opts.data, split);
  // Thresholds and conflicts are applied here, per class, so the detector gives everything above the floor.
  // The labels are helmets and vests: classes decoded as on a camera requiring those.
  const catalogue = decodedCatalogue(BUILT_IN_CATALOGUE, ppeConfigSchema.parse({}));
  const modelConfig = modelConfigSchema.parse({
    path: opts.model,
    minScore,
    calibrated: false,
    resolveConflicts: false,
  });
  const engine = await createDetector(modelConfig, stderrLog, { catalogue });
  const cost: DetectionCost = { photos: 0, passesPerPhoto: 0, inferenceMsPerPhoto: 0, detectMsPerPhoto: 0 };
  const detector = metered(withTiles(engine, opts.tiles, { iou: modelConfig.iou }), cost);
  try {
    const progress = (done: number) => {
      if (done % 100 === 0 || done === photos.length) console.error(`detected ${done}/${photos.length} photos`);
    };
    const detected = await detectPhotos(photos, detector, opts.labelRoles, progress);
    const classes: ModelClasses = { names: detector.classNames, roles: detector.roles };
    return { detected, classes, cost: perPhoto(cost) };
  } finally {
    await detector.close();
  }
}

function perPhoto(total: DetectionCost): DetectionCost {
  const n = Math.max(1, total.photos);
  return {
    photos: total.photos,
    passesPerPhoto: total.passesPerPhoto / n,
    inferenceMsPerPhoto: total.inferenceMsPerPhoto / n,
    detectMsPerPhoto: total.detectMsPerPhoto / n,
  };
}

function describeCost(opts: Options, cost: DetectionCost): string {
  const ms = (v: number) => v.toFixed(1);
  return (
    `Tiles ${formatTilesSetting(opts.tiles)}: ${cost.passesPerPhoto.toFixed(2)} model passes per photo, ` +
    `${ms(cost.inferenceMsPerPhoto)} ms inference, ${ms(cost.detectMsPerPhoto)} ms detect() per photo (mean of ${cost.photos})`
  );
}

function header(opts: Options, classes: ModelClasses): string {
  return [
    `Model ${opts.model}`,
    `  classes: ${describeClasses(classes)}`,
    `Photos ${opts.data}`,
    `  ${MATCHING_RULE}`,
    `  ${describeSmallPeople(opts.smallHeadPx)}`,
  ].join('\n');
}

/** The camera's thresholds: calibrated per class where the model has a calibration, else --min-score. */
async function cameraThresholds(opts: Options): Promise<{ calibration?: string; byClass: ClassThresholds }> {
  const calibration = opts.raw ? undefined : await readCalibratedThresholds(opts.model);
  return { calibration: calibration?.file, byClass: calibration?.classes ?? {} };
}

async function evaluateAtThreshold(opts: Options): Promise<void> {
  const camera = await cameraThresholds(opts);
  const floor = Math.min(opts.minScore, ...Object.values(camera.byClass));
  const { detected, classes, cost } = await detectAll(opts, opts.split, floor);
  const known = Object.entries(camera.byClass).filter(([name]) => classes.names.includes(name));
  const thresholds = { ...uniformThresholds(classes, opts.minScore), ...Object.fromEntries(known) };
  const figures = figuresAt(detected, thresholds, smallPersonRule(opts.smallHeadPx), opts.conflicts);
  if (opts.json) {
    const { model, data, split, minScore, smallHeadPx, tiles } = opts;
    const report = { model, data, split, photos: detected.length, minScore, smallHeadPx, matching: MATCHING_RULE };
    const conflicts = opts.conflicts ?? null;
    const found = { calibration: camera.calibration ?? null, thresholds, conflicts, tiles, cost, figures };
    console.log(toJson({ ...report, ...found }));
    return;
  }
  console.log(header(opts, classes));
  const how = camera.calibration
    ? `calibrated thresholds (${formatThresholds(thresholds)}) from ${displayPath(camera.calibration)}`
    : `min score ${opts.minScore} for every class${opts.raw ? ' (--raw)' : ' (no calibration for this model)'}`;
  const conflicts = opts.conflicts ? 'conflicts resolved' : 'conflicts kept (--keep-conflicts)';
  console.log(`\nSplit ${opts.split} (${detected.length} photos), ${how}, ${conflicts}`);
  console.log(`${describeCost(opts, cost)}\n`);
  console.log(formatFigures(figures));
}

/** Paths under the shared folder are written as ../shared/…, so the source line reads the same on any machine. */
function displayPath(file: string): string {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : p);
  const relative = path.relative(real(sharedDir()), real(file));
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : path.join('../shared', relative);
}

async function evaluateSweep(opts: Options): Promise<void> {
  const { detected, classes } = await detectAll(opts, 'all', SWEEP_GRID[0]);
  const isSmall = smallPersonRule(opts.smallHeadPx);
  const calib = detected.filter((p) => splitOf(p.id) === 'calib');
  const holdout = detected.filter((p) => splitOf(p.id) === 'holdout');
  const result = sweepThresholds(calib, classes, SWEEP_GRID, isSmall, opts.conflicts);
  const defaults = uniformThresholds(classes, opts.minScore);
  // A role without labels keeps the default, so every class is still scored.
  const calibrated: ClassThresholds = { ...defaults, ...result.thresholds };
  const figures = (photos: DetectedPhoto[], thresholds: ClassThresholds) =>
    figuresAt(photos, thresholds, isSmall, opts.conflicts);
  const scored = {
    default: { calib: figures(calib, defaults), holdout: figures(holdout, defaults) },
    calibrated: { calib: figures(calib, calibrated), holdout: figures(holdout, calibrated) },
  };
  const calibration = calibrationFile(opts, result.thresholds, calib.length, holdout.length, scored);
  if (opts.writeCalibration) await writeCalibration(opts.model, calibration);
  if (opts.json) {
    const { model, data, smallHeadPx } = opts;
    const photos = { calib: calib.length, holdout: holdout.length };
    const sweep = { grid: SWEEP_GRID, rows: result.rows, best: result.best };
    const report = { model, data, photos, defaultMinScore: opts.minScore, smallHeadPx, matching: MATCHING_RULE };
    console.log(toJson({ ...report, sweep, thresholds: calibrated, figures: scored, calibration }));
    return;
  }
  printSweep(opts, classes, { calib, holdout, result, calibrated, scored, calibration });
}

interface SweepReport {
  calib: DetectedPhoto[];
  holdout: DetectedPhoto[];
  result: ReturnType<typeof sweepThresholds>;
  calibrated: ClassThresholds;
  scored: Record<'default' | 'calibrated', Record<Split, Figures>>;
  calibration: CalibrationFile;
}

function printSweep(opts: Options, classes: ModelClasses, r: SweepReport): void {
  const photos = (split: Split) => `split ${split} (${r[split].length} photos)`;
  console.log(header(opts, classes));
  console.log(`\nF1 by min score, ${photos('calib')}\n`);
  console.log(formatSweep(r.result));
  for (const split of ['holdout', 'calib'] as const) {
    const note = split === 'calib' ? ' — the photos the thresholds were chosen on, so optimistic' : '';
    console.log(`\nDefault min score ${opts.minScore}, ${photos(split)}${note}\n`);
    console.log(formatFigures(r.scored.default[split]));
    console.log(`\nCalibrated (${formatThresholds(r.calibrated)}), ${photos(split)}${note}\n`);
    console.log(formatFigures(r.scored.calibrated[split]));
  }
  const where = opts.writeCalibration
    ? `written to ${shippedCalibrationPath(opts.model)}`
    : 'write it with --write-calibration';
  console.log(`\nCalibration (${where}):\n${toJson(r.calibration, 2)}`);
}

function calibrationFile(
  opts: Options,
  thresholds: ClassThresholds,
  calibPhotos: number,
  holdoutPhotos: number,
  scored: SweepReport['scored'],
): CalibrationFile {
  const grid = `${SWEEP_GRID[0]}..${SWEEP_GRID[SWEEP_GRID.length - 1]}`;
  const command = `npm run eval:photos -- --data ${displayPath(opts.data)} --model ${displayPath(opts.model)} --sweep`;
  return {
    model: path.basename(opts.model),
    classes: thresholds,
    source:
      `${command}: per role the min score of highest F1 (${grid} step 0.05) on split calib ` +
      `(${calibPhotos} photos); figures on split holdout`,
    figures: {
      split: 'holdout',
      photos: holdoutPhotos,
      calibrated: scored.calibrated.holdout,
      defaultMinScore: opts.minScore,
      default: scored.default.holdout,
    },
  };
}

async function writeCalibration(model: string, calibration: CalibrationFile): Promise<void> {
  const file = shippedCalibrationPath(model);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${toJson(calibration, 2)}\n`);
  console.error(`wrote ${file}`);
}

export async function evalPhotosCommand(argv: string[]): Promise<number> {
  let opts: Options | 'help';
  try {
    opts = parseOptions(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (opts === 'help') {
    console.log(USAGE);
    return 0;
  }
  try {
    await (opts.sweep ? evaluateSweep(opts) : evaluateAtThreshold(opts));
    return 0;
  } catch (err) {
    console.error((err as Error).message);
    return 1;
  }
}

// Run when started as a script (npm run eval:photos), not when a test imports the command.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await evalPhotosCommand(process.argv.slice(2));
}
