import sharp from 'sharp';
import type { Box, Frame } from '../domain/detection';

/** A box to draw on a frame: red for a violation, green for compliant, grey when unknown. */
export interface Annotation {
  box: Box;
  label: string;
  tone: 'violation' | 'compliant' | 'unknown';
}

const TONE_COLOUR: Record<Annotation['tone'], string> = {
  violation: '#ff3b30',
  compliant: '#34c759',
  unknown: '#a0a0a0',
};

const rgbOf = (hex: string): [number, number, number] =>
  [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
const TONE_RGB: Record<Annotation['tone'], Buffer> = {
  violation: Buffer.from(rgbOf(TONE_COLOUR.violation)),
  compliant: Buffer.from(rgbOf(TONE_COLOUR.compliant)),
  unknown: Buffer.from(rgbOf(TONE_COLOUR.unknown)),
};

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Line width and label size for a picture of this size. */
function styleFor(width: number, height: number): { stroke: number; fontSize: number } {
  return {
    stroke: Math.max(2, Math.round(Math.min(width, height) / 200)),
    fontSize: Math.max(11, Math.round(Math.min(width, height) / 30)),
  };
}

// Drawing happens on raw RGB pixels: box outlines are filled bands, label tabs are small images
// rendered once per (label, colour, size) and cached. Rasterising and compositing a frame-sized
// SVG overlay instead cost ~3–4× the JPEG encode itself (bench/results.md, "preview encode").

/** A picture being drawn on: packed RGB24, `width * height * 3` bytes. */
interface Canvas {
  data: Buffer;
  width: number;
  height: number;
}

/** Fills the pixels [x0, x1) × [y0, y1), clipped to the canvas, with one colour. */
function fillRect(c: Canvas, x0: number, y0: number, x1: number, y1: number, rgb: Buffer): void {
  const left = Math.max(0, x0);
  const right = Math.min(c.width, x1);
  if (right <= left) return;
  const top = Math.max(0, y0);
  const bottom = Math.min(c.height, y1);
  for (let y = top; y < bottom; y++) {
    const row = y * c.width * 3;
    c.data.fill(rgb, row + left * 3, row + right * 3);
  }
}

/** The outline of a box, `stroke` px wide and centred on its edges (as an SVG stroke is). */
function strokeBox(c: Canvas, box: Box, stroke: number, rgb: Buffer): void {
  const [x1, y1, x2, y2] = box.map((v) => Math.round(v));
  if (x2 <= x1 || y2 <= y1) return;
  const a = Math.floor(stroke / 2);
  const b = stroke - a;
  fillRect(c, x1 - a, y1 - a, x2 + b, y1 + b, rgb); // top
  fillRect(c, x1 - a, y2 - a, x2 + b, y2 + b, rgb); // bottom
  fillRect(c, x1 - a, y1 + b, x1 + b, y2 - a, rgb); // left
  fillRect(c, x2 - a, y1 + b, x2 + b, y2 - a, rgb); // right
}

/** A label tab as RGBA pixels: the filled tab with the text; transparent where text runs past it. */
interface Tile {
  rgba: Buffer;
  width: number;
  height: number;
}

/** Label tabs kept: a few hundred at preview sizes; larger fonts keep fewer. */
const TILE_CACHE_BYTES = 4 * 1024 * 1024;
/**
 * Label tabs by colour, font size and text, least recently used first. Track ids repeat frame
 * after frame, so nearly every draw is a hit.
 */
const tiles = new Map<string, { tile: Promise<Tile>; bytes: number }>();
let tileBytes = 0;

function labelTile(label: string, colour: string, fontSize: number): Promise<Tile> {
  const key = `${colour}|${fontSize}|${label}`;
  const cached = tiles.get(key);
  if (cached) {
    tiles.delete(key);
    tiles.set(key, cached);
    return cached.tile;
  }
  const tabWidth = Math.round(label.length * fontSize * 0.6 + 8);
  const tabHeight = fontSize + 4;
  // Room for text wider than the tab estimate and for descenders, as on a frame-sized overlay.
  const width = tabWidth + Math.ceil(label.length * fontSize * 0.5);
  const height = tabHeight + Math.ceil(fontSize * 0.4);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect x="0" y="0" width="${tabWidth}" height="${tabHeight}" fill="${colour}"/>` +
    `<text x="4" y="${fontSize}" font-family="DejaVu Sans, sans-serif" font-size="${fontSize}" fill="#000">${escapeXml(label)}</text>` +
    `</svg>`;
  const tile = sharp(Buffer.from(svg))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
    .then(({ data, info }) => ({ rgba: data, width: info.width, height: info.height }));
  const entry = { tile, bytes: width * height * 4 };
  tiles.set(key, entry);
  tileBytes += entry.bytes;
  tile.catch(() => forget(key));
  for (const [oldest] of tiles) {
    if (tileBytes <= TILE_CACHE_BYTES || oldest === key) break;
    forget(oldest);
  }
  return tile;
}

function forget(key: string): void {
  const entry = tiles.get(key);
  if (!entry) return;
  tiles.delete(key);
  tileBytes -= entry.bytes;
}

/** Draws an RGBA tile at (x, y), alpha-blended, clipped to the canvas. */
function blit(c: Canvas, tile: Tile, x: number, y: number): void {
  const x0 = Math.max(0, x);
  const x1 = Math.min(c.width, x + tile.width);
  const y0 = Math.max(0, y);
  const y1 = Math.min(c.height, y + tile.height);
  const { rgba } = tile;
  const out = c.data;
  for (let row = y0; row < y1; row++) {
    let s = ((row - y) * tile.width + (x0 - x)) * 4;
    let d = (row * c.width + x0) * 3;
    for (let col = x0; col < x1; col++, s += 4, d += 3) {
      const alpha = rgba[s + 3];
      if (alpha === 0) continue;
      if (alpha === 255) {
        out[d] = rgba[s];
        out[d + 1] = rgba[s + 1];
        out[d + 2] = rgba[s + 2];
      } else {
        const keep = 255 - alpha;
        out[d] = (rgba[s] * alpha + out[d] * keep + 127) / 255;
        out[d + 1] = (rgba[s + 1] * alpha + out[d + 1] * keep + 127) / 255;
        out[d + 2] = (rgba[s + 2] * alpha + out[d + 2] * keep + 127) / 255;
      }
    }
  }
}

/** Boxes with a filled label tab above each (inside the box when there is no room above it). */
async function drawAnnotations(c: Canvas, annotations: Annotation[]): Promise<void> {
  const { stroke, fontSize } = styleFor(c.width, c.height);
  // Tiles first (cached, or rendered together), then everything drawn in order: later boxes on top.
  const labelTiles = await Promise.all(
    annotations.map((a) => (a.label ? labelTile(a.label, TONE_COLOUR[a.tone], fontSize) : undefined)),
  );
  annotations.forEach(({ box, tone }, i) => {
    strokeBox(c, box, stroke, TONE_RGB[tone]);
    const tile = labelTiles[i];
    if (!tile) return;
    const [x1, y1] = box.map((v) => Math.round(v));
    const tabY = y1 - fontSize - 4 >= 0 ? y1 - fontSize - 4 : y1;
    blit(c, tile, x1, tabY);
  });
}

const rawInput = (c: { width: number; height: number }) => ({
  raw: { width: c.width, height: c.height, channels: 3 as const },
});

/**
 * The full frame as JPEG with boxes drawn, optionally scaled down to `maxWidth`.
 * `live`: a frame of the live view, gone a moment later. The caller hands over `frame.data`, so
 * boxes are drawn on it directly, and the JPEG skips Huffman table optimisation (about 35 % of the
 * encode time for a few % of size; bench/results.md).
 */
export async function renderAnnotatedFrame(
  frame: Frame,
  annotations: Annotation[],
  opts: { maxWidth?: number; quality?: number; live?: boolean } = {},
): Promise<Buffer> {
  const jpeg = { quality: opts.quality ?? 80, optimiseCoding: !opts.live };
  // Scale first and draw on the smaller picture: cheaper, and labels keep a readable size.
  const scale = opts.maxWidth && frame.width > opts.maxWidth ? opts.maxWidth / frame.width : 1;
  const width = Math.round(frame.width * scale);
  const height = Math.round(frame.height * scale);
  if (!annotations.length) {
    const image = sharp(frame.data, rawInput(frame));
    return (scale !== 1 ? image.resize(width, height) : image).jpeg(jpeg).toBuffer();
  }
  // Drawn on a copy unless handed over: the caller's frame stays as it was.
  const data =
    scale !== 1
      ? await sharp(frame.data, rawInput(frame)).resize(width, height).raw().toBuffer()
      : opts.live
        ? frame.data
        : Buffer.from(frame.data);
  const canvas: Canvas = { data, width, height };
  await drawAnnotations(
    canvas,
    annotations.map((a) => ({ ...a, box: a.box.map((v) => v * scale) as Box })),
  );
  return sharp(data, rawInput(canvas)).jpeg(jpeg).toBuffer();
}

/**
 * The region around a box, widened so the person is recognisable: the box grows by half its
 * size on each side and to at least 96 px, shifted (not shrunk) to stay inside the frame.
 */
export function cropRegion(
  box: Box,
  width: number,
  height: number,
): { left: number; top: number; width: number; height: number } {
  const span = (lo: number, hi: number, limit: number) => {
    const size = Math.min(limit, Math.max(96, Math.ceil((hi - lo) * 2)));
    const start = Math.round((lo + hi) / 2 - size / 2);
    return [Math.min(Math.max(0, start), limit - size), size] as const;
  };
  const [left, w] = span(box[0], box[2], width);
  const [top, h] = span(box[1], box[3], height);
  return { left, top, width: w, height: h };
}

/** JPEG of the person around `box`, with that box drawn. */
export async function renderCrop(frame: Frame, annotation: Annotation, quality = 90): Promise<Buffer> {
  const region = cropRegion(annotation.box, frame.width, frame.height);
  // The region's rows, copied out of the frame.
  const data = Buffer.allocUnsafe(region.width * region.height * 3);
  for (let y = 0; y < region.height; y++) {
    const from = ((region.top + y) * frame.width + region.left) * 3;
    frame.data.copy(data, y * region.width * 3, from, from + region.width * 3);
  }
  const canvas: Canvas = { data, width: region.width, height: region.height };
  const [x1, y1, x2, y2] = annotation.box;
  const { stroke } = styleFor(region.width, region.height);
  strokeBox(
    canvas,
    [x1 - region.left, y1 - region.top, x2 - region.left, y2 - region.top],
    stroke,
    TONE_RGB[annotation.tone],
  );
  return sharp(data, rawInput(canvas)).jpeg({ quality }).toBuffer();
}
