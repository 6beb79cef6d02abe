import { describe, expect, it } from 'vitest';
import type { ResolvedLayout } from '../../src/detect/decode';
import { isZeroScoreError, maxClassScore, ZeroScoreWatch } from '../../src/detect/export-check';

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
    watch.observe(v8Output([0, 0, 0, 0]), v8);
    watch.observe(v8Output([0, 0, 0, 0]), v8);
    let error: Error | undefined;
    try {
      watch.observe(v8Output([0, 0, 0, 0]), v8);
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).toMatch(/broken\.onnx is broken: .* first 3 frames.*static-int8/);
    expect(isZeroScoreError(new Error(error?.message))).toBe(true);
    expect(isZeroScoreError(new Error('Detector is closed'))).toBe(false);
  });

  it('stops watching once a frame scores anything', () => {
    const watch = new ZeroScoreWatch('good.onnx', 2);
    watch.observe(v8Output([0, 0, 0, 0]), v8);
    watch.observe(v8Output([0, 0.01, 0, 0]), v8);
    for (let i = 0; i < 5; i++) expect(() => watch.observe(v8Output([0, 0, 0, 0]), v8)).not.toThrow();
  });

  it('fails on the first frame when told to watch one (cctv detect on one image)', () => {
    expect(() => new ZeroScoreWatch('broken.onnx', 1).observe(v8Output([0, 0, 0, 0]), v8)).toThrow(/first frame/);
  });
});
