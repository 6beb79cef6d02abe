// `cctv detect <image|folder|video>`: run the model offline and show what it finds — a quick way
// to try a model, its class mapping and thresholds on one's own footage.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { renderAnnotatedFrame, type Annotation } from '../capture/render';
import { DEMO_MODEL_FILE, sharedDir } from '../config/paths';
import type { Detection, LentFrame } from '../domain/detection';
import { roleEvidence } from '../domain/ppe-items';
import { describeClassMapping } from '../detect/classes';
import { modelConfigSchema } from '../detect/config';
import {
  createDetector,
  type Detector,
  type DetectorLog,
  type FrameDetections,
  type StageTimings,
} from '../detect/detector';
import { tilingOptionsOf, withTiles } from '../detect/tiled-detector';
import { DEFAULT_TILES, formatTilesSetting, parseTilesFlag, type TilesSetting } from '../detect/tiles';
import { probeVideoFile, readVideoFrames } from '../ingest/video-file';

export const DETECT_USAGE = `Usage: cctv detect <image|folder|video> [options]
  --model <file>     ONNX model (default: MODEL_PATH, else the demo model in ../shared/models)
  --min-score <x>    one score threshold for every class, 0..1 (default: the model's calibrated
                     thresholds where it has them, else 0.25)
  --tiles <t>        off | auto | people | <cols>x<rows>: also run the model on overlapping tiles, as a
                     camera with that detect.tiles does (default: a camera's, ${formatTilesSetting(DEFAULT_TILES)})
  --json             one JSON object per image or video frame (JSON Lines)
  --out <dir>        write annotated JPEGs (videos: only frames with detections)
  --timings          print the median milliseconds per stage at the end`;

const IMAGE_EXTENSIONS = new Set('.jpg .jpeg .png .webp .tif .tiff .gif .avif'.split(' '));
const VIDEO_EXTENSIONS = new Set('.mp4 .mkv .avi .mov .webm .m4v .ts .mpg .mpeg .flv .wmv .3gp'.split(' '));

interface Options {
  help: boolean;
  target: string;
  model: string;
  minScore?: number;
  tiles: TilesSetting;
  json: boolean;
  out?: string;
  timings: boolean;
}

/** One decoded picture: an image, or one frame of a video; released once reported. */
interface Item {
  source: string;
  frame: LentFrame;
  video: boolean;
  /** Position in the video, when its frame rate is known. */
  timeSec?: number;
}

