import { describe, expect, it } from 'vitest';
import { parseLabelRoles, parseYoloLabels, SFCHD_LABEL_ROLES, splitOf } from '../../src/eval/photo-labels';

describe('parseYoloLabels', () => {
  it('turns normalised centre boxes into pixel corners, by role', () => {
    const text = '0 0.5 0.25 0.1 0.5\n1 0.1 0.1 0.2 0.2\n\n3 0.75 0.5 0.5 1\n';
    const boxes = parseYoloLabels(text, 200, 100, SFCHD_LABEL_ROLES);
    const rounded = (list: number[][]) => list.map((box) => box.map((v) => Number(v.toFixed(6))));
    expect(rounded(boxes.helmet)).toEqual([[90, 0, 110, 50]]);
    expect(rounded(boxes['no-helmet'])).toEqual([[0, 0, 40, 20]]);
    expect(rounded(boxes.vest)).toEqual([[100, 0, 200, 100]]);
    expect(boxes['no-vest']).toEqual([]);
  });

  it('reads a segmentation polygon as its bounding box', () => {
    const boxes = parseYoloLabels('2 0.5 0.5 0.75 0.25 1 0.5 0.75 1\r\n', 100, 100, SFCHD_LABEL_ROLES);
    expect(boxes['no-vest']).toEqual([[50, 25, 100, 100]]);
  });

  it('drops ignored classes and refuses unmapped ones and malformed lines', () => {
    const roles = parseLabelRoles('0=helmet,5=ignore');
    expect(parseYoloLabels('5 0.5 0.5 0.1 0.1', 10, 10, roles).helmet).toEqual([]);
    expect(() => parseYoloLabels('0 0.5 0.5 0.1 0.1\n3 0.5 0.5 0.1 0.1', 10, 10, roles)).toThrow(
      /line 2: label class 3/,
    );
    expect(() => parseYoloLabels('0 0.5 0.5 0.1', 10, 10, roles)).toThrow(/line 1/);
    expect(() => parseYoloLabels('0 0.5 0.5 0.1 x', 10, 10, roles)).toThrow(/line 1/);
    expect(() => parseYoloLabels('0.5 0.5 0.5 0.1 0.1', 10, 10, roles)).toThrow(/line 1/);
  });
});

describe('parseLabelRoles', () => {
  it('reads id=role pairs', () => {
    expect([...parseLabelRoles('0=no-helmet, 1=helmet,7=ignore')]).toEqual([
      [0, 'no-helmet'],
      [1, 'helmet'],
      [7, 'ignore'],
    ]);
  });

  it('names what is wrong', () => {
    expect(() => parseLabelRoles('0=hat')).toThrow(/Bad role "hat"/);
    expect(() => parseLabelRoles('x=helmet')).toThrow(/Bad label class/);
    expect(() => parseLabelRoles('0=helmet,0=vest')).toThrow(/mapped twice/);
    expect(() => parseLabelRoles('0=helmet=vest')).toThrow(/Bad label class/);
  });
});

describe('splitOf', () => {
  it('puts a name always in the same half, and about half the names in each', () => {
    const names = Array.from({ length: 1000 }, (_, i) => String(i).padStart(6, '0'));
    const calib = names.filter((n) => splitOf(n) === 'calib');
    expect(calib.length).toBeGreaterThan(450);
    expect(calib.length).toBeLessThan(550);
    // Calibration files were chosen on this split: it must not move.
    expect(['000003', '000005', '000010', '000036', 'part2_002391'].map(splitOf)).toEqual([
      'calib',
      'calib',
      'calib',
      'holdout',
      'holdout',
    ]);
    // Neighbouring names land in both halves.
    expect(new Set(names.slice(0, 10).map(splitOf)).size).toBe(2);
  });
});
