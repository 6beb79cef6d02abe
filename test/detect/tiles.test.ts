// Tile geometry and the merge of tiled passes, on numbers: no model, no pixels.
import { describe, expect, it } from 'vitest';
import type { Box, Detection, PpeRole } from '../../src/domain/detection';
import { cameraConfigSchema } from '../../src/config/schema';
import {
  cutByTileEdge,
  formatTilesSetting,
  mergeTiledDetections,
  parseTilesFlag,
  tileGrid,
  tileLayout,
} from '../../src/detect/tiles';
import { personRegions } from '../../src/detect/person-regions';

const INPUT = { width: 640, height: 640 };

const det = (role: PpeRole, score: number, box: Box, classId = 0): Detection => ({
  box,
  score,
  classId,
  className: role,
  role,
});

describe('tile grid', () => {
  it('auto tiles only a frame at least twice the model input on its long side', () => {
    expect(tileGrid('auto', 1279, 720, INPUT)).toBeUndefined();
    expect(tileGrid('auto', 1280, 720, INPUT)).toEqual([2, 1]);
    expect(tileGrid('auto', 720, 1280, INPUT)).toEqual([1, 2]);
  });

  it('auto makes tiles of about the model input, at most two a side', () => {
    expect(tileGrid('auto', 1920, 1080, INPUT)).toEqual([2, 2]);
    expect(tileGrid('auto', 3840, 2160, INPUT)).toEqual([2, 2]);
    expect(tileGrid('auto', 1280, 720, { width: 320, height: 320 })).toEqual([2, 2]);
  });

  it('a fixed grid applies to any frame; off and 1x1 mean the whole frame only', () => {
    expect(tileGrid({ grid: [3, 2] }, 800, 533, INPUT)).toEqual([3, 2]);
    expect(tileGrid({ grid: [1, 1] }, 1920, 1080, INPUT)).toBeUndefined();
    expect(tileGrid('off', 3840, 2160, INPUT)).toBeUndefined();
  });
});

describe('tile layout', () => {
  it('covers a 1280x720 frame with two tiles sharing a fifth of their width', () => {
    const { tiles } = tileLayout(1280, 720, [2, 1], INPUT);
    // 1280 / (2 − 0.2) = 711.1 → 712 wide; the second ends exactly at the frame edge.
    expect(tiles).toEqual([
      { x: 0, y: 0, width: 712, height: 720 },
      { x: 568, y: 0, width: 712, height: 720 },
    ]);
    const shared = tiles[0].x + tiles[0].width - tiles[1].x;
    expect(shared).toBe(144);
  });

  it('lays out a 2x2 grid row by row, every tile inside the frame', () => {
    const { tiles } = tileLayout(1920, 1080, [2, 2], INPUT);
    expect(tiles.map((t) => [t.x, t.y])).toEqual([
      [0, 0],
      [853, 0],
      [0, 480],
      [853, 480],
    ]);
    for (const t of tiles) {
      expect(t.x + t.width).toBeLessThanOrEqual(1920);
      expect(t.y + t.height).toBeLessThanOrEqual(1080);
    }
    expect(tiles[3].x + tiles[3].width).toBe(1920);
    expect(tiles[3].y + tiles[3].height).toBe(1080);
  });

  it('counts a box as cut within 3 model-input pixels of an inner edge, at the tile scale', () => {
    // 712x720 tiles on a 640 input: scale 640/720, so 3 input px = 3.375 source px.
    const layout = tileLayout(1280, 720, [2, 1], INPUT);
    expect(layout.edgeMargins[0]).toBeCloseTo(3.375, 3);
  });
});

describe('cut by a tile edge', () => {
  const { tiles, edgeMargins } = tileLayout(1280, 720, [2, 1], INPUT);
  const [left, right] = tiles;
  const cut = (box: Box, tile = left, margin = edgeMargins[0]) => cutByTileEdge(box, tile, margin, 1280, 720);

  it('a box reaching the inner edge of the left tile is cut; one clear of it is not', () => {
    expect(cut([680, 100, 712, 130])).toBe(true);
    expect(cut([680, 100, 709, 130])).toBe(true); // within the margin
    expect(cut([670, 100, 700, 130])).toBe(false);
  });

  it("a box on the frame's own edge is whole: the frame ends there, not the tile", () => {
    expect(cut([0, 0, 30, 30])).toBe(false);
    expect(cut([1250, 690, 1280, 720], right)).toBe(false);
    expect(cut([568, 100, 600, 130], right)).toBe(true); // the right tile's inner (left) edge
  });
});

