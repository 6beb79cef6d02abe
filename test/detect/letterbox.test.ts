import { describe, expect, it } from 'vitest';
import { FrameLetterboxer, letterboxGeometry, PAD_VALUE, unletterbox } from '../../src/detect/letterbox';

const frameOf = (width: number, height: number, pixel: (x: number, y: number) => [number, number, number]) => {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 3);
  return { data, width, height, seq: 0, time: 0 };
};

/** The tensor as [channel][row][column] numbers ×255, rounded, for readable expectations. */
const planes = (lb: FrameLetterboxer) =>
  [0, 1, 2].map((c) =>
    Array.from({ length: lb.inputHeight }, (_, y) =>
      Array.from({ length: lb.inputWidth }, (_, x) =>
        Math.round(lb.tensor[c * lb.inputWidth * lb.inputHeight + y * lb.inputWidth + x] * 255),
      ),
    ),
  );

describe('letterbox geometry', () => {
  it('fits a 16:9 frame into a square input with equal grey bars above and below', () => {
    expect(letterboxGeometry(640, 360, 320, 320)).toEqual({
      srcWidth: 640,
      srcHeight: 360,
      inputWidth: 320,
      inputHeight: 320,
      scale: 0.5,
      resizedWidth: 320,
      resizedHeight: 180,
      padX: 0,
      padY: 70,
      srcX: 0,
      srcY: 0,
    });
  });

  it('pads a portrait frame left and right', () => {
    const g = letterboxGeometry(360, 640, 320, 320);
    expect([g.resizedWidth, g.resizedHeight, g.padX, g.padY]).toEqual([180, 320, 70, 0]);
  });

  it('rounds an odd remainder the way Ultralytics does (the extra pixel goes to the bottom)', () => {
    // 1024×683 → 320×213.4 → 213 rows; 107 spare rows: 53 above, 54 below.
    const g = letterboxGeometry(1024, 683, 320, 320);
    expect([g.scale, g.resizedWidth, g.resizedHeight, g.padX, g.padY]).toEqual([0.3125, 320, 213, 0, 53]);
  });

  it('enlarges a frame smaller than the input', () => {
    const g = letterboxGeometry(160, 120, 320, 320);
    expect([g.scale, g.resizedWidth, g.resizedHeight, g.padX, g.padY]).toEqual([2, 320, 240, 0, 40]);
  });
});

describe('unletterbox', () => {
  const g = letterboxGeometry(640, 360, 320, 320);

  it('maps a box from model-input pixels back to source pixels', () => {
    expect(unletterbox([10, 80, 110, 170], g)).toEqual([20, 20, 220, 200]);
  });

  it('clips boxes that reach into the padding to the frame', () => {
    expect(unletterbox([-5, 60, 330, 260], g)).toEqual([0, 0, 640, 360]);
  });
});

