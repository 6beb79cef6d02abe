import { describe, expect, it } from 'vitest';
import type { Box } from '../../src/domain/detection';
import {
  bestRow,
  countsAt,
  emptyPerRole,
  matchGreedy,
  overlapOfSmaller,
  quality,
  roleOutcome,
  smallPersonRule,
  sweep,
  thresholdGrid,
  type PhotoBoxes,
  type ScoredBox,
} from '../../src/eval/photo-scoring';

const neverSmall = () => false;

function helmetPhoto(labels: Box[], predictions: ScoredBox[]): PhotoBoxes {
  const photo: PhotoBoxes = { labels: emptyPerRole<Box>(), predictions: emptyPerRole<ScoredBox>() };
  photo.labels.helmet = labels;
  photo.predictions.helmet = predictions;
  return photo;
}

describe('overlapOfSmaller', () => {
  it('is the share of the smaller box inside the other, whichever comes first', () => {
    const big: Box = [0, 0, 100, 100];
    expect(overlapOfSmaller(big, [10, 10, 30, 50])).toBe(1);
    expect(overlapOfSmaller([10, 10, 30, 50], big)).toBe(1);
    // 20 × 10 box, its left half inside.
    expect(overlapOfSmaller([90, 0, 110, 10], big)).toBeCloseTo(0.5);
    expect(overlapOfSmaller([200, 0, 210, 10], big)).toBe(0);
    expect(overlapOfSmaller([5, 5, 5, 20], big)).toBe(0); // zero width
  });
});

describe('matchGreedy', () => {
  const label: Box = [0, 0, 10, 10];

  it('gives a label to the best-scoring prediction only, whatever the input order', () => {
    const preds = [
      { box: [1, 1, 10, 10] as Box, score: 0.4 },
      { box: [0, 0, 10, 10] as Box, score: 0.9 },
    ];
    expect(matchGreedy(preds, [label])).toEqual([-1, 0]);
  });

  it('matches at half of the smaller box, not below', () => {
    // Prediction 10 × 10; 5 × 10 of it inside the label → exactly half.
    expect(matchGreedy([{ box: [5, 0, 15, 10], score: 0.5 }], [label])).toEqual([0]);
    expect(matchGreedy([{ box: [5.1, 0, 15.1, 10], score: 0.5 }], [label])).toEqual([-1]);
  });

  it('matches a hair-only head box inside a whole-head label (IoU would not)', () => {
    const hair: Box = [2, 0, 8, 3]; // IoU 0.18
    expect(matchGreedy([{ box: hair, score: 0.5 }], [label])).toEqual([0]);
  });

  it('prefers the label it overlaps most, then the one of similar size', () => {
    const pred = { box: [0, 0, 20, 20] as Box, score: 0.8 };
    const tiny: Box = [1, 1, 3, 3];
    const similar: Box = [0, 0, 19, 19];
    const mostlyIn: Box = [5, 5, 25, 25]; // overlap 0.56, IoU 0.39
    expect(matchGreedy([pred], [mostlyIn, tiny])).toEqual([1]);
    expect(matchGreedy([pred], [mostlyIn, tiny, similar])).toEqual([2]);
    expect(matchGreedy([pred, { box: [0, 0, 20, 20], score: 0.7 }], [tiny, similar])).toEqual([1, 0]);
  });
});

