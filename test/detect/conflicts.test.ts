import { describe, expect, it } from 'vitest';
import type { Box, Detection, PpeRole } from '../../src/domain/detection';
import { resolveConflicts } from '../../src/detect/conflicts';

const det = (role: PpeRole, score: number, box: Box): Detection => ({ role, score, box, classId: 0, className: role });
const rule = { scoreRatio: 0.5, minOverlap: 0.5 };
const roles = (ds: Detection[]) => ds.map((d) => `${d.role}@${d.score}`);

describe('resolveConflicts', () => {
  const head: Box = [0, 0, 20, 20];
  const sameHead: Box = [2, 2, 22, 22]; // covers 81 % of the smaller box
  const elsewhere: Box = [100, 0, 120, 20];

  it('drops a bare head on a helmet that scores at least half as much', () => {
    expect(roles(resolveConflicts([det('no-helmet', 0.6, head), det('helmet', 0.3, sameHead)], rule))).toEqual([
      'helmet@0.3',
    ]);
  });

  it('keeps both when the bare head scores more than twice as much', () => {
    expect(roles(resolveConflicts([det('no-helmet', 0.7, head), det('helmet', 0.3, sameHead)], rule))).toEqual([
      'no-helmet@0.7',
      'helmet@0.3',
    ]);
  });

  it('judges vests against bare torsos the same way, and leaves other roles alone', () => {
    const ds = [det('person', 0.9, [0, 0, 50, 100]), det('no-vest', 0.5, head), det('vest', 0.4, sameHead)];
    expect(roles(resolveConflicts(ds, rule))).toEqual(['person@0.9', 'vest@0.4']);
  });

  it('keeps boxes that do not overlap enough, and opposite roles of different kinds', () => {
    const ds = [det('no-helmet', 0.8, head), det('helmet', 0.8, elsewhere), det('vest', 0.9, sameHead)];
    expect(roles(resolveConflicts(ds, rule))).toEqual(['no-helmet@0.8', 'helmet@0.8', 'vest@0.9']);
    const partly: Box = [15, 0, 35, 20]; // a quarter of either box
    expect(resolveConflicts([det('no-helmet', 0.8, head), det('helmet', 0.8, partly)], rule)).toHaveLength(2);
  });

  it('weighs any item against its own negative only: a mask against a bare face, not a helmet against it', () => {
    const face: Box = [5, 10, 15, 20];
    const ds = [det('no-mask', 0.6, face), det('mask', 0.4, face), det('no-gloves', 0.7, elsewhere)];
    expect(roles(resolveConflicts(ds, rule))).toEqual(['mask@0.4', 'no-gloves@0.7']);
    expect(roles(resolveConflicts([det('no-mask', 0.6, face), det('helmet', 0.9, head)], rule))).toEqual([
      'no-mask@0.6',
      'helmet@0.9',
    ]);
  });

  it('lets one helmet remove every bare head it covers', () => {
    const ds = [det('no-helmet', 0.5, head), det('no-helmet', 0.4, sameHead), det('helmet', 0.3, [0, 0, 22, 22])];
    expect(roles(resolveConflicts(ds, rule))).toEqual(['helmet@0.3']);
  });
});
