// Privacy masks as pixels: the polygons rasterised once per picture size (scanline fill), then
// applied to each RGB frame in place. Pure: no I/O, no allocation per frame.
import type { MaskStyle, PrivacyMask } from './config';

/** What covers a pixel: nothing, a blur mask or a black mask (black wins where both do). */
export const CLEAR = 0;
export const BLURRED = 1;
export const BLACK = 2;

const STYLE_CODE: Record<MaskStyle, number> = { blur: BLURRED, black: BLACK };

/** Blur masks are pixelated into square blocks of 1/40 of the picture's width: a face becomes a block or two. */
export function blurBlockSize(width: number): number {
  return Math.max(4, Math.round(width / 40));
}

export interface MaskRaster {
  width: number;
  height: number;
  /** Per pixel, row by row: CLEAR, BLURRED or BLACK. */
  cover: Uint8Array;
  /** Runs of black pixels as [first pixel, end pixel) index pairs. */
  blackRuns: Int32Array;
  /** Blocks holding blurred pixels, as [x0, y0, x1, y1) quadruples on the blurBlockSize grid. */
  blurBlocks: Int32Array;
}

/**
 * The columns of row `y` inside `points` (even-odd rule, sampled at pixel centres: a pixel is in
 * when its centre is, as pointInPolygon sees it), as [start, end) pairs into `spans`.
 */
function rowSpans(points: readonly (readonly [number, number])[], y: number, size: Size, spans: number[]): void {
  const yc = (y + 0.5) / size.height;
  const crossings: number[] = [];
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > yc !== yj > yc) crossings.push(xi + ((yc - yi) * (xj - xi)) / (yj - yi));
  }
  crossings.sort((a, b) => a - b);
  for (let k = 0; k + 1 < crossings.length; k += 2) {
    // Pixel x is in when a <= (x + 0.5) / width < b.
    const start = Math.max(0, Math.ceil(crossings[k] * size.width - 0.5));
    const end = Math.min(size.width, Math.ceil(crossings[k + 1] * size.width - 0.5));
    if (end > start) spans.push(start, end);
  }
}

interface Size {
  width: number;
  height: number;
}

/** Which pixels of a `width` × `height` picture each mask covers. */
export function rasterise(masks: readonly PrivacyMask[], width: number, height: number): MaskRaster {
  const size = { width, height };
  const cover = new Uint8Array(width * height);
  const spans: number[] = [];
  for (const mask of masks) {
    const code = STYLE_CODE[mask.style];
    for (let y = 0; y < height; y++) {
      spans.length = 0;
      rowSpans(mask.points, y, size, spans);
      for (let k = 0; k < spans.length; k += 2) {
        const row = y * width;
        for (let x = row + spans[k]; x < row + spans[k + 1]; x++) if (cover[x] < code) cover[x] = code;
      }
    }
  }
  return { width, height, cover, blackRuns: runsOf(cover, BLACK), blurBlocks: blocksOf(cover, size) };
}

function runsOf(cover: Uint8Array, code: number): Int32Array {
  const runs: number[] = [];
  for (let i = 0; i < cover.length; i++) {
    if (cover[i] !== code) continue;
    const start = i;
    while (i < cover.length && cover[i] === code) i++;
    runs.push(start, i);
  }
  return Int32Array.from(runs);
}

function blocksOf(cover: Uint8Array, { width, height }: Size): Int32Array {
  const block = blurBlockSize(width);
  const blocks: number[] = [];
  for (let y0 = 0; y0 < height; y0 += block) {
    for (let x0 = 0; x0 < width; x0 += block) {
      const x1 = Math.min(width, x0 + block);
      const y1 = Math.min(height, y0 + block);
      if (holds(cover, width, [x0, y0, x1, y1], BLURRED)) blocks.push(x0, y0, x1, y1);
    }
  }
  return Int32Array.from(blocks);
}

function holds(cover: Uint8Array, width: number, [x0, y0, x1, y1]: number[], code: number): boolean {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (cover[y * width + x] === code) return true;
  return false;
}

/**
 * Masks an RGB24 frame of the raster's size in place: each blurred pixel takes the mean colour
 * of its block (the block's black pixels count as black), black pixels become 0.
 */
export function applyRaster(raster: MaskRaster, rgb: Uint8Array): void {
  const { width, cover, blackRuns, blurBlocks } = raster;
  for (let k = 0; k < blackRuns.length; k += 2) rgb.fill(0, blackRuns[k] * 3, blackRuns[k + 1] * 3);
  for (let b = 0; b < blurBlocks.length; b += 4) {
    const x0 = blurBlocks[b];
    const y0 = blurBlocks[b + 1];
    const x1 = blurBlocks[b + 2];
    const y1 = blurBlocks[b + 3];
    let r = 0;
    let g = 0;
    let bl = 0;
    for (let y = y0; y < y1; y++) {
      for (let i = (y * width + x0) * 3, end = (y * width + x1) * 3; i < end; i += 3) {
        r += rgb[i];
        g += rgb[i + 1];
        bl += rgb[i + 2];
      }
    }
    const n = (x1 - x0) * (y1 - y0);
    const mr = Math.round(r / n);
    const mg = Math.round(g / n);
    const mb = Math.round(bl / n);
    for (let y = y0; y < y1; y++) {
      for (let p = y * width + x0, end = y * width + x1; p < end; p++) {
        if (cover[p] !== BLURRED) continue;
        rgb[p * 3] = mr;
        rgb[p * 3 + 1] = mg;
        rgb[p * 3 + 2] = mb;
      }
    }
  }
}

/** A camera's masks applied to its frames, rasterised again only when the picture size changes. */
export class PrivacyMasker {
  private raster: MaskRaster | undefined;

  constructor(private readonly masks: readonly PrivacyMask[]) {}

  get active(): boolean {
    return this.masks.length > 0;
  }

  /** Masks the frame's pixels in place (an RGB24 buffer of width × height). */
  apply(frame: { data: Uint8Array; width: number; height: number }): void {
    if (!this.active) return;
    if (frame.data.length < frame.width * frame.height * 3)
      throw new Error(`frame of ${frame.data.length} bytes is not RGB ${frame.width}×${frame.height}`);
    this.raster = this.rasterFor(frame.width, frame.height);
    applyRaster(this.raster, frame.data);
  }

  /**
   * Whether a box found on the last frame masked centres on a masked pixel. A pixelated person
   * can still look like one to the model; what a mask holds is never judged.
   */
  hides(box: readonly [number, number, number, number]): boolean {
    const r = this.raster;
    if (!r) return false;
    const x = Math.floor((box[0] + box[2]) / 2);
    const y = Math.floor((box[1] + box[3]) / 2);
    if (x < 0 || y < 0 || x >= r.width || y >= r.height) return false;
    return r.cover[y * r.width + x] !== CLEAR;
  }

  private rasterFor(width: number, height: number): MaskRaster {
    const r = this.raster;
    return r && r.width === width && r.height === height ? r : rasterise(this.masks, width, height);
  }
}
