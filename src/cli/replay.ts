// `cctv replay`: a configured camera's pipeline on recorded footage, to try settings on
// yesterday's video before changing a live camera, and to score verdicts against labels.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { catalogueOf, cameraConfigSchema, type AppConfig, type CameraConfig } from '../config/schema';
import { createDetector, type Detector } from '../detect/detector';
import { decodedCatalogue } from '../ppe/config';
import { tilingOptionsOf, withTiles } from '../detect/tiled-detector';
import { episodeLabelsSchema, scoreEpisodes, type EpisodeLabels, type EpisodeScore } from '../eval/episodes';
import { replayVideo, type ReplayCapture, type ReplayResult } from '../eval/replay';
import { formatEpisodeScores, sumEpisodeScores } from '../eval/replay-report';
import { loadConfigOrExplain } from './common';

export const REPLAY_USAGE = `Usage: cctv replay <video|folder> [--config FILE] [--camera ID] [--model FILE] [--out DIR]
                   [--labels FILE|DIR] [--json]
  Runs a camera's whole pipeline (fps, zones, required PPE, tracker, confirmation, dedup) on
  recorded video as fast as the machine allows; the same captures every run.
  --camera ID    the settings of that configured camera (default: a new camera's defaults)
  --model FILE   another model than the config's
  --out DIR      write each capture's crop and frame, and captures.jsonl
  --labels       violation episodes to score against (docs/labels.md); a folder pairs each video
                 with the labels file naming it
  --json         one JSON line per capture on stdout, nothing else (scores go to stderr)`;

const VIDEO_EXTENSIONS = new Set(['.mp4', '.mkv', '.mov', '.avi', '.webm', '.m4v', '.ts']);

interface ReplayArgs {
  target: string;
  config?: string;
  camera?: string;
  model?: string;
  out?: string;
  labels?: string;
  json: boolean;
}

function parseReplayArgs(argv: string[]): ReplayArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      camera: { type: 'string' },
      model: { type: 'string' },
      out: { type: 'string' },
      labels: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new Error('replay: give one video file or folder');
  const { json = false, help: _help, ...rest } = values;
  return { target: positionals[0], json, ...rest };
}

