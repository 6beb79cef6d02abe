import { describe, expect, it } from 'vitest';
import type { Box, Detection, PpeRole } from '../../src/domain/detection';
import {
  figuresAt,
  photoBoxesAt,
  sweepThresholds,
  uniformThresholds,
  type DetectedPhoto,
  type ModelClasses,
} from '../../src/eval/photo-evaluation';
import { emptyPerRole, smallPersonRule, thresholdGrid } from '../../src/eval/photo-scoring';

const classes: ModelClasses = {
  names: ['head', 'helmet', 'person', 'cone'],
  roles: ['no-helmet', 'helmet', 'person', 'ignore'],
};

function detection(className: string, score: number, box: Box): Detection {
  const classId = classes.names.indexOf(className);
  return { box, score, classId, className, role: classes.roles[classId] as PpeRole };
}

/** Bare heads at x = 0, 100, 200, … (10 px tall); helmets at y = 500. */
function photo(id: string, bareHeads: number, helmets: number, detections: Detection[]): DetectedPhoto {
  const labels = emptyPerRole<Box>();
  labels['no-helmet'] = Array.from({ length: bareHeads }, (_, i): Box => [i * 100, 0, i * 100 + 10, 10]);
  labels.helmet = Array.from({ length: helmets }, (_, i): Box => [i * 100, 500, i * 100 + 40, 540]);
  return { id, labels, detections };
}

const isSmall = smallPersonRule(20);

describe('uniformThresholds', () => {
  it('covers the classes with an evaluated role only', () => {
    expect(uniformThresholds(classes, 0.25)).toEqual({ head: 0.25, helmet: 0.25 });
  });
});

describe('photoBoxesAt', () => {
  it('keeps the detections at or above their class threshold, by role', () => {
    const p = photo('a', 1, 1, [
      detection('head', 0.3, [0, 0, 10, 10]),
      detection('helmet', 0.3, [0, 500, 40, 540]),
      detection('person', 0.9, [0, 0, 40, 600]),
    ]);
    const boxes = photoBoxesAt(p, { head: 0.3, helmet: 0.5 });
    expect(boxes.predictions['no-helmet']).toEqual([{ box: [0, 0, 10, 10], score: 0.3 }]);
    expect(boxes.predictions.helmet).toEqual([]);
  });
});

describe('figuresAt', () => {
  it('scores each role at its classes’ thresholds, small people apart', () => {
    const photos = [
      photo('a', 2, 1, [
        detection('head', 0.8, [0, 0, 10, 10]),
        detection('head', 0.2, [100, 0, 110, 10]), // below 0.3: not counted
        detection('helmet', 0.6, [0, 500, 40, 540]),
        detection('helmet', 0.7, [900, 900, 940, 940]), // stray
      ]),
    ];
    const figures = figuresAt(photos, { head: 0.3, helmet: 0.3 }, isSmall);
    expect(figures['no-helmet'].all).toMatchObject({ tp: 1, fp: 0, fn: 1, precision: 1, recall: 0.5 });
    expect(figures['no-helmet'].small).toMatchObject({ tp: 1, fp: 0, fn: 1 });
    expect(figures.helmet.all).toMatchObject({ tp: 1, fp: 1, fn: 0, precision: 0.5, recall: 1 });
    expect(figures.helmet.small).toMatchObject({ tp: 0, fp: 0, fn: 0 });
    expect(figures.vest.all).toMatchObject({ tp: 0, fp: 0, fn: 0, f1: 0 });
  });
});

describe('sweepThresholds', () => {
  it('proposes per class the threshold of its role’s highest F1, and none for a role without labels', () => {
    // Bare heads: true ones score 0.6+, strays 0.4 → best at 0.45 (above the strays).
    // Helmets: true ones score 0.15+, no strays → best at the lowest threshold that keeps them all.
    const photos = [
      photo('a', 3, 2, [
        detection('head', 0.6, [0, 0, 10, 10]),
        detection('head', 0.7, [100, 0, 110, 10]),
        detection('head', 0.4, [900, 0, 910, 10]),
        detection('helmet', 0.15, [0, 500, 40, 540]),
        detection('helmet', 0.9, [100, 500, 140, 540]),
      ]),
      photo('b', 1, 0, [detection('head', 0.65, [0, 0, 10, 10]), detection('head', 0.42, [500, 0, 510, 10])]),
    ];
    const result = sweepThresholds(photos, classes, thresholdGrid(0.05, 0.9, 0.05), isSmall);
    expect(result.best['no-helmet']).toMatchObject({ minScore: 0.45, tp: 3, fp: 0, fn: 1 });
    expect(result.best.helmet).toMatchObject({ minScore: 0.05, f1: 1 });
    expect(result.best.vest).toBeUndefined();
    expect(result.thresholds).toEqual({ head: 0.45, helmet: 0.05 });
    expect(result.rows['no-helmet']).toHaveLength(18);
    expect(result.rows['no-helmet'][0]).toMatchObject({ minScore: 0.05, tp: 3, fp: 2, fn: 1 });
  });
});
