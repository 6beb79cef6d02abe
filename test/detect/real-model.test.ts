// The demo PPE model on real photos: what a person looking at the picture would expect it to find.
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MODEL_FILE, sharedDir } from '../../src/config/paths';
import type { Frame } from '../../src/domain/detection';
import { createDetector, type Detector } from '../../src/detect/detector';

const media = (name: string) => path.join(sharedDir(), 'media', name);

async function photo(name: string): Promise<Frame> {
  const { data, info } = await sharp(media(name)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, seq: 0, time: 0 };
}

describe('demo model on sample photos (minScore 0.25)', () => {
  let detector: Detector;
  beforeAll(async () => {
    detector = await createDetector({ path: path.join(sharedDir(), DEMO_MODEL_FILE), minScore: 0.25 });
  });
  afterAll(() => detector?.close());

  it('reads the class names from the model and maps them to PPE roles', () => {
    expect(detector.classNames).toEqual(['head', 'helmet', 'no-jacket', 'safety-jacket']);
    expect(detector.roles).toEqual(['no-helmet', 'helmet', 'no-vest', 'vest']);
    expect(detector.hasPersonClass).toBe(false);
  });

  it('construction-safety.jpg: a helmet and a safety vest, no bare head', async () => {
    const frame = await photo('construction-safety.jpg');
    const found = (await detector.detect(frame)).detections;
    const helmet = found.find((d) => d.role === 'helmet');
    const vest = found.find((d) => d.role === 'vest');
    expect(helmet?.className).toBe('helmet');
    expect(vest?.className).toBe('safety-jacket');
    expect(found.filter((d) => d.role === 'no-helmet')).toEqual([]);
    // The worker stands right of centre, helmet above vest; boxes lie inside the picture.
    expect(helmet!.box[3]).toBeLessThan(vest!.box[3]);
    expect(helmet!.box[0]).toBeGreaterThan(frame.width / 2);
    for (const d of found) {
      expect(d.box[0]).toBeGreaterThanOrEqual(0);
      expect(d.box[2]).toBeLessThanOrEqual(frame.width);
      expect(d.box[3]).toBeLessThanOrEqual(frame.height);
    }
  });

  it('pictor_0.jpg: at least one helmet and at least one bare head', async () => {
    const found = (await detector.detect(await photo('pictor_0.jpg'))).detections;
    expect(found.filter((d) => d.role === 'helmet').length).toBeGreaterThanOrEqual(1);
    expect(found.filter((d) => d.role === 'no-helmet').length).toBeGreaterThanOrEqual(1);
  });
});