export async function detectCommand(argv: string[]): Promise<number> {
  let opts: Options;
  try {
    opts = parseOptions(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n${DETECT_USAGE}`);
    return 2;
  }
  if (opts.help) {
    console.log(DETECT_USAGE);
    return 0;
  }
  let inputs: string[];
  try {
    inputs = await listInputs(opts.target);
  } catch (err) {
    console.error((err as Error).message);
    return 1;
  }
  if (opts.out) await fs.mkdir(opts.out, { recursive: true });

  let detector: Detector;
  try {
    // --min-score is one threshold for every class, so it replaces the model's calibrated ones.
    const model = modelConfigSchema.parse({
      path: opts.model,
      ...(opts.minScore !== undefined ? { minScore: opts.minScore, calibrated: false } : {}),
    });
    // One image is all a broken export needs to show (see src/detect/export-check.ts).
    const engine = await createDetector(model, stderrLog, { zeroScoreFrames: 1 });
    detector = withTiles(engine, opts.tiles, tilingOptionsOf(model));
  } catch (err) {
    console.error((err as Error).message);
    return 1;
  }
  const report = new Reporter(opts, detector);
  if (!opts.json) console.error(describeModel(opts.model, detector));
  let failed = false;
  try {
    for (const file of inputs) {
      try {
        const items = VIDEO_EXTENSIONS.has(path.extname(file).toLowerCase()) ? videoFrames(file) : imageItem(file);
        for await (const item of items) {
          const answer = await detector.detect(item.frame);
          const { detections } = answer;
          report.add(item, answer);
          if (opts.out && (!item.video || detections.length)) await writeAnnotated(opts.out, item, detections);
          item.frame.release();
        }
      } catch (err) {
        failed = true;
        console.error(`${file}: ${(err as Error).message}`);
      }
    }
  } finally {
    await detector.close();
  }
  report.finish();
  return failed ? 1 : 0;
}

function parseOptions(argv: string[]): Options {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      'min-score': { type: 'string' },
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
      timings: { type: 'boolean', default: false },
      tiles: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return { help: true, target: '', model: '', tiles: 'off', json: false, timings: false };
  if (positionals.length !== 1) throw new Error('Give exactly one image, folder or video.');
  let minScore: number | undefined;
  if (values['min-score'] !== undefined) {
    minScore = values['min-score'].trim() === '' ? NaN : Number(values['min-score']);
    if (!(minScore >= 0 && minScore <= 1))
      throw new Error(`--min-score must be a number from 0 to 1, got "${values['min-score']}".`);
  }
  return {
    help: false,
    target: positionals[0],
    model: values.model ?? process.env.MODEL_PATH ?? path.join(sharedDir(), DEMO_MODEL_FILE),
    minScore,
    tiles: values.tiles === undefined ? DEFAULT_TILES : parseTilesFlag(values.tiles),
    json: values.json,
    out: values.out,
    timings: values.timings,
  };
}

/** The file itself, or the images and videos directly inside a folder, in name order. */
async function listInputs(target: string): Promise<string[]> {
  const stat = await fs.stat(target).catch(() => undefined);
  if (!stat) throw new Error(`Not found: ${target}`);
  if (!stat.isDirectory()) return [target];
  const files = (await fs.readdir(target))
    .filter((name) => {
      const ext = path.extname(name).toLowerCase();
      return IMAGE_EXTENSIONS.has(ext) || VIDEO_EXTENSIONS.has(ext);
    })
    .sort()
    .map((name) => path.join(target, name));
  if (!files.length) throw new Error(`No images or videos in ${target}`);
  return files;
}

async function* imageItem(file: string): AsyncGenerator<Item> {
  // rotate() applies EXIF orientation, so boxes match the picture as people see it.
  const { data, info } = await sharp(file)
    .rotate()
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected RGB`);
  yield {
    source: file,
    video: false,
    // The image's pixels are its own: there is nothing to give back.
    frame: { data, width: info.width, height: info.height, seq: 0, time: Date.now(), release() {} },
  };
}

async function* videoFrames(file: string): AsyncGenerator<Item> {
  const video = await probeVideoFile(file);
  for await (const frame of readVideoFrames(file, video)) {
    yield { source: file, video: true, frame, timeSec: video.fps ? frame.seq / video.fps : undefined };
  }
}

/** An item seen missing is drawn as a violation, an item seen worn as compliant, people neutral. */
function toneOf(d: Detection): Annotation['tone'] {
  const evidence = roleEvidence(d.role);
  return !evidence ? 'unknown' : evidence.violation ? 'violation' : 'compliant';
}

async function writeAnnotated(outDir: string, item: Item, detections: Detection[]): Promise<void> {
  const annotations: Annotation[] = detections.map((d) => ({
    box: d.box,
    label: `${d.className} ${d.score.toFixed(2)}`,
    tone: toneOf(d),
  }));
  const name = path.parse(item.source).name;
  const file = !item.video ? `${name}.jpg` : `${name}_f${String(item.frame.seq).padStart(6, '0')}.jpg`;
  await fs.writeFile(path.join(outDir, file), await renderAnnotatedFrame(item.frame, annotations, { quality: 90 }));
}

function describeModel(file: string, detector: Detector): string {
  return [`Model ${file}`, ...describeClassMapping(detector.classNames, detector.roles).map((l) => `  ${l}`)].join(
    '\n',
  );
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/** Prints results as they come and keeps the per-stage times for the summary. */
class Reporter {
  private readonly times: Record<keyof StageTimings, number[]> = { letterboxMs: [], inferenceMs: [], decodeMs: [] };
  private readonly passes: number[] = [];
  private frames = 0;
  private framesWithDetections = 0;

  constructor(
    private readonly opts: Options,
    private readonly detector: Detector,
  ) {}

  add(item: Item, { detections, timings, passes = 1 }: FrameDetections): void {
    this.frames++;
    if (detections.length) this.framesWithDetections++;
    for (const key of Object.keys(this.times) as (keyof StageTimings)[]) this.times[key].push(timings[key]);
    this.passes.push(passes);
    if (this.opts.json) {
      console.log(
        JSON.stringify({
          source: item.source,
          ...(item.video ? { frame: item.frame.seq } : {}),
          ...(item.timeSec !== undefined ? { timeSec: round(item.timeSec, 3) } : {}),
          width: item.frame.width,
          height: item.frame.height,
          detections: detections.map((d) => ({
            className: d.className,
            role: d.role,
            score: round(d.score, 4),
            box: d.box.map((v) => round(v, 1)),
          })),
          ...(this.opts.timings
            ? { timings: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, round(v, 3)])), passes }
            : {}),
        }),
      );
      return;
    }
    // A video's empty frames would drown the ones that matter.
    if (item.video && !detections.length) return;
    const at = item.timeSec !== undefined ? ` (${item.timeSec.toFixed(2)} s)` : '';
    const where = item.video ? ` frame ${item.frame.seq}${at}` : '';
    const lines = [
      `${item.source}${where}  ${item.frame.width}x${item.frame.height}  ${detections.length} detection${detections.length === 1 ? '' : 's'}`,
    ];
    const nameWidth = Math.max(...this.detector.classNames.map((n) => n.length));
    for (const d of detections) {
      const box = d.box.map((v) => Math.round(v)).join(', ');
      lines.push(`  ${d.className.padEnd(nameWidth)}  ${d.role.padEnd(9)}  ${d.score.toFixed(2)}  [${box}]`);
    }
    console.log(lines.join('\n'));
  }

  finish(): void {
    if (!this.opts.json && this.frames > 1) {
      console.log(`${this.frames} pictures, ${this.framesWithDetections} with detections`);
    }
    if (this.opts.timings && this.frames) {
      const m = (k: keyof StageTimings) => median(this.times[k]).toFixed(2);
      // Keep stdout pure JSON Lines in --json mode.
      const print = this.opts.json ? console.error : console.log;
      print(
        `Median ms over ${this.frames} picture${this.frames === 1 ? '' : 's'}: letterbox ${m('letterboxMs')}, ` +
          `inference ${m('inferenceMs')}, decode + NMS ${m('decodeMs')} (summed over ${median(this.passes)} model ` +
          `pass${median(this.passes) === 1 ? '' : 'es'} per picture: the whole picture and its tiles, --tiles ${formatTilesSetting(this.opts.tiles)})`,
      );
    }
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Warnings to stderr; the model summary printed at start replaces the info lines. */
const stderrLog: DetectorLog = {
  info() {},
  warn(obj, msg) {
    console.error(
      `warning: ${msg ?? (typeof obj === 'string' ? obj : '')}${typeof obj === 'object' ? ` ${JSON.stringify(obj)}` : ''}`,
    );
  },
};
