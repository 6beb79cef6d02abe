import { describe, expect, it } from 'vitest';
import type { Box, Detection, PpeRole } from '../../src/domain/detection';
import {
  assignItems,
  headRegion,
  judge,
  pairHeadsWithTorsos,
  personFromHead,
  personFromTorso,
  suppressOverlaps,
  torsoRegion,
} from '../../src/ppe/rules';

const det = (role: PpeRole, box: Box, score = 0.8): Detection => ({ box, score, classId: 0, className: role, role });

// A standing person 100 px wide, 300 px tall.
const P: Box = [100, 100, 200, 400];
const helmetOnHead: Box = [130, 95, 170, 135];
const vestOnTorso: Box = [105, 160, 195, 290];

describe('regions', () => {
  it('puts the head region at the top (reaching a little above) and the torso below it', () => {
    expect(headRegion(P)).toEqual([100, 70, 200, 190]);
    expect(torsoRegion(P)).toEqual([100, 145, 200, 310]);
  });
});

describe('assignItems', () => {
  it('counts a helmet in the head region', () => {
    const [e] = assignItems([P], [det('helmet', helmetOnHead, 0.7)]);
    expect(e['no-helmet']).toEqual({ violation: 0, clean: 0.7 });
  });

  it('does not count a helmet carried in the hand (below the head region)', () => {
    const [e] = assignItems([P], [det('helmet', [170, 250, 210, 290])]);
    expect(e['no-helmet']).toEqual({ violation: 0, clean: 0 });
  });

  it('counts a vest in the torso region, not one lying at the feet', () => {
    expect(assignItems([P], [det('vest', vestOnTorso, 0.6)])[0]['no-vest']).toEqual({ violation: 0, clean: 0.6 });
    expect(assignItems([P], [det('vest', [100, 340, 200, 420])])[0]['no-vest']).toEqual({ violation: 0, clean: 0 });
  });

  it('counts explicit negatives overlapping the person as violations', () => {
    const [e] = assignItems([P], [det('no-helmet', helmetOnHead, 0.9), det('no-vest', vestOnTorso, 0.5)]);
    expect(e['no-helmet'].violation).toBe(0.9);
    expect(e['no-vest'].violation).toBe(0.5);
  });

  it('gives an item to one person only: the one it sits on when people overlap', () => {
    const front: Box = [150, 120, 250, 420]; // overlapping P from the right
    const helmetOfFront: Box = [185, 115, 225, 150];
    const [back, fr] = assignItems([P, front], [det('helmet', helmetOfFront)]);
    expect(fr['no-helmet'].clean).toBe(0.8);
    expect(back['no-helmet'].clean).toBe(0);
  });

  it('ignores person and ignore roles', () => {
    const [e] = assignItems([P], [det('person', P), det('ignore', helmetOnHead)]);
    expect(e).toEqual({ 'no-helmet': { violation: 0, clean: 0 }, 'no-vest': { violation: 0, clean: 0 } });
  });
});

describe('judge', () => {
  it('lets the more confident of a negative and a positive item win', () => {
    expect(judge({ violation: 0.8, clean: 0.5 }, false)).toBe(true);
    expect(judge({ violation: 0.4, clean: 0.5 }, false)).toBe(false);
    expect(judge({ violation: 0, clean: 0.5 }, false)).toBe(false);
  });

  it('infers a violation from a missing item only when asked to', () => {
    expect(judge({ violation: 0, clean: 0 }, false)).toBeNull();
    expect(judge({ violation: 0, clean: 0 }, true)).toBe(true);
  });
});

describe('pairing heads with torsos (no person class)', () => {
  const head: Box = [140, 100, 170, 135];
  const torso: Box = [120, 138, 195, 240];

  it('pairs a head with the torso right below it', () => {
    expect(Array.from(pairHeadsWithTorsos([head], [torso]))).toEqual([0]);
  });

  it('refuses torsos that are beside, above or implausibly sized', () => {
    const beside: Box = [260, 138, 335, 240];
    const above: Box = [120, 0, 195, 95];
    const tiny: Box = [150, 138, 165, 160];
    const far: Box = [120, 300, 195, 400];
    expect(Array.from(pairHeadsWithTorsos([head], [beside, above, tiny, far]))).toEqual([-1]);
  });

  it('pairs two people side by side correctly, each head with its own torso', () => {
    const head2: Box = [240, 102, 270, 137];
    const torso2: Box = [222, 140, 292, 240];
    expect(Array.from(pairHeadsWithTorsos([head2, head], [torso, torso2]))).toEqual([1, 0]);
  });

  it('estimates the whole person from a head or a torso', () => {
    expect(personFromHead(head)[3]).toBeCloseTo(100 + 35 * 7, 6);
    const body = personFromTorso(torso);
    expect(body[3]).toBeCloseTo(240 + 102 * 1.3, 6);
    expect(body[3] - body[1]).toBeCloseTo(102 * 2.6, 6);
  });
});

describe('suppressOverlaps', () => {
  it('keeps the more confident of a helmet and a head reported on the same spot', () => {
    const kept = suppressOverlaps([
      det('no-helmet', [100, 100, 130, 130], 0.4),
      det('helmet', [101, 99, 131, 131], 0.8),
    ]);
    expect(kept.map((d) => d.role)).toEqual(['helmet']);
  });

  it('keeps separate heads', () => {
    expect(suppressOverlaps([det('helmet', [0, 0, 30, 30]), det('helmet', [40, 0, 70, 30])])).toHaveLength(2);
  });
});