describe('roleOutcome and countsAt', () => {
  // Photo 1: two helmet labels; predictions 0.9 (on label A), 0.6 (on label A too: duplicate),
  // 0.3 (on label B). Photo 2: one label, one stray prediction 0.8.
  const photos = [
    helmetPhoto(
      [
        [0, 0, 10, 10],
        [50, 50, 60, 60],
      ],
      [
        { box: [0, 0, 10, 10], score: 0.9 },
        { box: [1, 1, 10, 10], score: 0.6 },
        { box: [50, 50, 60, 60], score: 0.3 },
      ],
    ),
    helmetPhoto([[0, 0, 10, 10]], [{ box: [200, 200, 220, 220], score: 0.8 }]),
  ];

  it('counts every prediction at 0 and fewer as the threshold rises', () => {
    const outcome = roleOutcome(photos, 'helmet', neverSmall);
    expect(countsAt(outcome, 0)).toEqual({ tp: 2, fp: 2, fn: 1 });
    expect(countsAt(outcome, 0.5)).toEqual({ tp: 1, fp: 2, fn: 2 });
    expect(countsAt(outcome, 0.85)).toEqual({ tp: 1, fp: 0, fn: 2 });
    expect(countsAt(outcome, 0.95)).toEqual({ tp: 0, fp: 0, fn: 3 });
  });

  it('gives at any threshold the counts of matching only the predictions above it', () => {
    const outcome = roleOutcome(photos, 'helmet', neverSmall);
    for (const t of [0, 0.3, 0.31, 0.6, 0.7, 0.9]) {
      const filtered = photos.map((p) =>
        helmetPhoto(
          p.labels.helmet,
          p.predictions.helmet.filter((q) => q.score >= t),
        ),
      );
      expect(countsAt(outcome, t)).toEqual(countsAt(roleOutcome(filtered, 'helmet', neverSmall), 0));
    }
  });

  it('scores small people on small labels and on unmatched small predictions', () => {
    const isSmall = smallPersonRule(20);
    const photo = helmetPhoto(
      [
        [0, 0, 10, 10], // small, found
        [100, 100, 110, 110], // small, missed
        [300, 300, 340, 340], // large, found by a small box inside it
      ],
      [
        { box: [0, 0, 10, 10], score: 0.9 },
        { box: [310, 310, 320, 320], score: 0.8 },
        { box: [500, 500, 510, 510], score: 0.7 }, // small stray
        { box: [600, 600, 650, 650], score: 0.6 }, // large stray
      ],
    );
    const outcome = roleOutcome([photo], 'helmet', isSmall);
    expect(countsAt(outcome, 0, 'small')).toEqual({ tp: 1, fp: 1, fn: 1 });
    expect(countsAt(outcome, 0)).toEqual({ tp: 2, fp: 2, fn: 1 });
  });
});

describe('smallPersonRule', () => {
  it('judges heads by the head limit and torsos by three times it', () => {
    const isSmall = smallPersonRule(20);
    expect(isSmall('helmet', [0, 0, 50, 19.9])).toBe(true);
    expect(isSmall('no-helmet', [0, 0, 5, 20])).toBe(false);
    expect(isSmall('vest', [0, 0, 50, 59])).toBe(true);
    expect(isSmall('no-vest', [0, 0, 50, 60])).toBe(false);
  });
});

describe('quality', () => {
  it('computes precision, recall and F1 from counts', () => {
    const q = quality({ tp: 3, fp: 1, fn: 2 });
    expect(q.precision).toBe(0.75);
    expect(q.recall).toBe(0.6);
    expect(q.f1).toBeCloseTo(2 / 3);
  });

  it('reads 0 where nothing was predicted or labelled', () => {
    expect(quality({ tp: 0, fp: 0, fn: 4 })).toMatchObject({ precision: 0, recall: 0, f1: 0 });
    expect(quality({ tp: 0, fp: 2, fn: 0 })).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
});

describe('thresholdGrid, sweep and bestRow', () => {
  it('builds 0.05..0.9 in steps of 0.05 with exact decimals', () => {
    const grid = thresholdGrid(0.05, 0.9, 0.05);
    expect(grid).toHaveLength(18);
    expect(grid[0]).toBe(0.05);
    expect(grid[5]).toBe(0.3);
    expect(grid[17]).toBe(0.9);
    expect(() => thresholdGrid(0.5, 0.1, 0.05)).toThrow();
  });

  it('finds the threshold that drops the low-scoring false positives but keeps the true ones', () => {
    // Five labels found at 0.5..0.9; three strays at 0.1..0.3.
    const labels: Box[] = [0, 1, 2, 3, 4].map((i) => [i * 100, 0, i * 100 + 10, 10]);
    const found = labels.map((box, i) => ({ box, score: 0.5 + i * 0.1 }));
    const strays = [0.1, 0.2, 0.3].map((score, i) => ({ box: [0, 500 + i * 100, 10, 510 + i * 100] as Box, score }));
    const outcome = roleOutcome([helmetPhoto(labels, [...found, ...strays])], 'helmet', neverSmall);
    const rows = sweep(outcome, thresholdGrid(0.1, 0.9, 0.1));
    expect(rows[0]).toMatchObject({ minScore: 0.1, tp: 5, fp: 3, fn: 0 });
    // 0.4 and 0.5 both keep all five and no stray: the tie goes to the lower one.
    expect(bestRow(rows)).toMatchObject({ minScore: 0.4, f1: 1 });
    expect(rows[8]).toMatchObject({ minScore: 0.9, tp: 1, fp: 0, fn: 4 });
  });
});
