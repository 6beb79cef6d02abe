// PPE geometry: which items belong to which person, and which bare head belongs to which torso.
// Pure functions over boxes in source pixels.
import type { Box, Detection, ViolationKind } from '../domain/detection';
import { boxHeight, boxWidth, centreX, containment, iou } from '../domain/box';
import { matchWithGate } from '../track/hungarian';

/**
 * Head region of a person box: the top 30 %, reaching 10 % above the box because a helmet's
 * dome often sticks out of a person detection.
 */
export function headRegion(person: Box): Box {
  const h = boxHeight(person);
  return [person[0], person[1] - 0.1 * h, person[2], person[1] + 0.3 * h];
}

/** Torso region of a person box: from the shoulders (15 %) to the hips (70 %). */
export function torsoRegion(person: Box): Box {
  const h = boxHeight(person);
  return [person[0], person[1] + 0.15 * h, person[2], person[1] + 0.7 * h];
}

/** Share of an item's box that must lie in the region to count for that person. */
const MIN_ITEM_INSIDE = 0.6;

/** What a role says about a kind: evidence for (violation) or against (clean) it. */
export function roleEvidence(role: Detection['role']): { kind: ViolationKind; violation: boolean } | null {
  switch (role) {
    case 'helmet':
      return { kind: 'no-helmet', violation: false };
    case 'no-helmet':
      return { kind: 'no-helmet', violation: true };
    case 'vest':
      return { kind: 'no-vest', violation: false };
    case 'no-vest':
      return { kind: 'no-vest', violation: true };
    default:
      return null;
  }
}

/** Strongest item scores found on one person for one kind (0 = none seen). */
export interface KindEvidence {
  violation: number;
  clean: number;
}

export interface PersonEvidence {
  'no-helmet': KindEvidence;
  'no-vest': KindEvidence;
}

const regionFor: Record<ViolationKind, (person: Box) => Box> = {
  'no-helmet': headRegion,
  'no-vest': torsoRegion,
};

/**
 * Gives each PPE item (helmet, vest, bare head, no-vest torso) to at most one person: the one
 * whose head (torso) region holds most of it, ties — common when people overlap — broken by the
 * nearest region centre. Returns per-person evidence.
 */
export function assignItems(people: readonly Box[], items: readonly Detection[]): PersonEvidence[] {
  const evidence: PersonEvidence[] = people.map(() => ({
    'no-helmet': { violation: 0, clean: 0 },
    'no-vest': { violation: 0, clean: 0 },
  }));
  for (const item of items) {
    const meaning = roleEvidence(item.role);
    if (!meaning) continue;
    let best = -1;
    let bestInside = MIN_ITEM_INSIDE;
    let bestDistance = Infinity;
    for (let p = 0; p < people.length; p++) {
      const region = regionFor[meaning.kind](people[p]);
      const inside = containment(item.box, region);
      if (inside < bestInside - 1e-9) continue;
      const distance = regionDistance(item.box, region);
      if (inside > bestInside + 1e-9 || distance < bestDistance) {
        best = p;
        bestInside = inside;
        bestDistance = distance;
      }
    }
    if (best < 0) continue;
    const e = evidence[best][meaning.kind];
    if (meaning.violation) e.violation = Math.max(e.violation, item.score);
    else e.clean = Math.max(e.clean, item.score);
  }
  return evidence;
}

/** Centre distance of an item from a region, in region widths / heights. */
function regionDistance(item: Box, region: Box): number {
  const dx = (item[0] + item[2] - region[0] - region[2]) / 2 / boxWidth(region);
  const dy = (item[1] + item[3] - region[1] - region[3]) / 2 / boxHeight(region);
  return Math.abs(dx) + Math.abs(dy);
}

/**
 * The verdict of one frame's evidence for one kind: true = violating, false = clean, null = no
 * evidence. When both a negative and a positive item are seen, the more confident one wins.
 * With `inferMissing`, no item at all counts as violating.
 */
export function judge(e: KindEvidence, inferMissing: boolean): boolean | null {
  if (e.violation > 0 && e.violation >= e.clean) return true;
  if (e.clean > 0) return false;
  return inferMissing ? true : null;
}

/**
 * Drops detections overlapping a more confident one (IoU above `maxIou`), whatever their class:
 * a model unsure between "helmet" and "head" may report both boxes on one head, which must stay
 * one subject, judged by the more confident class.
 */
export function suppressOverlaps(dets: readonly Detection[], maxIou = 0.6): Detection[] {
  const sorted = [...dets].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  for (const d of sorted) {
    if (!kept.some((k) => iou(k.box, d.box) > maxIou)) kept.push(d);
  }
  return kept;
}

// Without a person class a subject is seen as a head and/or a torso. Body proportions used to
// pair them and to estimate the whole person (for minPersonHeight and zone membership):
/** Standing height ≈ 7 head (box) heights. */
const BODY_PER_HEAD = 7;
/** Standing height ≈ 2.6 torso box heights; the feet are ≈ 1.3 torso heights below the torso box. */
const BODY_PER_TORSO = 2.6;
const LEGS_PER_TORSO = 1.3;

/** Rough whole-person box from a head box. */
export function personFromHead(head: Box): Box {
  const h = boxHeight(head) * BODY_PER_HEAD;
  const w = h * 0.3;
  const cx = centreX(head);
  return [cx - w / 2, head[1], cx + w / 2, head[1] + h];
}

/** Rough whole-person box from a torso box. */
export function personFromTorso(torso: Box): Box {
  const th = boxHeight(torso);
  const bottom = torso[3] + th * LEGS_PER_TORSO;
  const top = bottom - th * BODY_PER_TORSO;
  return [torso[0], top, torso[2], bottom];
}

/**
 * How badly a torso fits under a head, or Infinity when it cannot be the same person: the torso
 * must start near the head's bottom (from 0.8 head heights above it to 1.5 below), be
 * 1–6 head widths wide, and have the head's centre over its middle half.
 */
export function headTorsoCost(head: Box, torso: Box): number {
  const hh = boxHeight(head);
  const hw = boxWidth(head);
  const tw = boxWidth(torso);
  if (hh <= 0 || hw <= 0 || tw <= 0) return Infinity;
  const gap = (torso[1] - head[3]) / hh;
  const widthRatio = tw / hw;
  const offset = Math.abs(centreX(head) - centreX(torso)) / tw;
  if (gap < -0.8 || gap > 1.5 || widthRatio < 1 || widthRatio > 6 || offset > 0.25) return Infinity;
  if (torso[3] <= head[3]) return Infinity;
  return Math.abs(gap) + offset * 4;
}

/** Pairs heads with torsos (one each at most) by best overall fit. Returns, per head, the torso index or -1. */
export function pairHeadsWithTorsos(heads: readonly Box[], torsos: readonly Box[]): Int32Array {
  const pairs = new Int32Array(heads.length).fill(-1);
  if (heads.length === 0 || torsos.length === 0) return pairs;
  const cost = heads.map((h) => torsos.map((t) => headTorsoCost(h, t)));
  // Impossible pairs cost Infinity, which the gate turns into "forbidden".
  const { matches } = matchWithGate(cost, torsos.length, Number.MAX_VALUE);
  for (const [h, t] of matches) pairs[h] = t;
  return pairs;
}
