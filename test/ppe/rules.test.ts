import { describe, expect, it } from 'vitest';
import type { Box, Detection, PpeRole } from '../../src/domain/detection';
import { BUILT_IN_CATALOGUE, PpeCatalogue } from '../../src/domain/ppe-items';
import {
  assignItems,
  bodyRegion,
  faceRegion,
  feetRegion,
  handsRegion,
  headRegion,
  judge,
  pairHeadsWithTorsos,
  personFromHead,
  personFromTorso,
  personRegions,
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
    expect(Object.values(e).every((k) => k.violation === 0 && k.clean === 0)).toBe(true);
    expect(Object.keys(e)).toEqual(BUILT_IN_CATALOGUE.kinds);
  });
});

describe('a mask item (face region)', () => {
  // Face of P: its top 30 % (y 100..190), no reach above the box, unlike a helmet's.
  const maskOnMouth: Box = [140, 140, 165, 160];
  const bareFace: Box = [138, 120, 168, 165];

  it('puts the face region in the top 30 % of the person, not above it', () => {
    expect(faceRegion(P)).toEqual([100, 100, 200, 190]);
  });

  it('counts a mask or a bare face on the face, for the mask kind alone', () => {
    const [e] = assignItems([P], [det('mask', maskOnMouth, 0.7)]);
    expect(e['no-mask']).toEqual({ violation: 0, clean: 0.7 });
    expect(e['no-helmet']).toEqual({ violation: 0, clean: 0 });
    expect(assignItems([P], [det('no-mask', bareFace, 0.6)])[0]['no-mask']).toEqual({ violation: 0.6, clean: 0 });
  });

  it('does not count a mask hanging at the chest, nor one on the helmet above the face', () => {
    expect(assignItems([P], [det('mask', [140, 200, 165, 220])])[0]['no-mask'].clean).toBe(0);
    expect(assignItems([P], [det('mask', [140, 70, 165, 95])])[0]['no-mask'].clean).toBe(0);
  });

  it('gives the mask to the person whose face it is on when two people overlap', () => {
    const right: Box = [160, 100, 260, 400];
    const [left, r] = assignItems([P, right], [det('no-mask', [205, 130, 230, 160], 0.9)]);
    expect(r['no-mask'].violation).toBe(0.9);
    expect(left['no-mask'].violation).toBe(0);
  });
});

describe('a gloves item (hands region)', () => {
  it('reaches from the chest to the thighs and 15 % of the width beside the person', () => {
    expect(handsRegion(P)).toEqual([85, 160, 215, 340]);
  });

  it('counts a glove at the hip and one held out beside the body', () => {
    const atHip: Box = [95, 280, 115, 305];
    const heldOut: Box = [195, 230, 213, 250]; // 13 px out of the box, all inside the region
    const [e] = assignItems([P], [det('gloves', atHip, 0.5), det('gloves', heldOut, 0.65)]);
    expect(e['no-gloves']).toEqual({ violation: 0, clean: 0.65 });
  });

  it('does not count gloves on the floor at the feet, nor a glove waved above the head', () => {
    expect(assignItems([P], [det('gloves', [120, 385, 140, 400])])[0]['no-gloves'].clean).toBe(0);
    expect(assignItems([P], [det('gloves', [150, 60, 170, 85])])[0]['no-gloves'].clean).toBe(0);
  });

  it('judges bare hands against gloves by the more confident of them', () => {
    const hand: Box = [95, 280, 115, 305];
    const [e] = assignItems([P], [det('no-gloves', hand, 0.8), det('gloves', [96, 282, 116, 306], 0.4)]);
    expect(judge(e['no-gloves'], false)).toBe(true);
  });
});

describe('item regions per catalogue', () => {
  it('judges feet and whole-body items in their regions', () => {
    expect(feetRegion(P)).toEqual([95, 340, 205, 415]);
    expect(bodyRegion(P)).toEqual([95, 85, 205, 415]);
    const [e] = assignItems([P], [det('no-boots', [110, 380, 140, 402]), det('harness', [105, 150, 195, 330])]);
    expect(e['no-boots'].violation).toBe(0.8);
    expect(e['no-harness'].clean).toBe(0.8);
  });

  it('uses the region a configured item names', () => {
    const catalogue = new PpeCatalogue([
      { id: 'sleeves', name: 'Sleeves', region: 'hands', worn: [], missing: [], inferAbsence: false },
    ]);
    const [e] = assignItems(
      [P],
      [det('sleeves', [90, 250, 112, 300]), det('helmet', helmetOnHead)],
      personRegions(catalogue),
    );
    expect(e).toEqual({ 'no-sleeves': { violation: 0, clean: 0.8 } });
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
