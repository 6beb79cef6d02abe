// Letterboxing: fit a frame (or a region of it: a tile) into the model's input without
// distorting it, pad the rest with grey 114 (what Ultralytics trains with), and map boxes back to
// source pixels afterwards.
import type { Box, Frame } from '../domain/detection';

/** A rectangle of a frame in whole source pixels: a tile, or the frame itself. */
export interface FrameRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where the source frame (or region) sits inside the model input. */
export interface LetterboxGeometry {
  /** Size of the region letterboxed (the whole frame's, without a region). */
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
  /** Where the region starts in the frame (0, 0 for the whole frame). */
  srcX: number;
  srcY: number;
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
  srcX = 0,
  srcY = 0,
): LetterboxGeometry {
  if (!(srcWidth > 0 && srcHeight > 0)) throw new Error(`Cannot letterbox a ${srcWidth}x${srcHeight} frame`);
  const scale = Math.min(inputWidth / srcWidth, inputHeight / srcHeight);
  const resizedWidth = Math.min(inputWidth, Math.max(1, Math.round(srcWidth * scale)));
  const resizedHeight = Math.min(inputHeight, Math.max(1, Math.round(srcHeight * scale)));
  // max(0, …) also turns the -0 of round(-0.1) into 0.
  const padX = Math.max(0, Math.round((inputWidth - resizedWidth) / 2 - 0.1));
  const padY = Math.max(0, Math.round((inputHeight - resizedHeight) / 2 - 0.1));
  return { srcWidth, srcHeight, inputWidth, inputHeight, scale, resizedWidth, resizedHeight, padX, padY, srcX, srcY };
}

/**
 * A box in model-input pixels back to source-frame pixels, clipped to the region letterboxed.
 * Uses the exact per-axis ratio of the resize so region edges map to region edges.
 */
