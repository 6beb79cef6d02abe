// A broken export: some static-int8 exports share one output quantisation scale between the box
// coordinates (hundreds of pixels) and the class scores (0..1), which then all round to exactly
// zero. Such a model loads and runs but never detects anything; the first frames tell.
import type { ResolvedLayout } from './decode';

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

const ZERO_SCORE_MARK = 'every class score was exactly 0';

/** The error a camera stops with, and `cctv detect` prints. */
export function zeroScoreError(file: string, frames: number): Error {
  const first = frames === 1 ? 'its first frame' : `its first ${frames} frames`;
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

/** Watches a model's first frames; throws once ZERO_SCORE_FRAMES of them in a row scored nothing at all. */
export class ZeroScoreWatch {
  private zeroFrames = 0;
  private done = false;

  constructor(
    private readonly file: string,
    private readonly frames = ZERO_SCORE_FRAMES,
  ) {}

  observe(values: Float32Array, layout: ResolvedLayout): void {
    if (this.done) return;
    if (maxClassScore(values, layout) !== 0) {
      this.done = true;
      return;
    }
    if (++this.zeroFrames >= this.frames) throw zeroScoreError(this.file, this.frames);
  }
}
