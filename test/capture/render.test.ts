import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cropRegion, renderAnnotatedFrame, renderCrop } from '../../src/capture/render';
import type { Frame } from '../../src/domain/detection';

/** A frame whose left half is blue and right half is yellow, so crops can be checked by colour. */
function twoToneFrame(width: number, height: number): Frame {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      if (x < width / 2) data.set([20, 40, 220], i);
      else data.set([230, 210, 30], i);
    }
  }
  return { data, width, height, seq: 0, time: 0 };
}

async function pixel(jpeg: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i], data[i + 1], data[i + 2]];
}

describe('capture images', () => {
  it('crops around the person with a margin, clipped to the frame', () => {
    expect(cropRegion([100, 100, 140, 200], 640, 360)).toEqual({ left: 72, top: 50, width: 96, height: 200 });
    const edge = cropRegion([0, 0, 40, 40], 640, 360);
    expect(edge.left).toBe(0);
    expect(edge.top).toBe(0);
    expect(edge.width).toBe(96);
    expect(cropRegion([600, 300, 640, 360], 640, 360)).toEqual({ left: 544, top: 240, width: 96, height: 120 });
  });

  it('makes a crop JPEG that shows the person region, not another part of the frame', async () => {
    const frame = twoToneFrame(640, 360);
    const crop = await renderCrop(frame, { box: [420, 100, 480, 220], tone: 'violation', label: '#1 NO HELMET' });
    const meta = await sharp(crop).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.width).toBe(120);
    expect(meta.height).toBe(240);
    const [r, g, b] = await pixel(crop, 60, 120); // inside the box: the yellow half
    expect(r).toBeGreaterThan(180);
    expect(g).toBeGreaterThan(160);
    expect(b).toBeLessThan(90);
  });

  it('draws a red box on the full frame and scales the live preview down', async () => {
    const frame = twoToneFrame(1280, 720);
    const full = await renderAnnotatedFrame(frame, [{ box: [100, 100, 300, 400], tone: 'violation', label: 'x' }]);
    const [r, g, b] = await pixel(full, 200, 400); // on the bottom edge of the box
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(110);
    expect(b).toBeLessThan(110);
    const preview = await renderAnnotatedFrame(frame, [], { maxWidth: 640 });
    expect(await sharp(preview).metadata()).toMatchObject({ width: 640, height: 360 });
  });
});
