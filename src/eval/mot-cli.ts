// `npm run eval:mot`: runs the product's tracker on MOTChallenge detections and scores it against
// the ground truth with the MOTChallenge metrics — a per-sequence table and a COMBINED row, or
// one JSON object with --json.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { sharedDir } from '../config/paths';
import { trackerAlgorithmSchema, trackerParamsSchema } from '../track/config';
import { findSequences, loadSequence } from './mot-files';
import type { MotScores } from './mot-metrics';
import { evaluateTracker, productTrackerConfig, type MotReport } from './mot-run';

const DEFAULT_DATA = path.join(sharedDir(), 'mot', 'MOT15-train');

const USAGE = `Usage: npm run -s eval:mot -- [options]
  --data <dir>        a MOTChallenge sequence folder, or a folder of them
                      (default: ${DEFAULT_DATA})
  --tracker <name>    sort | bytetrack (default: the product's)
  --settings <json>   tracker settings over the product's defaults, e.g.
                      '{"maxAge":1,"minHits":3,"iouThreshold":0.3}'
  --per-frame         take the tracker's frame counts and motion settings per frame as written,
                      instead of converting them from 5 fps to each sequence's frame rate
  --json              print one JSON object {"combined": {…}, "sequences": {…}} (percentages 0–100)`;

/** Table columns: score key and heading. */
const COLUMNS: [keyof MotScores, string][] = [
  ['MOTA', 'MOTA'],
  ['IDF1', 'IDF1'],
  ['HOTA', 'HOTA'],
  ['IDSW', 'IDs'],
  ['FP', 'FP'],
  ['FN', 'FN'],
  ['Rcll', 'Rcll'],
  ['Prcn', 'Prcn'],
  ['MOTP', 'MOTP'],
  ['IDP', 'IDP'],
  ['IDR', 'IDR'],
  ['DetA', 'DetA'],
  ['AssA', 'AssA'],
  ['GT', 'GT'],
  ['MT', 'MT'],
  ['PT', 'PT'],
  ['ML', 'ML'],
  ['FM', 'FM'],
];

/** Integer counts are printed as they are, rates with one decimal. */
const COUNTS = new Set<keyof MotScores>(['IDSW', 'FP', 'FN', 'GT', 'MT', 'PT', 'ML', 'FM', 'TP']);

export function formatReport(report: MotReport): string {
  const row = (name: string, s: MotScores) =>
    `| ${name} | ${COLUMNS.map(([key]) => (COUNTS.has(key) ? String(s[key]) : s[key].toFixed(1))).join(' | ')} |`;
  return [
    `| sequence | ${COLUMNS.map(([, heading]) => heading).join(' | ')} |`,
    `|---|${COLUMNS.map(() => '---:').join('|')}|`,
    ...Object.entries(report.sequences).map(([name, s]) => row(name, s)),
    row('**COMBINED**', report.combined),
  ].join('\n');
}

function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string', default: DEFAULT_DATA },
        tracker: { type: 'string' },
        settings: { type: 'string', default: '{}' },
        'per-frame': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  let config;
  try {
    const algorithm = values.tracker === undefined ? undefined : trackerAlgorithmSchema.parse(values.tracker);
    const settings: unknown = JSON.parse(values.settings);
    // The schema would drop a misspelt setting silently, and the run would measure the defaults.
    const unknown = Object.keys(settings ?? {}).filter((key) => !(key in trackerParamsSchema.shape));
    if (unknown.length > 0) throw new Error(`unknown tracker settings: ${unknown.join(', ')}`);
    config = productTrackerConfig(algorithm, settings);
  } catch (err) {
    const message = err instanceof z.ZodError ? z.prettifyError(err) : (err as Error).message;
    console.error(`invalid --tracker or --settings: ${message}\n${USAGE}`);
    return 2;
  }
  let report: MotReport;
  try {
    report = evaluateTracker(findSequences(values.data).map(loadSequence), config, values['per-frame']);
  } catch (err) {
    console.error((err as Error).message);
    return 1;
  }
  if (values.json) {
    console.log(JSON.stringify(report));
  } else {
    const rate = values['per-frame'] ? 'settings per frame' : "settings converted to each sequence's frame rate";
    console.log(`tracker: ${JSON.stringify(config)} (${rate})\ndata: ${values.data}\n\n${formatReport(report)}`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