export function unletterbox(box: Box, g: LetterboxGeometry): Box {
  const sx = g.srcWidth / g.resizedWidth;
  const sy = g.srcHeight / g.resizedHeight;
  return [
    g.srcX + clamp((box[0] - g.padX) * sx, 0, g.srcWidth),
    g.srcY + clamp((box[1] - g.padY) * sy, 0, g.srcHeight),
    g.srcX + clamp((box[2] - g.padX) * sx, 0, g.srcWidth),
    g.srcY + clamp((box[3] - g.padY) * sy, 0, g.srcHeight),
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
function axisTable(srcSize: number, dstSize: number, multiplier: number, start: number): AxisTable {
  const i0 = new Int32Array(dstSize);
  const i1 = new Int32Array(dstSize);
  const w = new Float32Array(dstSize);
  const ratio = srcSize / dstSize;
  const clampIndex = (v: number) => Math.min(Math.max(v, 0), srcSize - 1);
  for (let d = 0; d < dstSize; d++) {
    const centre = (d + 0.5) * ratio - 0.5;
    if (ratio > 2) {
      i0[d] = (start + Math.round(clampIndex(centre - ratio / 4))) * multiplier;
      i1[d] = (start + Math.round(clampIndex(centre + ratio / 4))) * multiplier;
      w[d] = 0.5;
    } else {
      const s = clampIndex(centre);
      const lo = Math.floor(s);
      i0[d] = (start + lo) * multiplier;
      i1[d] = (start + Math.min(lo + 1, srcSize - 1)) * multiplier;
      w[d] = s - lo;
    }
  }
  return { i0, i1, w };
}

/** Nearest neighbour: the source pixel whose centre is closest. */
function nearestTable(srcSize: number, dstSize: number, multiplier: number, start: number): Int32Array {
  const idx = new Int32Array(dstSize);
  const ratio = srcSize / dstSize;
  for (let d = 0; d < dstSize; d++) {
    idx[d] = (start + Math.min(Math.floor((d + 0.5) * ratio), srcSize - 1)) * multiplier;
  }
  return idx;
}

/** The sampling tables for one frame size and region, and where that region lands. */
interface SamplingLayout {
  geometry: LetterboxGeometry;
  cols?: AxisTable;
  rows?: AxisTable;
  nearestCols?: Int32Array;
  nearestRows?: Int32Array;
  /** Every tap weight is ½ (exact 2× and all larger shrinks): a plain 4-pixel mean is enough. */
  allHalf: boolean;
}

/**
 * Layouts kept per letterboxer: a tiled camera cycles through the whole frame and its tiles, each
 * a layout of its own. Regions that change every frame (around people) would grow the cache
 * without bound, so past this many it starts afresh.
 */
const MAX_LAYOUTS = 32;

/**
 * Where letterboxed pixels go: the model's CHW float tensor (RGB, /255), or CHW bytes (0..255,
 * rounded), a quarter of the size, for a frame sent to the host's inference engine.
 */
export type LetterboxTensor = Float32Array | Uint8ClampedArray;

/** A letterboxed input as a detector takes it: a tensor, or its bytes as they came over a socket. */
export type LetterboxedInput = LetterboxTensor | Uint8Array;

/**
 * Letterboxes RGB24 frames, or regions of them, into one reused CHW tensor (RGB, float /255 or
 * bytes). Sampling tables are computed once per frame size and region, and the grey padding is
 * painted only when the padded area changes, so a steady stream costs one pass over the resized
 * pixels and no allocation.
 */
export class FrameLetterboxer<T extends LetterboxTensor = Float32Array> {
  readonly tensor: T;
  /** A byte in the tensor's units: 1/255 for floats, 1 for bytes. */
  private readonly unit: number;
  private readonly layouts = new Map<string, SamplingLayout>();
  private layout: SamplingLayout | undefined;
  /** The image area of the last geometry written: everything outside it is grey. */
  private painted: LetterboxGeometry | undefined;

  /** `tensor`: where to write, e.g. memory shared with another thread; by default its own. */
  constructor(
    readonly inputWidth: number,
    readonly inputHeight: number,
    readonly interpolation: Interpolation = 'bilinear',
    tensor?: T,
  ) {
    const length = 3 * inputWidth * inputHeight;
    if (tensor && tensor.length !== length)
      throw new Error(`Letterbox tensor holds ${tensor.length} values; needs ${length}`);
    this.tensor = tensor ?? (new Float32Array(length) as T);
    this.unit = this.tensor instanceof Uint8ClampedArray ? 1 : BYTE_TO_UNIT;
  }

  /** A letterboxer into CHW bytes (0..255), what a camera worker sends the host's engine. */
  static bytes(inputWidth: number, inputHeight: number): FrameLetterboxer<Uint8ClampedArray> {
    return new FrameLetterboxer(
      inputWidth,
      inputHeight,
      'bilinear',
      new Uint8ClampedArray(3 * inputWidth * inputHeight),
    );
  }

  /** Fills `tensor` from the frame (by default all of it) and returns where it landed. */
  letterbox(frame: Frame, region?: FrameRegion): LetterboxGeometry {
    const { width, height, data } = frame;
    if (data.length < width * height * 3) {
      throw new Error(
        `Frame ${frame.seq} holds ${data.length} bytes; ${width}x${height} RGB24 needs ${width * height * 3}`,
      );
    }
    const r = region ?? { x: 0, y: 0, width, height };
    const inside = r.x >= 0 && r.y >= 0 && r.x + r.width <= width && r.y + r.height <= height;
    if (!inside || ![r.x, r.y, r.width, r.height].every(Number.isInteger)) {
      throw new Error(
        `Region ${r.width}x${r.height}+${r.x}+${r.y} is not whole pixels of the ${width}x${height} frame`,
      );
    }
    const layout = this.prepare(width, r);
    const g = layout.geometry;
    this.layout = layout;
    if (!samePaddedArea(this.painted, g)) {
      // The image area is overwritten every call; the padding only when it moves.
      this.tensor.fill(this.unit === 1 ? 114 : PAD_VALUE);
      this.painted = g;
    }
    if (this.interpolation === 'nearest') this.resizeNearest(data, g);
    else this.resizeBilinear(data, g);
    return g;
  }

  private prepare(frameWidth: number, r: FrameRegion): SamplingLayout {
    const key = `${frameWidth}:${r.x},${r.y},${r.width},${r.height}`;
    const known = this.layouts.get(key);
    if (known) return known;
    const g = letterboxGeometry(r.width, r.height, this.inputWidth, this.inputHeight, r.x, r.y);
    const rowStride = frameWidth * 3;
    let layout: SamplingLayout;
    if (this.interpolation === 'nearest') {
      const nearestCols = nearestTable(r.width, g.resizedWidth, 3, r.x);
      const nearestRows = nearestTable(r.height, g.resizedHeight, rowStride, r.y);
      layout = { geometry: g, nearestCols, nearestRows, allHalf: false };
    } else {
      const cols = axisTable(r.width, g.resizedWidth, 3, r.x);
      const rows = axisTable(r.height, g.resizedHeight, rowStride, r.y);
      const allHalf = cols.w.every((w) => w === 0.5) && rows.w.every((w) => w === 0.5);
      layout = { geometry: g, cols, rows, allHalf };
    }
    if (this.layouts.size >= MAX_LAYOUTS) this.layouts.clear();
    this.layouts.set(key, layout);
    return layout;
  }

  /** Two taps per axis (see axisTable), row by row. */
  private resizeBilinear(src: Uint8Array, g: LetterboxGeometry): void {
    const { i0: r0s, i1: r1s, w: wys } = this.layout!.rows!;
    const allHalf = this.layout!.allHalf;
    for (let y = 0; y < g.resizedHeight; y++) {
      const o = (g.padY + y) * this.inputWidth + g.padX;
      if (allHalf) this.mean4Row(src, r0s[y], r1s[y], o, g.resizedWidth);
      else this.bilinearRow(src, r0s[y], r1s[y], wys[y], o, g.resizedWidth);
    }
  }

  /** One output row from source rows starting at `r0` and `r1`, weighted `wy` towards `r1`; from tensor index `o`. */
  private bilinearRow(src: Uint8Array, r0: number, r1: number, wy: number, o: number, width: number): void {
    const out = this.tensor;
    const plane = this.inputWidth * this.inputHeight;
    const { i0: c0, i1: c1, w: wx } = this.layout!.cols!;
    const unit = this.unit;
    for (let x = 0, i = o; x < width; x++, i++) {
      const a = r0 + c0[x];
      const b = r0 + c1[x];
      const c = r1 + c0[x];
      const d = r1 + c1[x];
      const w = wx[x];
      let top = src[a] + (src[b] - src[a]) * w;
      let bot = src[c] + (src[d] - src[c]) * w;
      out[i] = (top + (bot - top) * wy) * unit;
      top = src[a + 1] + (src[b + 1] - src[a + 1]) * w;
      bot = src[c + 1] + (src[d + 1] - src[c + 1]) * w;
      out[i + plane] = (top + (bot - top) * wy) * unit;
      top = src[a + 2] + (src[b + 2] - src[a + 2]) * w;
      bot = src[c + 2] + (src[d + 2] - src[c + 2]) * w;
      out[i + 2 * plane] = (top + (bot - top) * wy) * unit;
    }
  }

  /** Same values as bilinearRow when all weights are ½, about a third faster. */
  private mean4Row(src: Uint8Array, r0: number, r1: number, o: number, width: number): void {
    const out = this.tensor;
    const plane = this.inputWidth * this.inputHeight;
    const { i0: c0, i1: c1 } = this.layout!.cols!;
    const k = this.unit / 4;
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
    const cols = this.layout!.nearestCols!;
    const rows = this.layout!.nearestRows!;
    const k = this.unit;
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

/** Whether two geometries put the image in the same place of the input (so the same pixels are grey). */
function samePaddedArea(a: LetterboxGeometry | undefined, b: LetterboxGeometry): boolean {
  return (
    !!a &&
    a.padX === b.padX &&
    a.padY === b.padY &&
    a.resizedWidth === b.resizedWidth &&
    a.resizedHeight === b.resizedHeight
  );
}
