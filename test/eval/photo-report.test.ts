import { describe, expect, it } from 'vitest';
import { sweepThresholds } from '../../src/eval/photo-evaluation';
import { formatSweep, toJson } from '../../src/eval/photo-report';
import { emptyPerRole, smallPersonRule, thresholdGrid } from '../../src/eval/photo-scoring';
import type { Box } from '../../src/domain/detection';

describe('toJson', () => {
  const value = { classes: { head: 0.123456, helmet: 0.3 }, figures: { all: { tp: 3, f1: 2 / 3 } }, note: 'a, b' };

  it('rounds ratios to 4 digits and keeps counts', () => {
    expect(JSON.parse(toJson(value))).toEqual({
      classes: { head: 0.1235, helmet: 0.3 },
      figures: { all: { tp: 3, f1: 0.6667 } },
      note: 'a, b',
    });
  });

  it('indented, writes an object of plain values on one line', () => {
    const text = toJson(value, 2);
    expect(text).toContain('"classes": { "head": 0.1235, "helmet": 0.3 },');
    expect(text).toContain('"all": { "tp": 3, "f1": 0.6667 }');
    expect(JSON.parse(text)).toEqual(JSON.parse(toJson(value)));
  });
});

describe('formatSweep', () => {
  it('marks the best threshold per role and says when it lies at the edge of the grid', () => {
    // One bare head found at 0.95, a stray at 0.3: the best threshold is the first above the stray.
    const labels = emptyPerRole<Box>();
    labels['no-helmet'] = [[0, 0, 10, 10]];
    const detections = [
      { box: [0, 0, 10, 10] as Box, score: 0.95, classId: 0, className: 'head', role: 'no-helmet' as const },
      { box: [50, 0, 60, 10] as Box, score: 0.3, classId: 0, className: 'head', role: 'no-helmet' as const },
    ];
    const classes = { names: ['head'], roles: ['no-helmet' as const] };
    const result = sweepThresholds(
      [{ id: 'a', labels, detections }],
      classes,
      thresholdGrid(0.1, 0.5, 0.1),
      smallPersonRule(20),
    );
    const text = formatSweep(result);
    expect(text).toMatch(/^0\.40 +0\.000 +1\.000\*/m);
    expect(text).toMatch(/^proposed +n\/a +0\.40 +n\/a +n\/a/m);
    expect(text).not.toMatch(/edge/);
    const edge = formatSweep(
      sweepThresholds([{ id: 'a', labels, detections }], classes, thresholdGrid(0.1, 0.3, 0.1), smallPersonRule(20)),
    );
    expect(edge).toMatch(/At the edge of the thresholds tried \(no-helmet\)/);
  });
});
