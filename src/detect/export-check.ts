// A broken export: some static-int8 exports share one output quantisation scale between the box
// coordinates (hundreds of pixels) and the class scores (0..1), which then all round to exactly
// zero. Such a model loads and runs but never detects anything; the first frames tell.
import type { ResolvedLayout } from './decode';
import type { LetterboxGeometry } from './letterbox';

/** Frames whose class scores must all be exactly zero before the model is called broken. */
export const ZERO_SCORE_FRAMES = 3;

/** The highest class score anywhere in one raw output. */
export function maxClassScore(values: Float32Array, layout: ResolvedLayout): number {
  const { numClasses: nc, numCandidates: n } = layout;
  let max = 0;
  if (layout.layout === 'yolov8') {
    for (let i = 4 * n; i < (4 + nc) * n; i++) if (values[i] > max) max = values[i];
  } else if (layout.layout === 'yolov5') {
    const row = 5 + nc;
    for (let r = 0; r < n; r++) for (let c = 5; c < row; c++) if (values[r * row + c] > max) max = values[r * row + c];
  } else {
    for (let r = 0; r < n; r++) if (values[r * 6 + 4] > max) max = values[r * 6 + 4];
  }
  return max;
}

/** Grey-level spread (0..1) below which a picture is featureless: black, grey, a covered lens. */
const MIN_PICTURE_SPREAD = 0.02;
/** Samples per side of the grid the spread is measured on. */
const SPREAD_GRID = 24;

/**
 * Whether the picture inside a letterboxed CHW tensor (RGB, 0..1) has anything to see: a working
 * model may well score exactly 0 everywhere on a black or uniform grey frame, a broken one scores
 * 0 on real scenes too.
 */
export function hasPictureContent(tensor: Float32Array, g: LetterboxGeometry): boolean {
  const plane = g.inputWidth * g.inputHeight;
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let r = 0; r < SPREAD_GRID; r++) {
    const y = g.padY + Math.floor(((r + 0.5) * g.resizedHeight) / SPREAD_GRID);
    for (let c = 0; c < SPREAD_GRID; c++) {
      const x = g.padX + Math.floor(((c + 0.5) * g.resizedWidth) / SPREAD_GRID);
      const i = y * g.inputWidth + x;
      const grey = 0.299 * tensor[i] + 0.587 * tensor[plane + i] + 0.114 * tensor[2 * plane + i];
      sum += grey;
      sumSq += grey * grey;
      n++;
    }
  }
  const mean = sum / n;
  return Math.sqrt(Math.max(0, sumSq / n - mean * mean)) >= MIN_PICTURE_SPREAD;
}

const ZERO_SCORE_MARK = 'every class score was exactly 0';

/** The error a camera stops with, and `cctv detect` prints. */
export function zeroScoreError(file: string, frames: number): Error {
  const first = frames === 1 ? 'its first frame with a picture' : `its first ${frames} frames with a picture`;
  return new Error(
    `Model ${file} is broken: ${ZERO_SCORE_MARK} on ${first}. ` +
      'This is a known static-int8 export fault (the output quantisation scale is shared with the box ' +
      'coordinates, so scores round to 0); use the float model or re-export with dynamic quantisation.',
  );
}

/** By message, since errors reach a camera worker from its detector thread as text. */
export function isZeroScoreError(err: Error): boolean {
  return err.message.includes(ZERO_SCORE_MARK);
}

/**
 * Watches a model's first frames with a picture (featureless ones do not count either way);
 * throws once ZERO_SCORE_FRAMES of them in a row scored nothing at all.
 */
export class ZeroScoreWatch {
  private zeroFrames = 0;
  private done = false;

  /** A frame scored something: the export is fine, nothing more to watch. */
  get settled(): boolean {
    return this.done;
  }

  constructor(
    private readonly file: string,
    private readonly frames = ZERO_SCORE_FRAMES,
  ) {}

  /** `picture`: the frame has something to see (hasPictureContent). */
  observe(values: Float32Array, layout: ResolvedLayout, picture: boolean): void {
    if (this.done) return;
    if (maxClassScore(values, layout) !== 0) {
      this.done = true;
      return;
    }
    if (!picture) return;
    if (++this.zeroFrames >= this.frames) throw zeroScoreError(this.file, this.frames);
  }
}
