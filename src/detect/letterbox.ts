// Letterboxing: fit a frame into the model's input without distorting it, pad the rest with
// grey 114 (what Ultralytics trains with), and map boxes back to source pixels afterwards.
import type { Box, Frame } from '../domain/detection';

/** Where the source frame sits inside the model input. */
export interface LetterboxGeometry {
  srcWidth: number;
  srcHeight: number;
  inputWidth: number;
  inputHeight: number;
  /** Ultralytics gain: min(inputWidth / srcWidth, inputHeight / srcHeight). */
  scale: number;
  /** Size of the resized frame inside the input. */
  resizedWidth: number;
  resizedHeight: number;
  /** Offset of the resized frame inside the input (left / top padding). */
  padX: number;
  padY: number;
}

export type Interpolation = 'bilinear' | 'nearest';

/** A byte (0..255) in tensor units (0..1). */
const BYTE_TO_UNIT = 1 / 255;

/** Grey padding in tensor units. */
export const PAD_VALUE = 114 / 255;

/** Same rounding as Ultralytics' LetterBox (centred, pad rounded with a 0.1 bias). */
export function letterboxGeometry(
  srcWidth: number,
  srcHeight: number,
  inputWidth: number,
  inputHeight: number,
): LetterboxGeometry {
  if (!(srcWidth > 0 && srcHeight > 0)) throw new Error(`Cannot letterbox a ${srcWidth}x${srcHeight} frame`);
  const scale = Math.min(inputWidth / srcWidth, inputHeight / srcHeight);
  const resizedWidth = Math.min(inputWidth, Math.max(1, Math.round(srcWidth * scale)));
  const resizedHeight = Math.min(inputHeight, Math.max(1, Math.round(srcHeight * scale)));
  // max(0, …) also turns the -0 of round(-0.1) into 0.
  const padX = Math.max(0, Math.round((inputWidth - resizedWidth) / 2 - 0.1));
  const padY = Math.max(0, Math.round((inputHeight - resizedHeight) / 2 - 0.1));
  return { srcWidth, srcHeight, inputWidth, inputHeight, scale, resizedWidth, resizedHeight, padX, padY };
}

/**
 * A box in model-input pixels back to source pixels, clipped to the frame. Uses the exact
 * per-axis ratio of the resize so frame edges map to frame edges.
 */
export function unletterbox(box: Box, g: LetterboxGeometry): Box {
  const sx = g.srcWidth / g.resizedWidth;
  const sy = g.srcHeight / g.resizedHeight;
  return [
    clamp((box[0] - g.padX) * sx, 0, g.srcWidth),
    clamp((box[1] - g.padY) * sy, 0, g.srcHeight),
    clamp((box[2] - g.padX) * sx, 0, g.srcWidth),
    clamp((box[3] - g.padY) * sy, 0, g.srcHeight),
  ];
}

const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);

/** Per-axis sampling table: source indices and the weight of the second one. */
interface AxisTable {
  i0: Int32Array;
  i1: Int32Array;
  w: Float32Array;
}

/**
 * Two taps per output pixel, half-pixel centres, edges clamped. Up to 2× shrink these are the
 * bilinear neighbours (as OpenCV's INTER_LINEAR). Beyond 2× adjacent pixels would cover only
 * part of the output pixel's footprint and fine detail aliases away, so the taps spread to the
 * footprint's quarter points with equal weight (a sampled box filter) at the same cost. On
 * the sample photos (2.4–3.2× shrink) the demo model's scores then come close to those of a
 * full anti-aliased resize: e.g. the white helmet in pictor_8.jpg 0.28 → 0.45 (full: 0.53–0.62),
 * the bare heads in pictor_0.jpg 0.51/0.45 → 0.60/0.51.
 */
function axisTable(srcSize: number, dstSize: number, multiplier: number): AxisTable {
  const i0 = new Int32Array(dstSize);
  const i1 = new Int32Array(dstSize);
  const w = new Float32Array(dstSize);
  const ratio = srcSize / dstSize;
  const clampIndex = (v: number) => Math.min(Math.max(v, 0), srcSize - 1);
  for (let d = 0; d < dstSize; d++) {
    const centre = (d + 0.5) * ratio - 0.5;
    if (ratio > 2) {
      i0[d] = Math.round(clampIndex(centre - ratio / 4)) * multiplier;
      i1[d] = Math.round(clampIndex(centre + ratio / 4)) * multiplier;
      w[d] = 0.5;
    } else {
      const s = clampIndex(centre);
      const lo = Math.floor(s);
      i0[d] = lo * multiplier;
      i1[d] = Math.min(lo + 1, srcSize - 1) * multiplier;
      w[d] = s - lo;
    }
  }
  return { i0, i1, w };
}

/** Nearest neighbour: the source pixel whose centre is closest. */
function nearestTable(srcSize: number, dstSize: number, multiplier: number): Int32Array {
  const idx = new Int32Array(dstSize);
  const ratio = srcSize / dstSize;
  for (let d = 0; d < dstSize; d++) idx[d] = Math.min(Math.floor((d + 0.5) * ratio), srcSize - 1) * multiplier;
  return idx;
}

/**
 * Letterboxes RGB24 frames into one reused CHW float tensor (RGB, /255). Sampling tables and the
 * grey padding are computed only when the frame size changes, so a steady stream costs one pass
 * over the resized pixels and no allocation.
 */
export class FrameLetterboxer {
  readonly tensor: Float32Array;
  private geometry: LetterboxGeometry | undefined;
  private cols: AxisTable | undefined;
  private rows: AxisTable | undefined;
  private nearestCols: Int32Array | undefined;
  private nearestRows: Int32Array | undefined;
  /** Every tap weight is ½ (exact 2× and all larger shrinks): a plain 4-pixel mean is enough. */
  private allHalf = false;

