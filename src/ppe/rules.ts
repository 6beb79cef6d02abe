// PPE geometry: which items belong to which person, and which bare head belongs to which torso.
// Pure functions over boxes in source pixels.
import type { Box, Detection, ViolationKind } from '../domain/detection';
import { boxHeight, boxWidth, centreX, containment, iou } from '../domain/box';
import { BUILT_IN_CATALOGUE, roleEvidence, type BodyRegion, type PpeCatalogue } from '../domain/ppe-items';
import { matchWithGate } from '../track/hungarian';

/**
 * Head region of a person box: the top 30 %, reaching 10 % above the box because a helmet's
 * dome often sticks out of a person detection.
 */
export function headRegion(person: Box): Box {
  const h = boxHeight(person);
  return [person[0], person[1] - 0.1 * h, person[2], person[1] + 0.3 * h];
}

/** Face region: eyes, nose, mouth and ears, in the top 30 % (face items never stick out above it). */
export function faceRegion(person: Box): Box {
  const h = boxHeight(person);
  return [person[0], person[1], person[2], person[1] + 0.3 * h];
}

/** Torso region of a person box: from the shoulders (15 %) to the hips (70 %). */
export function torsoRegion(person: Box): Box {
  const h = boxHeight(person);
  return [person[0], person[1] + 0.15 * h, person[2], person[1] + 0.7 * h];
}

/**
 * Hands region: from the chest (20 %) to the thighs (80 %), reaching 15 % of the width out of
 * either side, as hands hang beside the hips or hold a tool away from the body.
 */
export function handsRegion(person: Box): Box {
  const h = boxHeight(person);
  const w = boxWidth(person);
  return [person[0] - 0.15 * w, person[1] + 0.2 * h, person[2] + 0.15 * w, person[1] + 0.8 * h];
}

/** Feet region: the bottom 20 %, reaching a little below and beside the box (a boot's toe). */
export function feetRegion(person: Box): Box {
  const h = boxHeight(person);
  const w = boxWidth(person);
  return [person[0] - 0.05 * w, person[1] + 0.8 * h, person[2] + 0.05 * w, person[3] + 0.05 * h];
}

/** Whole-body region: the person box with a small margin (a harness spans shoulders to thighs). */
export function bodyRegion(person: Box): Box {
  const h = boxHeight(person);
  const w = boxWidth(person);
  return [person[0] - 0.05 * w, person[1] - 0.05 * h, person[2] + 0.05 * w, person[3] + 0.05 * h];
}

const PERSON_REGIONS: Record<BodyRegion, (person: Box) => Box> = {
  head: headRegion,
  face: faceRegion,
  torso: torsoRegion,
  hands: handsRegion,
  feet: feetRegion,
  body: bodyRegion,
};

/** Share of an item's box that must lie in the region to count for that person. */
const MIN_ITEM_INSIDE = 0.6;

/** Per kind judged, where its items' evidence lies relative to the box of their owner. */
export type ItemRegions = ReadonlyMap<ViolationKind, (owner: Box) => Box>;

/** The regions of every item of the catalogue on a whole-person box. */
export function personRegions(catalogue: PpeCatalogue = BUILT_IN_CATALOGUE): ItemRegions {
  return new Map(catalogue.items.map((item) => [`no-${item.id}` as const, PERSON_REGIONS[item.region]]));
}

/** Strongest item scores found on one person for one kind (0 = none seen). */
export interface KindEvidence {
  violation: number;
  clean: number;
}

/** Per kind of the regions given, what one owner (a person, or a head or torso) showed. */
export type PersonEvidence = Record<ViolationKind, KindEvidence>;

/**
 * Gives each item detection (a helmet, a bare head, a mask, …) of a kind in `regions` to at most
 * one owner: the one whose region for that kind holds most of it, ties — common when people
 * overlap — broken by the nearest region centre. Returns per-owner evidence for every kind.
 */
export function assignItems(
  owners: readonly Box[],
  items: readonly Detection[],
  regions: ItemRegions = personRegions(),
): PersonEvidence[] {
  const evidence: PersonEvidence[] = owners.map(() => {
    const e: PersonEvidence = {};
    for (const kind of regions.keys()) e[kind] = { violation: 0, clean: 0 };
    return e;
  });
  for (const item of items) {
    const meaning = roleEvidence(item.role);
    const regionOf = meaning && regions.get(meaning.kind);
    if (!meaning || !regionOf) continue;
    let best = -1;
    let bestInside = MIN_ITEM_INSIDE;
    let bestDistance = Infinity;
    for (let p = 0; p < owners.length; p++) {
      const region = regionOf(owners[p]);
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
 * Where face items (a mask, goggles, ear muffs) lie on a tracked head box, for models without a
 * person class: the head widened by a quarter on either side (ear muffs), reaching half a head
 * below it (a mask on the chin; a bare-head box may cover the hair only).
 */
export function faceOfHead(head: Box): Box {
  const w = boxWidth(head);
  const h = boxHeight(head);
  return [head[0] - 0.25 * w, head[1], head[2] + 0.25 * w, head[3] + 0.5 * h];
}

/** Where whole-body items (a harness) lie on a tracked torso box: the torso with a fifth more all round. */
export function bodyOfTorso(torso: Box): Box {
  const w = boxWidth(torso);
  const h = boxHeight(torso);
  return [torso[0] - 0.2 * w, torso[1] - 0.2 * h, torso[2] + 0.2 * w, torso[3] + 0.2 * h];
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
