import { describe, expect, it } from 'vitest';
import { pointInPolygon, zoneOf } from '../../src/ppe/zones';
import type { ZoneConfig } from '../../src/ppe/config';

const left: ZoneConfig = {
  name: 'A',
  polygon: [
    [0, 0],
    [0.5, 0],
    [0.5, 1],
    [0, 1],
  ],
  required: ['no-helmet', 'no-vest'],
};
const right: ZoneConfig = {
  name: 'B',
  polygon: [
    [0.5, 0],
    [1, 0],
    [1, 1],
    [0.5, 1],
  ],
  required: ['no-vest'],
};
const frame = { width: 1000, height: 500 };

describe('zones', () => {
  it('tests points against convex and concave polygons', () => {
    const l = [
      [0, 0],
      [1, 0],
      [1, 0.3],
      [0.3, 0.3],
      [0.3, 1],
      [0, 1],
    ] as [number, number][];
    expect(pointInPolygon(0.1, 0.9, l)).toBe(true);
    expect(pointInPolygon(0.6, 0.6, l)).toBe(false);
    expect(pointInPolygon(0.6, 0.1, l)).toBe(true);
  });

  it('places a person by the bottom centre of the box, in normalised coordinates', () => {
    // Mostly in A, but the feet (bottom centre x = 520 → 0.52) stand in B.
    expect(zoneOf([380, 100, 660, 400], frame, [left, right])?.name).toBe('B');
    expect(zoneOf([100, 100, 200, 400], frame, [left, right])?.name).toBe('A');
  });

  it('returns no zone outside every polygon', () => {
    const top: ZoneConfig = {
      name: 'T',
      polygon: [
        [0, 0],
        [1, 0],
        [1, 0.5],
        [0, 0.5],
      ],
    };
    expect(zoneOf([100, 100, 200, 400], frame, [top])).toBeUndefined();
  });

  it('clamps an estimated body reaching below the frame onto its bottom edge', () => {
    expect(zoneOf([100, 300, 200, 700], frame, [left])?.name).toBe('A');
  });
});

describe('zones at the frame border', () => {
  it('holds a person whose feet touch the bottom edge in a zone drawn to that edge', () => {
    expect(zoneOf([100, 100, 200, 500], frame, [left])?.name).toBe('A');
  });
});
