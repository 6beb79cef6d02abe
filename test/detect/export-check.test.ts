import { describe, expect, it } from 'vitest';
import type { ResolvedLayout } from '../../src/detect/decode';
import { hasPictureContent, isZeroScoreError, maxClassScore, ZeroScoreWatch } from '../../src/detect/export-check';
import { createDetector } from '../../src/detect/detector';
import type { LetterboxGeometry } from '../../src/detect/letterbox';
import path from 'node:path';
import { DEMO_MODEL_FILE, sharedDir } from '../../src/config/paths';

// Two candidates, two classes, boxes in hundreds of pixels.
const v8: ResolvedLayout = { layout: 'yolov8', numClasses: 2, numCandidates: 2 };
const v8Output = (scores: number[]) => Float32Array.from([320, 100, 40, 40, 50, 60, 30, 30, ...scores]);

describe('maxClassScore', () => {
  it('reads only the class scores of each layout, never the box coordinates', () => {
    expect(maxClassScore(v8Output([0, 0.2, 0.7, 0]), v8)).toBeCloseTo(0.7);
    expect(maxClassScore(v8Output([0, 0, 0, 0]), v8)).toBe(0);
    const v5: ResolvedLayout = { layout: 'yolov5', numClasses: 2, numCandidates: 2 };
    // cx, cy, w, h, objectness, 2 class scores per row: objectness is not a class score.
    expect(
      maxClassScore(Float32Array.from([320, 100, 40, 40, 0.9, 0, 0.3, 50, 60, 30, 30, 0.8, 0, 0]), v5),
    ).toBeCloseTo(0.3);
    const e2e: ResolvedLayout = { layout: 'end2end', numClasses: 2, numCandidates: 2 };
    expect(maxClassScore(Float32Array.from([10, 10, 50, 50, 0.4, 1, 0, 0, 0, 0, 0, 0]), e2e)).toBeCloseTo(0.4);
  });
});

describe('ZeroScoreWatch', () => {
  it('fails on the last of the first frames when every one scored exactly zero', () => {
    const watch = new ZeroScoreWatch('broken.onnx', 3);
    watch.observe(v8Output([0, 0, 0, 0]), v8, true);
    watch.observe(v8Output([0, 0, 0, 0]), v8, true);
    let error: Error | undefined;
    try {
      watch.observe(v8Output([0, 0, 0, 0]), v8, true);
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).toMatch(/broken\.onnx is broken: .* first 3 frames.*static-int8/);
    expect(isZeroScoreError(new Error(error?.message))).toBe(true);
    expect(isZeroScoreError(new Error('Detector is closed'))).toBe(false);
  });

  it('stops watching once a frame scores anything', () => {
    const watch = new ZeroScoreWatch('good.onnx', 2);
    watch.observe(v8Output([0, 0, 0, 0]), v8, true);
    watch.observe(v8Output([0, 0.01, 0, 0]), v8, true);
    for (let i = 0; i < 5; i++) expect(() => watch.observe(v8Output([0, 0, 0, 0]), v8, true)).not.toThrow();
  });

  it('fails on the first frame when told to watch one (cctv detect on one image)', () => {
    expect(() => new ZeroScoreWatch('broken.onnx', 1).observe(v8Output([0, 0, 0, 0]), v8, true)).toThrow(/first frame/);
  });
});

describe('frames without a picture', () => {
  const g: LetterboxGeometry = {
    srcX: 0,
    srcY: 0,
    srcWidth: 64,
    srcHeight: 32,
    inputWidth: 64,
    inputHeight: 64,
    scale: 1,
    resizedWidth: 64,
    resizedHeight: 32,
    padX: 0,
    padY: 16,
  };
  const tensor = (pixel: (x: number, y: number) => number) => {
    const t = new Float32Array(3 * 64 * 64).fill(114 / 255);
    for (let y = 16; y < 48; y++)
      for (let x = 0; x < 64; x++) for (let c = 0; c < 3; c++) t[c * 64 * 64 + y * 64 + x] = pixel(x, y);
    return t;
  };

  it('tells a featureless picture (black, grey) from a scene, ignoring the letterbox padding', () => {
    expect(
      hasPictureContent(
        tensor(() => 0),
        g,
      ),
    ).toBe(false);
    expect(
      hasPictureContent(
        tensor(() => 0.5),
        g,
      ),
    ).toBe(false);
    expect(
      hasPictureContent(
        tensor((x, y) => ((x >> 3) + (y >> 3)) % 2),
        g,
      ),
    ).toBe(true);
  });

  it('do not count towards a broken export: a camera starting on a black frame is not failed', () => {
    const watch = new ZeroScoreWatch('good.onnx', 2);
    for (let i = 0; i < 10; i++) expect(() => watch.observe(v8Output([0, 0, 0, 0]), v8, false)).not.toThrow();
    watch.observe(v8Output([0, 0, 0, 0]), v8, true);
    expect(() => watch.observe(v8Output([0, 0, 0, 0]), v8, true)).toThrow(/first 2 frames with a picture/);
  });

  it('the default model (int8, 640) on uniform grey frames keeps running', async () => {
    // It scores exactly 0 everywhere on such frames: before this rule, a camera starting on a
    // grey or black picture was stopped as a broken export.
    const detector = await createDetector({ path: path.join(sharedDir(), DEMO_MODEL_FILE) });
    try {
      const grey = { data: Buffer.alloc(640 * 360 * 3, 128), width: 640, height: 360, seq: 0, time: 0 };
      for (let i = 0; i < 4; i++) await expect(detector.detect({ ...grey, seq: i })).resolves.toBeDefined();
    } finally {
      await detector.close();
    }
  });
});