export async function replayCommand(argv: string[]): Promise<number> {
  let args: ReplayArgs | 'help';
  try {
    args = parseReplayArgs(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n${REPLAY_USAGE}`);
    return 2;
  }
  if (args === 'help') {
    console.log(REPLAY_USAGE);
    return 0;
  }
  const config = loadConfigOrExplain(args.config, { checkFiles: false });
  if (!config) return 2;
  let camera: CameraConfig;
  let videos: string[];
  let labels: EpisodeLabels[];
  try {
    camera = replayCamera(config, args);
    videos = await listVideos(args.target);
    labels = args.labels ? await readLabels(args.labels) : [];
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  let detector: Detector;
  try {
    const model = args.model ? { ...config.model, path: path.resolve(args.model) } : config.model;
    // The camera's own tiling and items, as its worker would run them.
    const catalogue = decodedCatalogue(catalogueOf(config), camera.ppe);
    detector = withTiles(
      await createDetector(model, undefined, { catalogue }),
      camera.detect.tiles,
      tilingOptionsOf(model),
    );
  } catch (err) {
    console.error((err as Error).message);
    return 1;
  }
  try {
    return await replayAll(videos, labels, { args, camera, config, detector });
  } finally {
    await detector.close();
  }
}

interface ReplayContext {
  args: ReplayArgs;
  camera: CameraConfig;
  config: AppConfig;
  detector: Detector;
}

async function replayAll(videos: string[], labels: EpisodeLabels[], ctx: ReplayContext): Promise<number> {
  const { args, camera, config, detector } = ctx;
  const report = args.json ? console.error : console.log;
  if (args.out) await fs.mkdir(args.out, { recursive: true });
  const scores: EpisodeScore[] = [];
  let failed = false;
  for (const file of videos) {
    let result: ReplayResult;
    try {
      result = await replayVideo({ file, camera, config, detector });
    } catch (err) {
      console.error(`${file}: ${(err as Error).message}`);
      failed = true;
      continue;
    }
    if (args.out) await writeCaptures(args.out, file, result.captures);
    if (args.json)
      for (const c of result.captures)
        console.log(JSON.stringify(captureLine(c, videos.length > 1 ? file : undefined)));
    report(describeReplay(file, result)); // with --json on stderr, beside the scores
    const label = args.labels ? labels.find((l) => l.file === path.basename(file)) : undefined;
    if (label) {
      const score = scoreEpisodes(label, result.captures, result);
      scores.push(score);
      report(formatEpisodeScores(`${path.basename(file)} against its labels`, score));
    } else if (args.labels) {
      report(`${path.basename(file)}: no labels file names it; not scored`);
    }
  }
  if (scores.length > 1) report(formatEpisodeScores('all labelled videos', sumEpisodeScores(scores)));
  return failed ? 1 : 0;
}

function replayCamera(config: AppConfig, args: ReplayArgs): CameraConfig {
  if (args.camera === undefined) return cameraConfigSchema.parse({ id: 'replay', name: 'Replay', url: args.target });
  const camera = config.cameras.find((c) => c.id === args.camera);
  if (!camera) {
    const known = config.cameras.map((c) => c.id).join(', ') || 'none';
    throw new Error(`--camera: no camera "${args.camera}" in the configuration (cameras: ${known})`);
  }
  return camera;
}

async function listVideos(target: string): Promise<string[]> {
  const stat = await fs.stat(target).catch(() => undefined);
  if (!stat) throw new Error(`${target}: no such file or folder`);
  if (stat.isFile()) return [target];
  const names = (await fs.readdir(target)).filter((n) => VIDEO_EXTENSIONS.has(path.extname(n).toLowerCase()));
  if (names.length === 0) throw new Error(`${target}: no video files (${[...VIDEO_EXTENSIONS].join(' ')})`);
  return names.sort().map((n) => path.join(target, n));
}

async function readLabels(target: string): Promise<EpisodeLabels[]> {
  const stat = await fs.stat(target).catch(() => undefined);
  if (!stat) throw new Error(`--labels: ${target}: no such file or folder`);
  const files = stat.isFile()
    ? [target]
    : (await fs.readdir(target))
        .filter((n) => n.endsWith('.json'))
        .sort()
        .map((n) => path.join(target, n));
  return Promise.all(
    files.map(async (file) => {
      let raw: unknown;
      try {
        raw = JSON.parse(await fs.readFile(file, 'utf8'));
      } catch (err) {
        throw new Error(`--labels: ${file}: ${(err as Error).message}`);
      }
      const parsed = episodeLabelsSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`--labels: ${file}: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
      }
      return parsed.data;
    }),
  );
}

function captureLine(c: ReplayCapture, file?: string) {
  return {
    ...(file ? { file } : {}),
    offset: Math.round(c.offset * 1000) / 1000,
    trackId: c.trackId,
    kinds: c.kinds,
    score: c.score,
    box: c.box,
  };
}

async function writeCaptures(out: string, file: string, captures: readonly ReplayCapture[]): Promise<void> {
  const base = path.basename(file, path.extname(file));
  const dir = path.join(out, base);
  await fs.mkdir(dir, { recursive: true });
  const lines: string[] = [];
  for (const [i, c] of captures.entries()) {
    const name = `${String(i + 1).padStart(3, '0')}-${c.offset.toFixed(1)}s-track${c.trackId}-${c.kinds.join('+')}`;
    await fs.writeFile(path.join(dir, `${name}-crop.jpg`), c.crop);
    await fs.writeFile(path.join(dir, `${name}-frame.jpg`), c.frame);
    lines.push(
      JSON.stringify({ ...captureLine(c, file), crop: `${base}/${name}-crop.jpg`, frame: `${base}/${name}-frame.jpg` }),
    );
  }
  await fs.appendFile(path.join(out, 'captures.jsonl'), lines.map((l) => `${l}\n`).join(''));
}

function describeReplay(file: string, r: ReplayResult): string {
  const head = `${path.basename(file)}: ${r.frames} frames (${r.detected} detected), ${r.captures.length} capture(s), ${r.duplicatesRefused} refused as duplicates`;
  const rows = r.captures.map(
    (c) =>
      `  ${c.offset.toFixed(1).padStart(6)} s  track ${String(c.trackId).padEnd(4)} ${c.kinds.join(' + ').padEnd(20)} ${c.score.toFixed(2)}  [${c.box.join(', ')}]`,
  );
  return [head, ...rows].join('\n');
}
