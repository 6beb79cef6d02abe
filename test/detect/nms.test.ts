import { describe, expect, it } from 'vitest';
import type { Box } from '../../src/domain/detection';
import { nms, type Candidates } from '../../src/detect/nms';
import { iou } from '../../src/domain/box';

function candidates(list: { box: Box; score: number; classId?: number }[]): Candidates {
  return {
    boxes: Float32Array.from(list.flatMap((c) => c.box)),
    scores: Float32Array.from(list, (c) => c.score),
    classIds: Int32Array.from(list, (c) => c.classId ?? 0),
    count: list.length,
  };
}

describe('iou', () => {
  it('is 1 for the same box and 0 for boxes that do not overlap or only touch', () => {
    expect(iou([0, 0, 10, 10], [0, 0, 10, 10])).toBe(1);
    expect(iou([0, 0, 10, 10], [20, 20, 30, 30])).toBe(0);
    expect(iou([0, 0, 10, 10], [10, 0, 20, 10])).toBe(0);
  });

  it('is intersection over union for partial overlaps', () => {
    // 2×2 boxes sharing a 1×2 strip: 2 / (4 + 4 − 2)
    expect(iou([0, 0, 2, 2], [1, 0, 3, 2])).toBeCloseTo(1 / 3, 12);
    // a box inside another: 25 / 100
    expect(iou([0, 0, 10, 10], [0, 0, 5, 5])).toBe(0.25);
  });

  it('is 0 when a box has no area', () => {
    expect(iou([5, 5, 5, 5], [5, 5, 5, 5])).toBe(0);
  });
});

describe('nms', () => {
  it('keeps the best box of each overlapping group, best first', () => {
    const c = candidates([
      { box: [0, 0, 10, 10], score: 0.6 },
      { box: [1, 1, 11, 11], score: 0.9 }, // overlaps the first by 0.68
      { box: [50, 50, 60, 60], score: 0.7 },
    ]);
    expect(nms(c, 0.45)).toEqual([1, 2]);
  });

  it('never lets one class suppress another', () => {
    const c = candidates([
      { box: [0, 0, 10, 10], score: 0.9, classId: 0 },
      { box: [0, 0, 10, 10], score: 0.8, classId: 1 },
      { box: [0, 0, 10, 10], score: 0.7, classId: 1 },
    ]);
    expect(nms(c, 0.45)).toEqual([0, 1]);
  });

  it('drops a box only when its overlap is above the threshold', () => {
    const c = candidates([
      { box: [0, 0, 2, 2], score: 0.9 },
      { box: [1, 0, 3, 2], score: 0.8 }, // IoU exactly 1/3
    ]);
    expect(nms(c, 1 / 3 + 1e-9)).toEqual([0, 1]);
    expect(nms(c, 0.3)).toEqual([0]);
  });

  it('stops at maxDetections', () => {
    const c = candidates(
      Array.from({ length: 10 }, (_, i) => ({ box: [i * 20, 0, i * 20 + 10, 10] as Box, score: i / 10 })),
    );
    expect(nms(c, 0.45, 3)).toEqual([9, 8, 7]);
  });

  it('looks only at the first `count` candidates', () => {
    const c = candidates([
      { box: [0, 0, 10, 10], score: 0.5 },
      { box: [50, 50, 60, 60], score: 0.9 },
    ]);
    expect(nms({ ...c, count: 1 }, 0.45)).toEqual([0]);
  });

  it('on a full 640 output (8400 candidates around 420 objects) keeps the best 300, none overlapping its class', () => {
    // Speed is measured by the detect benchmark (npm run bench:detect), not here.
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const list = Array.from({ length: 8400 }, (_, i) => {
      const cx = (Math.floor(i / 20) % 30) * 21 + random() * 2;
      const cy = Math.floor(i / 600) * 45 + random() * 2;
      return { box: [cx, cy, cx + 18, cy + 40] as Box, score: random(), classId: i % 3 };
    });
    const kept = nms(candidates(list), 0.45).map((i) => list[i]);
    expect(kept).toHaveLength(300); // up to 3 classes × 420 places, capped at the default 300
    const scores = kept.map((k) => k.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    for (const [i, a] of kept.entries())
      for (const b of kept.slice(i + 1))
        if (a.classId === b.classId) expect(iou(a.box, b.box)).toBeLessThanOrEqual(0.45);
  });
});
