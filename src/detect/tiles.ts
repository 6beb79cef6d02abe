// Tiled detection, the geometry: which overlapping tiles of a frame the model also looks at, and
// how the boxes found on the whole frame and on every tile become one set. Pure numbers: the
// model runs elsewhere (tiled-detector.ts).
import type { Box, Detection } from '../domain/detection';
import { iou } from '../domain/box';
import type { InputSize } from './detector';
import type { FrameRegion } from './letterbox';

/**
 * `detect.tiles` of a camera: no tiles; tiles when the frame is much larger than the model input;
 * a fixed grid; or, instead of a grid, regions around the small people the whole frame found
 * (person-regions.ts).
 */
export type TilesSetting = 'off' | 'auto' | 'people' | { grid: [cols: number, rows: number] };

/** A camera's `detect.tiles` when its config sets none. */
export const DEFAULT_TILES: TilesSetting = 'off';

/**
 * Neighbouring tiles share this fraction of a tile's side. A head cut by one tile's edge lies
 * whole in the next as long as it is narrower than the overlap: at 0.2 that is ~140 source px on
 * a 1280×720 frame in two tiles, far above the 20–40 px heads tiles are for.
 */
export const TILE_OVERLAP = 0.2;

/** 'auto' tiles a frame whose long side is at least this many times the model input's. */
export const AUTO_TILES_FROM = 2;

/** 'auto' makes at most this many tiles a side. */
export const AUTO_MAX_TILES = 2;

/**
 * A box whose side lies within this many model-input pixels of an inner tile edge was cut by it
 * (models place the side of a cut object on the edge, give or take a pixel or two).
 */
const EDGE_MARGIN_INPUT_PX = 3;

/** The tiles of one frame size, and how close to an inner tile edge a box counts as cut by it. */
export interface TileLayout {
  frameWidth: number;
  frameHeight: number;
  tiles: FrameRegion[];
  /** Per tile, in source pixels: EDGE_MARGIN_INPUT_PX at that tile's scale. */
  edgeMargins: number[];
}

/** The grid a setting gives a frame of this size on a model of this input, or undefined for none. */
export function tileGrid(
  setting: TilesSetting,
  frameWidth: number,
  frameHeight: number,
  input: InputSize,
): [number, number] | undefined {
  if (setting === 'off' || setting === 'people') return undefined;
  if (setting === 'auto') {
    const longSide = Math.max(frameWidth, frameHeight) / Math.max(input.width, input.height);
    if (longSide < AUTO_TILES_FROM) return undefined;
    // Tiles about the model's input at the frame's own resolution, so small heads keep their
    // pixels; at most AUTO_MAX_TILES a side, which bounds the cost at 5 passes a frame.
    const side = (frame: number, model: number) => Math.min(AUTO_MAX_TILES, Math.max(1, Math.round(frame / model)));
    return [side(frameWidth, input.width), side(frameHeight, input.height)];
  }
  const [cols, rows] = setting.grid;
  return cols * rows > 1 ? [cols, rows] : undefined;
}

/**
 * `count` spans of equal length covering 0..size, neighbours sharing `overlap` of a span; the
 * first starts at 0 and the last ends at `size`. Whole pixels.
 */
function spans(size: number, count: number, overlap: number): { start: number; length: number }[] {
  if (count <= 1) return [{ start: 0, length: size }];
  const length = Math.min(size, Math.ceil(size / (count - (count - 1) * overlap)));
  const step = (size - length) / (count - 1);
  return Array.from({ length: count }, (_, i) => ({ start: Math.round(i * step), length }));
}

/** Tiles row by row, left to right. */
export function tileLayout(
  frameWidth: number,
  frameHeight: number,
  [cols, rows]: [number, number],
  input: InputSize,
  overlap = TILE_OVERLAP,
): TileLayout {
  const xs = spans(frameWidth, cols, overlap);
  const ys = spans(frameHeight, rows, overlap);
  const tiles = ys.flatMap((y) => xs.map((x) => ({ x: x.start, y: y.start, width: x.length, height: y.length })));
  return regionLayout(frameWidth, frameHeight, tiles, input);
}

/** Any regions of a frame as tiles: each with the edge margin of its own scale. */
export function regionLayout(
  frameWidth: number,
  frameHeight: number,
  tiles: FrameRegion[],
  input: InputSize,
): TileLayout {
  const edgeMargins = tiles.map((t) => EDGE_MARGIN_INPUT_PX / Math.min(input.width / t.width, input.height / t.height));
  return { frameWidth, frameHeight, tiles, edgeMargins };
}

/**
 * Whether a box found on a tile touches one of the tile's inner edges (not the frame's), i.e.
 * the tile saw only part of the object. In a grid the neighbouring tile sees it whole when it is
 * narrower than the overlap, and the whole frame when it is larger; around people, the region
 * centred on that person does, or the whole frame: either way this part is noise.
 */
export function cutByTileEdge(box: Box, tile: FrameRegion, margin: number, frameWidth: number, frameHeight: number) {
  const right = tile.x + tile.width;
  const bottom = tile.y + tile.height;
  return (
    (tile.x > 0 && box[0] <= tile.x + margin) ||
    (tile.y > 0 && box[1] <= tile.y + margin) ||
    (right < frameWidth && box[2] >= right - margin) ||
    (bottom < frameHeight && box[3] >= bottom - margin)
  );
}

/**
 * The whole frame's detections and each tile's (`perTile[i]` found on `layout.tiles[i]`) as one
 * set, best score first: boxes cut by an inner tile edge are dropped, then class-aware greedy NMS
 * at `iouThreshold` (the model's own) removes the same object seen by several passes.
 */
export function mergeTiledDetections(
  whole: readonly Detection[],
  perTile: readonly (readonly Detection[])[],
  layout: TileLayout,
  iouThreshold: number,
): Detection[] {
  const { tiles, edgeMargins, frameWidth, frameHeight } = layout;
  const candidates = [...whole];
  perTile.forEach((found, i) => {
    for (const d of found) {
      if (!cutByTileEdge(d.box, tiles[i], edgeMargins[i], frameWidth, frameHeight)) candidates.push(d);
    }
  });
  candidates.sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const d of candidates) {
    if (!kept.some((k) => k.classId === d.classId && iou(k.box, d.box) > iouThreshold)) kept.push(d);
  }
  return kept;
}

/** A `--tiles` command-line value: off, auto, people, or a grid written <cols>x<rows> (e.g. 2x2). */
export function parseTilesFlag(text: string): TilesSetting {
  if (text === 'off' || text === 'auto' || text === 'people') return text;
  const grid = /^([1-8])x([1-8])$/.exec(text);
  if (!grid) {
    throw new Error(`--tiles must be off, auto, people or <cols>x<rows> with 1 to 8 a side (e.g. 2x2), got "${text}".`);
  }
  return { grid: [Number(grid[1]), Number(grid[2])] };
}

/** How a setting reads on a command line and in reports: off, auto, 2x2. */
export function formatTilesSetting(setting: TilesSetting): string {
  return typeof setting === 'string' ? setting : setting.grid.join('x');
}