describe('merging tiled passes', () => {
  const layout = tileLayout(1280, 720, [2, 1], INPUT);

  it('keeps a small head only a tile found, in source pixels', () => {
    const head = det('no-helmet', 0.6, [900, 300, 925, 328]);
    expect(mergeTiledDetections([], [[], [head]], layout, 0.45)).toEqual([head]);
  });

  it('one object seen by the whole frame and a tile is kept once, at its best score', () => {
    const whole = det('helmet', 0.5, [100, 100, 140, 140]);
    const tile = det('helmet', 0.8, [102, 101, 141, 142]);
    expect(mergeTiledDetections([whole], [[tile], []], layout, 0.45)).toEqual([tile]);
  });

  it('a head in the overlap, seen whole by both tiles, is kept once', () => {
    const fromLeft = det('no-helmet', 0.7, [620, 200, 650, 232]);
    const fromRight = det('no-helmet', 0.65, [621, 200, 651, 233]);
    expect(mergeTiledDetections([], [[fromLeft], [fromRight]], layout, 0.45)).toEqual([fromLeft]);
  });

  it('drops the half of a head cut by a tile edge when the next tile sees it whole', () => {
    const half = det('no-helmet', 0.9, [695, 200, 712, 232]); // the left tile ends at 712
    const whole = det('no-helmet', 0.6, [695, 200, 725, 232]);
    expect(mergeTiledDetections([], [[half], [whole]], layout, 0.45)).toEqual([whole]);
  });

  it('keeps different classes on the same spot (conflicts are decided elsewhere) and neighbouring heads apart', () => {
    const helmet = det('helmet', 0.7, [100, 100, 130, 130], 1);
    const bare = det('no-helmet', 0.6, [100, 100, 130, 130], 2);
    const neighbour = det('no-helmet', 0.5, [132, 100, 162, 130], 2);
    expect(mergeTiledDetections([helmet], [[bare, neighbour], []], layout, 0.45)).toEqual([helmet, bare, neighbour]);
  });
});

describe('tiles setting', () => {
  it('reads --tiles values and writes them back the same', () => {
    expect(parseTilesFlag('off')).toBe('off');
    expect(parseTilesFlag('auto')).toBe('auto');
    expect(parseTilesFlag('3x2')).toEqual({ grid: [3, 2] });
    expect(formatTilesSetting({ grid: [3, 2] })).toBe('3x2');
    expect(() => parseTilesFlag('3by2')).toThrow('--tiles must be off, auto, people or <cols>x<rows>');
  });

  it('a camera config names detect.tiles when it is wrong', () => {
    const camera = (tiles: unknown) =>
      cameraConfigSchema.safeParse({ id: 'gate', name: 'Gate', url: 'rtsp://cam/1', detect: { tiles } });
    const issue = (tiles: unknown) => {
      const r = camera(tiles);
      return r.success ? 'ok' : `${r.error.issues[0].path.join('.')}: ${r.error.issues[0].message}`;
    };
    expect(issue('on')).toBe(
      'detect.tiles: expected "off", "auto", "people" or { "grid": [cols, rows] } with 1 to 8 tiles a side',
    );
    expect(issue({ grid: [0, 2] })).toMatch(/^detect\.tiles\.grid\.0: /);
    expect(issue({ grid: [2, 2] })).toBe('ok');
    const parsed = camera(undefined);
    expect(parsed.success && parsed.data.detect.tiles).toBeTruthy();
  });
});

describe('regions around small people', () => {
  // 1280x720 on a 640 input: the whole frame is seen at scale 0.5.
  const frame = [1280, 720] as const;

  it('looks again around a person too small at the model scale, in a square at least half the input', () => {
    // 120 px tall → 60 input px: small. 1.5 × 120 = 180 < 320, so a 320 px square (a 2× enlargement).
    expect(personRegions([[600, 300, 640, 420]], ...frame, INPUT)).toEqual([
      { x: 460, y: 200, width: 320, height: 320 },
    ]);
  });

  it('leaves people the whole frame sees large enough alone', () => {
    // 400 px tall → 200 input px.
    expect(personRegions([[100, 100, 250, 500]], ...frame, INPUT)).toEqual([]);
  });

  it('a region is never larger than the input (never shrunk) and stays inside the frame', () => {
    // 300 px tall → 150 input px: small; 1.5 × 300 = 450 px; at the frame's corner.
    expect(personRegions([[1200, 400, 1280, 700]], ...frame, INPUT)).toEqual([
      { x: 830, y: 270, width: 450, height: 450 },
    ]);
    // A 1280x2560 frame is seen at scale 0.25: 600 px tall → 150 input px, small; 1.5 × 600 = 900 → 640.
    expect(personRegions([[600, 1000, 700, 1600]], 1280, 2560, INPUT)).toEqual([
      { x: 330, y: 980, width: 640, height: 640 },
    ]);
  });

  it('one region serves the neighbours it already holds well inside, and there are at most four', () => {
    const group: Box[] = [
      [600, 300, 640, 420],
      [560, 310, 600, 420],
    ];
    expect(personRegions(group, ...frame, INPUT)).toHaveLength(1);
    const apart: Box[] = Array.from({ length: 6 }, (_, i): Box => [i * 200 + 20, 300, i * 200 + 60, 420]);
    expect(personRegions(apart, ...frame, INPUT)).toHaveLength(4);
  });
});
