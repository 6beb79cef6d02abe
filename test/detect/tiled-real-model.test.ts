// Tiles on a real model and a real photo: SFCHD 000529.jpg shows children in white helmets and,
// behind the boy in the blue coat, an adult with nothing on his head. Enlarged to 1920×1280 (a
// 1080p-class camera frame) his head is ~60×50 px, ~20 px at the model's scale: the whole frame
// misses it, the 2×2 tiles of 'auto' find it.
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MODEL_FILE, sharedDir } from '../../src/config/paths';
import { overlapOfSmaller } from '../../src/domain/box';
import type { Box, Detection, Frame } from '../../src/domain/detection';
import { modelConfigSchema } from '../../src/detect/config';
import { createDetector, type DetectionEngine } from '../../src/detect/detector';
import { tilingOptionsOf, withTiles } from '../../src/detect/tiled-detector';

const PHOTO = path.join(sharedDir(), 'eval', 'sfchd', 'images', '000529.jpg');
const SCALE = 1920 / 750;
/** The labelled bare head (YOLO label 1 0.589 0.377 0.032 0.038 on the 750×500 photo), enlarged. */
const BARE_HEAD: Box = [427, 179, 451, 198].map((v) => v * SCALE) as Box;
/** Two of the front children's white helmets, as the whole frame finds them. */
const FRONT_HELMETS: Box[] = [
  [400, 758, 489, 811],
  [178, 736, 285, 816],
];

async function enlargedPhoto(): Promise<Frame> {
  const { data, info } = await sharp(PHOTO)
    .resize(1920, 1280)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, seq: 0, time: 0 };
}

const on = (box: Box) => (d: Detection) => overlapOfSmaller(d.box, box) >= 0.5;

describe('tiles on the construction model (000529.jpg enlarged to 1920x1280)', () => {
  const model = modelConfigSchema.parse({ path: path.join(sharedDir(), DEMO_MODEL_FILE) });
  let engine: DetectionEngine;
  let frame: Frame;
  beforeAll(async () => {
    [engine, frame] = await Promise.all([createDetector(model), enlargedPhoto()]);
  });
  afterAll(() => engine?.close());

  it('the whole frame alone misses the bare head at the back', async () => {
    const { detections, passes } = await engine.detect(frame);
    expect(passes ?? 1).toBe(1);
    expect(detections.filter(on(BARE_HEAD)).map((d) => d.role)).not.toContain('no-helmet');
  });

  it("auto tiles (2x2 on this frame) find it, in the frame's pixels, and keep the front children's helmets", async () => {
    const tiled = withTiles(engine, 'auto', tilingOptionsOf(model));
    const { detections, passes, timings } = await tiled.detect(frame);
    expect(passes).toBe(5);
    expect(timings.inferenceMs).toBeGreaterThan(0);
    const bare = detections.filter((d) => d.role === 'no-helmet' && on(BARE_HEAD)(d));
    expect(bare).toHaveLength(1);
    const height = bare[0].box[3] - bare[0].box[1];
    expect(height).toBeGreaterThan(15);
    expect(height).toBeLessThan(80);
    for (const helmet of FRONT_HELMETS) {
      expect(detections.filter(on(helmet)).map((d) => d.role)).toContain('helmet');
    }
  });
});
