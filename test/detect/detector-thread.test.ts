// The detector on its own thread, as camera workers run it: the same answers as the detector on
// the calling thread, frames in flight answered in order, and errors that still say what is wrong.
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_MODEL_FILE, sharedDir } from '../../src/config/paths';
import type { Frame } from '../../src/domain/detection';
import { createDetector, type DetectorLog, type RegionDetector } from '../../src/detect/detector';
import { withTiles } from '../../src/detect/tiled-detector';
import { createThreadedDetector } from '../../src/detect/detector-thread';

const model = path.join(sharedDir(), FAST_MODEL_FILE);
const PHOTOS = ['construction-safety.jpg', 'pictor_0.jpg', 'pictor_2.jpg', 'pictor_8.jpg'];

async function photo(name: string): Promise<Frame> {
  const { data, info } = await sharp(path.join(sharedDir(), 'media', name))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, seq: 0, time: 0 };
}

describe('detector on its own thread', () => {
  let inThread: RegionDetector;
  let threaded: RegionDetector;
  const lines: string[] = [];
  const log: DetectorLog = {
    info: (_obj, msg) => lines.push(`info ${msg}`),
    warn: (_obj, msg) => lines.push(`warn ${msg}`),
  };
  beforeAll(async () => {
    inThread = await createDetector({ path: model });
    threaded = await createThreadedDetector({ path: model }, log);
  });
  afterAll(async () => {
    await inThread?.close();
    await threaded?.close();
  });

  it('finds exactly what the detector on the calling thread finds, and logs through the caller', async () => {
    expect(threaded.classNames).toEqual(inThread.classNames);
    expect(threaded.roles).toEqual(inThread.roles);
    expect(threaded.hasPersonClass).toBe(inThread.hasPersonClass);
    let found = 0;
    let inferenceMs = 0;
    for (const name of PHOTOS) {
      const frame = await photo(name);
      const expected = (await inThread.detect(frame)).detections;
      const answer = await threaded.detect(frame);
      expect(answer.detections, name).toEqual(expected);
      found += expected.length;
      inferenceMs = answer.timings.inferenceMs;
    }
    expect(found).toBeGreaterThan(4);
    expect(inferenceMs).toBeGreaterThan(0);
    expect(lines).toContain('info model loaded');
  });

  it('answers frames sent before the previous answer arrived in order, each with its own detections', async () => {
    const frames = await Promise.all(PHOTOS.map((name) => photo(name)));
    const expected = [];
    for (const frame of frames) expected.push((await inThread.detect(frame)).detections);
    // All four at once: more than the two letterboxed ahead, so later calls wait their turn.
    const answers = await Promise.all(frames.map((frame) => threaded.detect(frame)));
    expect(answers.map((a) => a.detections)).toEqual(expected);
  });

  it('tiles the same on its thread: every tile of a frame in flight at once, answered in order', async () => {
    const frames = await Promise.all(PHOTOS.map((name) => photo(name)));
    const grid = { grid: [2, 2] as [number, number] };
    const tiledHere = withTiles(inThread, grid, { iou: 0.45 });
    const tiledThere = withTiles(threaded, grid, { iou: 0.45 });
    const expected = [];
    for (const frame of frames) expected.push((await tiledHere.detect(frame)).detections);
    const answers = await Promise.all(frames.map((frame) => tiledThere.detect(frame)));
    expect(answers.map((a) => a.detections)).toEqual(expected);
    expect(answers.map((a) => a.passes)).toEqual([5, 5, 5, 5]);
  });

  it('rejects a frame too small for its size with the reason, and carries on', async () => {
    const frame = await photo('pictor_0.jpg');
    await expect(threaded.detect({ ...frame, data: frame.data.subarray(0, 100) })).rejects.toThrow(/holds 100 bytes/);
    expect((await threaded.detect(frame)).detections).toEqual((await inThread.detect(frame)).detections);
  });

  it('fails to start with the same message as the detector on the calling thread', async () => {
    await expect(createThreadedDetector({ path: '/nowhere/model.onnx' })).rejects.toThrow(
      'Model file not found: /nowhere/model.onnx',
    );
    const notAModel = path.join(sharedDir(), 'media', 'pictor_0.jpg');
    const expected = await createDetector({ path: notAModel }).catch((err: Error) => err.message);
    await expect(createThreadedDetector({ path: notAModel })).rejects.toThrow(expected as string);
  });

  it('finishes calls made before close() and refuses calls after it', async () => {
    const detector = await createThreadedDetector({ path: model });
    const frame = await photo('construction-safety.jpg');
    const pending = detector.detect(frame);
    await detector.close();
    expect((await pending).detections.length).toBeGreaterThan(0);
    await expect(detector.detect(frame)).rejects.toThrow('Detector is closed');
  });
});