  /** `tensor`: where to write, e.g. memory shared with another thread; by default its own. */
  constructor(
    readonly inputWidth: number,
    readonly inputHeight: number,
    readonly interpolation: Interpolation = 'bilinear',
    tensor?: Float32Array,
  ) {
    const length = 3 * inputWidth * inputHeight;
    if (tensor && tensor.length !== length)
      throw new Error(`Letterbox tensor holds ${tensor.length} values; needs ${length}`);
    this.tensor = tensor ?? new Float32Array(length);
  }

  /** Fills `tensor` from the frame and returns where the frame landed. */
  letterbox(frame: Frame): LetterboxGeometry {
    const { width, height, data } = frame;
    if (data.length < width * height * 3) {
      throw new Error(
        `Frame ${frame.seq} holds ${data.length} bytes; ${width}x${height} RGB24 needs ${width * height * 3}`,
      );
    }
    const g = this.prepare(width, height);
    if (this.interpolation === 'nearest') this.resizeNearest(data, g);
    else this.resizeBilinear(data, g);
    return g;
  }

  private prepare(width: number, height: number): LetterboxGeometry {
    const current = this.geometry;
    if (current && current.srcWidth === width && current.srcHeight === height) return current;
    const g = letterboxGeometry(width, height, this.inputWidth, this.inputHeight);
    // The image area is overwritten every frame; the padding only needs painting now.
    this.tensor.fill(PAD_VALUE);
    if (this.interpolation === 'nearest') {
      this.nearestCols = nearestTable(width, g.resizedWidth, 3);
      this.nearestRows = nearestTable(height, g.resizedHeight, width * 3);
    } else {
      this.cols = axisTable(width, g.resizedWidth, 3);
      this.rows = axisTable(height, g.resizedHeight, width * 3);
      this.allHalf = this.cols.w.every((w) => w === 0.5) && this.rows.w.every((w) => w === 0.5);
    }
    this.geometry = g;
    return g;
  }

  /** Two taps per axis (see axisTable), row by row. */
  private resizeBilinear(src: Uint8Array, g: LetterboxGeometry): void {
    const { i0: r0s, i1: r1s, w: wys } = this.rows!;
    for (let y = 0; y < g.resizedHeight; y++) {
      const o = (g.padY + y) * this.inputWidth + g.padX;
      if (this.allHalf) this.mean4Row(src, r0s[y], r1s[y], o, g.resizedWidth);
      else this.bilinearRow(src, r0s[y], r1s[y], wys[y], o, g.resizedWidth);
    }
  }

  /** One output row from source rows starting at `r0` and `r1`, weighted `wy` towards `r1`; from tensor index `o`. */
  private bilinearRow(src: Uint8Array, r0: number, r1: number, wy: number, o: number, width: number): void {
    const out = this.tensor;
    const plane = this.inputWidth * this.inputHeight;
    const { i0: c0, i1: c1, w: wx } = this.cols!;
    for (let x = 0, i = o; x < width; x++, i++) {
      const a = r0 + c0[x];
      const b = r0 + c1[x];
      const c = r1 + c0[x];
      const d = r1 + c1[x];
      const w = wx[x];
      let top = src[a] + (src[b] - src[a]) * w;
      let bot = src[c] + (src[d] - src[c]) * w;
      out[i] = (top + (bot - top) * wy) * BYTE_TO_UNIT;
      top = src[a + 1] + (src[b + 1] - src[a + 1]) * w;
      bot = src[c + 1] + (src[d + 1] - src[c + 1]) * w;
      out[i + plane] = (top + (bot - top) * wy) * BYTE_TO_UNIT;
      top = src[a + 2] + (src[b + 2] - src[a + 2]) * w;
      bot = src[c + 2] + (src[d + 2] - src[c + 2]) * w;
      out[i + 2 * plane] = (top + (bot - top) * wy) * BYTE_TO_UNIT;
    }
  }

  /** Same values as bilinearRow when all weights are ½, about a third faster. */
  private mean4Row(src: Uint8Array, r0: number, r1: number, o: number, width: number): void {
    const out = this.tensor;
    const plane = this.inputWidth * this.inputHeight;
    const { i0: c0, i1: c1 } = this.cols!;
    const k = BYTE_TO_UNIT / 4;
    for (let x = 0, i = o; x < width; x++, i++) {
      const a = r0 + c0[x];
      const b = r0 + c1[x];
      const c = r1 + c0[x];
      const d = r1 + c1[x];
      out[i] = (src[a] + src[b] + src[c] + src[d]) * k;
      out[i + plane] = (src[a + 1] + src[b + 1] + src[c + 1] + src[d + 1]) * k;
      out[i + 2 * plane] = (src[a + 2] + src[b + 2] + src[c + 2] + src[d + 2]) * k;
    }
  }

  private resizeNearest(src: Uint8Array, g: LetterboxGeometry): void {
    const out = this.tensor;
    const plane = this.inputWidth * this.inputHeight;
    const cols = this.nearestCols!;
    const rows = this.nearestRows!;
    const k = BYTE_TO_UNIT;
    for (let y = 0; y < g.resizedHeight; y++) {
      const r = rows[y];
      let o = (g.padY + y) * this.inputWidth + g.padX;
      for (let x = 0; x < g.resizedWidth; x++, o++) {
        const p = r + cols[x];
        out[o] = src[p] * k;
        out[o + plane] = src[p + 1] * k;
        out[o + 2 * plane] = src[p + 2] * k;
      }
    }
  }
}
