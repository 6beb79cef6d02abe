// `npm run eval`: the three measurements of the product's verdicts, with its default settings,
// in one table — detection on labelled photos, tracking on MOT15, captures on labelled clips.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../config/load';
import { repoRoot, sharedDir } from '../config/paths';
import { catalogueOf, cameraConfigSchema } from '../config/schema';
import { createDetector } from '../detect/detector';
import { decodedCatalogue, ppeConfigSchema } from '../ppe/config';
import { episodeLabelsSchema, scoreEpisodes, type EpisodeScore } from './episodes';
import { replayVideo } from './replay';
import { sumEpisodeScores } from './replay-report';

const run = promisify(execFile);
const LABELS_DIR = path.join(repoRoot, 'test', 'fixtures', 'episodes');

/** Runs one of the evaluation commands with --json and parses its one JSON object. */
async function jsonOf(script: string, args: string[]): Promise<any> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(repoRoot, script), ...args, '--json'], {
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout);
}

const ratio = (n: number) => n.toFixed(2);
const row = (area: string, measure: string, value: string) => `${area.padEnd(30)} ${measure.padEnd(44)} ${value}`;

async function photoRows(model: string): Promise<string[]> {
  const report = await jsonOf('src/eval/photos-cli.ts', ['--model', model, '--split', 'holdout']);
  const area = `photos (SFCHD holdout, ${report.photos})`;
  return (['helmet', 'no-helmet', 'vest', 'no-vest'] as const).map((role) => {
    const q = report.figures[role].all;
    return row(area, `${role} precision / recall / F1`, `${ratio(q.precision)} / ${ratio(q.recall)} / ${ratio(q.f1)}`);
  });
}

async function trackingRows(): Promise<string[]> {
  const report = await jsonOf('src/eval/mot-cli.ts', []);
  const c = report.combined;
  const area = `tracking (MOT15, ${Object.keys(report.sequences).length} sequences)`;
  return [
    row(
      area,
      'MOTA / IDF1 / HOTA / ID switches',
      `${c.MOTA.toFixed(1)} / ${c.IDF1.toFixed(1)} / ${c.HOTA?.toFixed(1) ?? '-'} / ${c.IDSW}`,
    ),
  ];
}

async function replayRows(): Promise<string[]> {
  const config = loadConfig({ checkFiles: false });
  // The labelled clips are replayed on default cameras: helmet and vest required.
  const catalogue = decodedCatalogue(catalogueOf(config), ppeConfigSchema.parse({}));
  const detector = await createDetector(config.model, undefined, { catalogue });
  const scores: EpisodeScore[] = [];
  try {
    for (const name of (await fs.readdir(LABELS_DIR)).filter((n) => n.endsWith('.json')).sort()) {
      const labels = episodeLabelsSchema.parse(JSON.parse(await fs.readFile(path.join(LABELS_DIR, name), 'utf8')));
      const file = path.join(sharedDir(), 'media', labels.file);
      const camera = cameraConfigSchema.parse({ id: 'replay', name: 'Replay', url: file });
      const result = await replayVideo({ file, camera, config, detector });
      scores.push(scoreEpisodes(labels, result.captures, result));
    }
  } finally {
    await detector.close();
  }
  const area = `replay (${scores.length} labelled clips)`;
  return Object.entries(sumEpisodeScores(scores).byKind).map(([kind, s]) =>
    row(
      area,
      `${kind} once / missed / dup. / false; P / R`,
      `${s.once}/${s.episodes} / ${s.missed} / ${s.duplicates} / ${s.falseCaptures}; ${ratio(s.precision)} / ${ratio(s.recall)}`,
    ),
  );
}

async function main(): Promise<void> {
  const model = loadConfig({ checkFiles: false }).model.path;
  console.error(`default model ${path.basename(model)}; this takes a few minutes`);
  const rows = [...(await photoRows(model)), ...(await trackingRows()), ...(await replayRows())];
  console.log([row('evaluation', 'measure', 'value'), ...rows].join('\n'));
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
