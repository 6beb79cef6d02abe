// Privacy masks on pixels: which pixels a polygon covers (pixel centres, even-odd), and what a
// frame looks like once masked: black is 0, blur is each block's mean colour, the rest untouched.
import { describe, expect, it } from 'vitest';
import { privacyMaskSchema, type PrivacyMask } from '../../src/privacy/config';
import { rectangle } from '../helpers/masks';
import { applyRaster, BLACK, BLURRED, blurBlockSize, CLEAR, PrivacyMasker, rasterise } from '../../src/privacy/raster';

const mask = (points: [number, number][], style: 'black' | 'blur' = 'black'): PrivacyMask =>
  privacyMaskSchema.parse({ name: 'm', points, style });

/** The raster's cover as rows of characters: . clear, b blurred, # black. */
function picture(cover: Uint8Array, width: number): string[] {
  const rows: string[] = [];
  for (let i = 0; i < cover.length; i += width) {
    rows.push([...cover.subarray(i, i + width)].map((c) => (c === BLACK ? '#' : c === BLURRED ? 'b' : '.')).join(''));
  }
  return rows;
}

describe('rasterising masks', () => {
  it('covers the pixels whose centres are inside the polygon, edges included on the left and top', () => {
    const r = rasterise([mask(rectangle(0.25, 0.25, 0.75, 0.75))], 8, 8);
    expect(picture(r.cover, 8)).toEqual([
      '........',
      '........',
      '..####..',
      '..####..',
      '..####..',
      '..####..',
      '........',
      '........',
    ]);
    // One run of four black pixels per covered row.
    expect([...r.blackRuns]).toEqual([18, 22, 26, 30, 34, 38, 42, 46]);
  });

  it('fills a triangle row by row along its slanted edge', () => {
    const r = rasterise(
      [
        mask([
          [0, 0],
          [1, 0],
          [0, 1],
        ]),
      ],
      4,
      4,
    );
    expect(picture(r.cover, 4)).toEqual(['###.', '##..', '#...', '....']);
  });

  it('reaches the frame border for a mask drawn on it, and clips a polygon off the picture', () => {
    const r = rasterise([mask(rectangle(0, 0, 1, 1))], 5, 3);
    expect(r.cover.every((c) => c === BLACK)).toBe(true);
    expect([...r.blackRuns]).toEqual([0, 15]);
  });

  it('lets black win where a black and a blur mask overlap', () => {
    const r = rasterise([mask(rectangle(0, 0, 0.5, 1), 'black'), mask(rectangle(0.25, 0, 1, 1), 'blur')], 8, 1);
    expect(picture(r.cover, 8)).toEqual(['####bbbb']);
  });

  it('leaves a concave polygon’s notch clear (even-odd)', () => {
    // A U shape: the notch between the arms at x 0.4..0.6, y < 0.6.
    const u: [number, number][] = [
      [0, 0],
      [0.4, 0],
      [0.4, 0.6],
      [0.6, 0.6],
      [0.6, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ];
    const r = rasterise([mask(u)], 10, 5);
    expect(picture(r.cover, 10)).toEqual(['####..####', '####..####', '####..####', '##########', '##########']);
  });

  it('makes pixelation blocks of 1/40 of the width, at least 4 px', () => {
    expect(blurBlockSize(1920)).toBe(48);
    expect(blurBlockSize(640)).toBe(16);
    expect(blurBlockSize(64)).toBe(4);
    const r = rasterise([mask(rectangle(0.1, 0.1, 0.3, 0.3), 'blur')], 40, 40);
    // Pixels 4..11 in both directions are blurred: blocks 4 px wide at 0, 4, 8 cover them.
    expect(r.blurBlocks.length / 4).toBe(4);
    expect([...r.blurBlocks.subarray(0, 4)]).toEqual([4, 4, 8, 8]);
  });
});

describe('applying masks to an RGB frame', () => {
  function frame(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]) {
    const data = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 3);
    return { data, width, height };
  }
  const rgbAt = (f: { data: Buffer; width: number }, x: number, y: number) => {
    const i = (y * f.width + x) * 3;
    return [f.data[i], f.data[i + 1], f.data[i + 2]];
  };

  it('zeroes the pixels under a black mask and leaves the others as they were', () => {
    const f = frame(8, 8, () => [200, 150, 100]);
    new PrivacyMasker([mask(rectangle(0.25, 0.25, 0.75, 0.75))]).apply(f);
    expect(rgbAt(f, 2, 2)).toEqual([0, 0, 0]);
    expect(rgbAt(f, 5, 5)).toEqual([0, 0, 0]);
    expect(rgbAt(f, 1, 2)).toEqual([200, 150, 100]);
    expect(rgbAt(f, 6, 5)).toEqual([200, 150, 100]);
    expect(rgbAt(f, 3, 6)).toEqual([200, 150, 100]);
  });

  it('gives each blurred pixel its block’s mean colour; the detail inside is gone', () => {
    // A 4×4 checkerboard of 0 and 200 inside one 4 px block: every pixel becomes 100.
    const f = frame(8, 4, (x, y) => ((x + y) % 2 ? [200, 200, 200] : [0, 0, 0]));
    const r = rasterise([mask(rectangle(0, 0, 0.5, 1), 'blur')], 8, 4);
    applyRaster(r, f.data);
    for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) expect(rgbAt(f, x, y)).toEqual([100, 100, 100]);
    // Outside the mask the checkerboard stays.
    expect(rgbAt(f, 4, 0)).toEqual([0, 0, 0]);
    expect(rgbAt(f, 5, 0)).toEqual([200, 200, 200]);
  });

  it('keeps the unmasked pixels of a block a blur mask only partly covers', () => {
    const f = frame(4, 4, (x) => [x * 60, 0, 0]);
    const r = rasterise([mask(rectangle(0, 0, 0.5, 1), 'blur')], 4, 4);
    expect(r.cover[2]).toBe(CLEAR);
    applyRaster(r, f.data);
    expect(rgbAt(f, 0, 0)).toEqual([90, 0, 0]); // the mean of 0, 60, 120, 180
    expect(rgbAt(f, 2, 0)).toEqual([120, 0, 0]);
    expect(rgbAt(f, 3, 3)).toEqual([180, 0, 0]);
  });

  it('rasterises again when the frame size changes, and leaves frames alone without masks', () => {
    const masker = new PrivacyMasker([mask(rectangle(0.5, 0, 1, 1))]);
    const small = frame(4, 2, () => [9, 9, 9]);
    masker.apply(small);
    expect(rgbAt(small, 1, 0)).toEqual([9, 9, 9]);
    expect(rgbAt(small, 2, 0)).toEqual([0, 0, 0]);
    const large = frame(8, 2, () => [9, 9, 9]);
    masker.apply(large);
    expect(rgbAt(large, 3, 1)).toEqual([9, 9, 9]);
    expect(rgbAt(large, 4, 1)).toEqual([0, 0, 0]);
    // Boxes centred on a masked pixel of the last frame are hidden.
    expect(masker.hides([5, 0, 7, 2])).toBe(true);
    expect(masker.hides([1, 0, 3, 2])).toBe(false);
    const untouched = frame(4, 2, () => [9, 9, 9]);
    new PrivacyMasker([]).apply(untouched);
    expect(untouched.data.every((v) => v === 9)).toBe(true);
  });
});

describe('mask validation', () => {
  const problems = (value: unknown) =>
    privacyMaskSchema.safeParse(value).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

  it('needs three points in the picture, enclosing an area, and a known style', () => {
    expect(
      problems({
        name: 'a',
        points: [
          [0, 0],
          [1, 1],
        ],
      }),
    ).toEqual(['points: at least 3 points']);
    expect(
      problems({
        name: 'a',
        points: [
          [0, 0],
          [1.2, 0],
          [1, 1],
        ],
      })?.[0],
    ).toMatch(/^points\.1\.0: /);
    expect(
      problems({
        name: 'a',
        points: [
          [0, 0],
          [0.5, 0.5],
          [1, 1],
        ],
      }),
    ).toEqual(['points: the points enclose no area (all on one line, or repeated)']);
    expect(problems({ name: 'a', points: rectangle(0, 0, 1, 1), style: 'grey' })?.[0]).toMatch(/^style: /);
    expect(privacyMaskSchema.parse({ name: 'a', points: rectangle(0, 0, 1, 1) }).style).toBe('black');
  });
});