describe('FrameLetterboxer', () => {
  it('writes RGB planes scaled to 0..1 and grey 114 padding', () => {
    // 4×2 frame into a 4×4 input: rows 1–2 hold the frame, rows 0 and 3 are padding.
    const lb = new FrameLetterboxer(4, 4);
    const g = lb.letterbox(frameOf(4, 2, (x, y) => [x * 10 + y, 100 + x, 200 + y]));
    expect([g.scale, g.padX, g.padY]).toEqual([1, 0, 1]);
    const pad = [114, 114, 114, 114];
    expect(planes(lb)).toEqual([
      [pad, [0, 10, 20, 30], [1, 11, 21, 31], pad],
      [pad, [100, 101, 102, 103], [100, 101, 102, 103], pad],
      [pad, [200, 200, 200, 200], [201, 201, 201, 201], pad],
    ]);
    expect(lb.tensor[0]).toBeCloseTo(PAD_VALUE, 6);
  });

  it('halving averages each 2×2 block (bilinear) or picks one pixel (nearest)', () => {
    // 4×4 frame, red = 10·x + 50·y → 2×2 input.
    const frame = frameOf(4, 4, (x, y) => [10 * x + 50 * y, 0, 0]);
    const bilinear = new FrameLetterboxer(2, 2);
    bilinear.letterbox(frame);
    expect(planes(bilinear)[0]).toEqual([
      [30, 50],
      [130, 150],
    ]);
    const nearest = new FrameLetterboxer(2, 2, 'nearest');
    nearest.letterbox(frame);
    expect(planes(nearest)[0]).toEqual([
      [60, 80],
      [160, 180],
    ]);
  });

  it('interpolates between neighbours when shrinking by less than 2×', () => {
    // 3 → 2 columns: output pixel centres fall at source x = 0.25 and 1.75.
    const lb = new FrameLetterboxer(2, 2);
    lb.letterbox(frameOf(3, 3, (x) => [100 * x, 0, 0]));
    expect(planes(lb)[0]).toEqual([
      [25, 175],
      [25, 175],
    ]);
  });

  it('keeps each region in its place when shrinking a lot (no bleeding across output pixels)', () => {
    // 8×8 frame of four solid 4×4 quadrants → 2×2 input: one quadrant per input pixel.
    const colours: [number, number, number][] = [
      [200, 0, 0],
      [0, 200, 0],
      [0, 0, 200],
      [90, 90, 90],
    ];
    const lb = new FrameLetterboxer(2, 2);
    lb.letterbox(frameOf(8, 8, (x, y) => colours[(y >> 2) * 2 + (x >> 2)]));
    const p = planes(lb);
    const pixels = [0, 1, 2, 3].map((i) => [0, 1, 2].map((c) => p[c][i >> 1][i & 1]));
    expect(pixels).toEqual(colours);
  });

  it('repaints the padding when the frame size changes', () => {
    const lb = new FrameLetterboxer(4, 4);
    lb.letterbox(frameOf(4, 2, () => [0, 0, 0])); // bars top and bottom
    lb.letterbox(frameOf(2, 4, () => [0, 0, 0])); // now bars left and right
    const pad = 114;
    expect(planes(lb)[1]).toEqual(Array.from({ length: 4 }, () => [pad, 0, 0, pad]));
  });

  it('letterboxes a region (a tile) exactly as the same pixels cut out as a frame of their own', () => {
    const pixel = (x: number, y: number): [number, number, number] => [
      (x * 37 + y * 11) % 256,
      (x * y) % 256,
      (x + 3 * y) % 256,
    ];
    const frame = frameOf(40, 30, pixel);
    const crop = frameOf(25, 18, (x, y) => pixel(x + 10, y + 7));
    const fromRegion = new FrameLetterboxer(8, 8);
    const fromCrop = new FrameLetterboxer(8, 8);
    const g = fromRegion.letterbox(frame, { x: 10, y: 7, width: 25, height: 18 });
    fromCrop.letterbox(crop);
    expect(planes(fromRegion)).toEqual(planes(fromCrop));
    expect([g.srcX, g.srcY, g.srcWidth, g.srcHeight]).toEqual([10, 7, 25, 18]);
    // Back on the whole frame, the tile's padding bars are repainted.
    fromRegion.letterbox(frame);
    fromCrop.letterbox(frame);
    expect(planes(fromRegion)).toEqual(planes(fromCrop));
  });

  it('maps a box found on a region back to frame pixels, clipped to the region', () => {
    const g = letterboxGeometry(320, 320, 640, 640, 900, 200);
    expect(unletterbox([100, 100, 140, 150], g)).toEqual([950, 250, 970, 275]);
    expect(unletterbox([-20, 600, 40, 700], g)).toEqual([900, 500, 920, 520]);
  });

  it('rejects a region that leaves the frame or is not whole pixels', () => {
    const lb = new FrameLetterboxer(4, 4);
    const frame = frameOf(10, 10, () => [0, 0, 0]);
    expect(() => lb.letterbox(frame, { x: 5, y: 0, width: 6, height: 4 })).toThrow(
      'Region 6x4+5+0 is not whole pixels of the 10x10 frame',
    );
    expect(() => lb.letterbox(frame, { x: 0.5, y: 0, width: 4, height: 4 })).toThrow('not whole pixels');
  });

  it('rejects a frame buffer shorter than width × height × 3', () => {
    const lb = new FrameLetterboxer(4, 4);
    expect(() => lb.letterbox({ data: Buffer.alloc(10), width: 4, height: 4, seq: 7, time: 0 })).toThrow(
      'Frame 7 holds 10 bytes; 4x4 RGB24 needs 48',
    );
  });

  it('letterboxes into bytes (what a worker sends the host engine): the float values ×255 to the nearest byte, grey 114 padding', () => {
    // Odd sizes and a 3× shrink on one axis: fractional taps, so rounding shows.
    const frame = frameOf(21, 9, (x, y) => [(x * 37 + y * 11) % 256, (x * 5) % 256, (y * 29) % 256]);
    for (const region of [undefined, { x: 3, y: 1, width: 12, height: 7 }]) {
      const floats = new FrameLetterboxer(7, 7);
      const bytes = FrameLetterboxer.bytes(7, 7);
      expect(bytes.letterbox(frame, region)).toEqual(floats.letterbox(frame, region));
      // float32 tensor values: ×255 is a half-way value only up to float rounding
      const fromFloats = Array.from(floats.tensor, (v) => v * 255);
      Array.from(bytes.tensor).forEach((b, i) =>
        expect(Math.abs(b - fromFloats[i]), `value ${i}`).toBeLessThanOrEqual(0.5 + 1e-5),
      );
      expect(bytes.tensor[0]).toBe(114);
    }
  });
});
