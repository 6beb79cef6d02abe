// MOTChallenge metrics, computed the way TrackEval (the MOTChallenge scorer) does for MOT15:
// CLEAR MOT (Bernardin & Stiefelhagen 2008), identity metrics (Ristani et al. 2016) and HOTA
// (Luiten et al. 2021), all on box IoU. Sequences are scored to counts that add up, so a
// combined score is that of the summed counts. Pure code, no I/O.
import { iou } from '../domain/box';
import { EPS, maximumMatching } from './assignment';
import type { LabelledBox } from './mot-data';
import { hotaCounts, hotaScores, type HotaCounts } from './hota';

/** A sequence to score: per frame, the ground-truth boxes and the tracker's boxes. */
export interface ScoredSequence {
  gt: readonly (readonly LabelledBox[])[];
  tracker: readonly (readonly LabelledBox[])[];
}

/** What a tracker box must overlap a ground-truth box by to count as finding it. */
export const MATCH_IOU = 0.5;
/** Bonus that makes CLEAR matching keep last frame's correspondences whenever still valid. */
const CONTINUATION_BONUS = 1000;

/** Additive per-sequence counts. */
export interface MotCounts {
  /** Ground-truth boxes and tracker boxes. */
  gtDets: number;
  trackerDets: number;
  /** Ground-truth identities. */
  gtIds: number;
  tp: number;
  fn: number;
  fp: number;
  idSwitches: number;
  fragmentations: number;
  mostlyTracked: number;
  partlyTracked: number;
  mostlyLost: number;
  /** Summed IoU of the CLEAR matches (for MOTP). */
  iouSum: number;
  /** Identity true positives: frames in which a ground-truth id is found by the tracker id it is paired with. */
  idtp: number;
  hota: HotaCounts;
}

/** Scores in MOTChallenge units: rates in percent (0–100), counts as counts. */
export interface MotScores {
  MOTA: number;
  /** Mean IoU of the matches, percent. */
  MOTP: number;
  IDF1: number;
  IDP: number;
  IDR: number;
  HOTA: number;
  DetA: number;
  AssA: number;
  LocA: number;
  Rcll: number;
  Prcn: number;
  /** Ground-truth identities. */
  GT: number;
  MT: number;
  PT: number;
  ML: number;
  TP: number;
  FP: number;
  FN: number;
  IDSW: number;
  FM: number;
}

/** IoU of every ground-truth box (rows) with every tracker box (columns), per frame. */
function frameIous(seq: ScoredSequence): number[][][] {
  if (seq.gt.length !== seq.tracker.length) {
    throw new Error(`ground truth has ${seq.gt.length} frames, the tracker output ${seq.tracker.length}`);
  }
  return seq.gt.map((gt, t) => gt.map((g) => seq.tracker[t].map((h) => iou(g.box, h.box))));
}

export function scoreSequence(seq: ScoredSequence): MotCounts {
  const ious = frameIous(seq);
  const gtIndex = denseIds(seq.gt);
  const trackerIndex = denseIds(seq.tracker);
  const gtOf = seq.gt.map((f) => f.map((g) => gtIndex.get(g.id)!));
  const trackerOf = seq.tracker.map((f) => f.map((h) => trackerIndex.get(h.id)!));
  return {
    gtDets: count(seq.gt),
    trackerDets: count(seq.tracker),
    gtIds: gtIndex.size,
    ...clearMot(ious, gtOf, trackerOf, gtIndex.size),
    idtp: identityTruePositives(ious, gtOf, trackerOf, gtIndex.size, trackerIndex.size),
    hota: hotaCounts(ious, gtOf, trackerOf, gtIndex.size, trackerIndex.size),
  };
}

type ClearCounts = Omit<MotCounts, 'gtDets' | 'trackerDets' | 'gtIds' | 'idtp' | 'hota'>;

/**
 * CLEAR MOT: per frame, an optimal IoU ≥ 0.5 matching that keeps last frame's pairs whenever
 * they still overlap enough; a ground-truth object matched to another tracker id than at its
 * previous match is an ID switch; each resumption after an untracked frame a fragmentation.
 */
function clearMot(ious: number[][][], gtOf: number[][], trackerOf: number[][], gtIds: number): ClearCounts {
  const c: ClearCounts = {
    tp: 0,
    fn: 0,
    fp: 0,
    idSwitches: 0,
    fragmentations: 0,
    mostlyTracked: 0,
    partlyTracked: 0,
    mostlyLost: 0,
    iouSum: 0,
  };
  const lastMatch = new Int32Array(gtIds).fill(-1); // tracker id at the object's latest match
  let previousFrame = new Int32Array(gtIds).fill(-1); // tracker id matched in the previous frame
  const framesPresent = new Int32Array(gtIds);
  const framesMatched = new Int32Array(gtIds);
  const segments = new Int32Array(gtIds);
  for (let t = 0; t < ious.length; t++) {
    const gts = gtOf[t];
    const trs = trackerOf[t];
    for (const g of gts) framesPresent[g]++;
    // As TrackEval: a frame without ground truth or without tracker boxes leaves last frame's
    // correspondences in place.
    if (gts.length === 0 || trs.length === 0) continue;
    const score = gts.map((g, r) =>
      trs.map((h, col) => {
        const sim = ious[t][r][col];
        if (sim < MATCH_IOU - EPS) return 0;
        return (previousFrame[g] === h ? CONTINUATION_BONUS : 0) + sim;
      }),
    );
    const thisFrame = new Int32Array(gtIds).fill(-1);
    for (const [r, col] of maximumMatching(score)) {
      const g = gts[r];
      const h = trs[col];
      if (lastMatch[g] !== -1 && lastMatch[g] !== h) c.idSwitches++;
      if (previousFrame[g] === -1) segments[g]++;
      lastMatch[g] = h;
      thisFrame[g] = h;
      framesMatched[g]++;
      c.tp++;
      c.iouSum += ious[t][r][col];
    }
    previousFrame = thisFrame;
  }
  c.fn = gtOf.reduce((n, f) => n + f.length, 0) - c.tp;
  c.fp = trackerOf.reduce((n, f) => n + f.length, 0) - c.tp;
  for (let g = 0; g < gtIds; g++) {
    if (segments[g] > 0) c.fragmentations += segments[g] - 1;
    const ratio = framesMatched[g] / framesPresent[g];
    if (ratio > 0.8) c.mostlyTracked++;
    else if (ratio >= 0.2) c.partlyTracked++;
    else c.mostlyLost++;
  }
  return c;
}

/**
 * Identity matching: each ground-truth id is paired with at most one tracker id (and vice
 * versa) so that the frames in which paired boxes overlap by IoU ≥ 0.5 are as many as possible.
 */
function identityTruePositives(
  ious: number[][][],
  gtOf: number[][],
  trackerOf: number[][],
  gtIds: number,
  trackerIds: number,
): number {
  if (gtIds === 0 || trackerIds === 0) return 0;
  const together = Array.from({ length: gtIds }, () => new Array<number>(trackerIds).fill(0));
  for (let t = 0; t < ious.length; t++) {
    gtOf[t].forEach((g, r) =>
      trackerOf[t].forEach((h, col) => {
        if (ious[t][r][col] >= MATCH_IOU - EPS) together[g][h]++;
      }),
    );
  }
  let idtp = 0;
  for (const [g, h] of maximumMatching(together)) idtp += together[g][h];
  return idtp;
}

/** Maps the ids appearing in the frames to 0, 1, 2, … in order of first appearance. */
function denseIds(frames: readonly (readonly LabelledBox[])[]): Map<number, number> {
  const index = new Map<number, number>();
  for (const f of frames) {
    const seen = new Set<number>();
    for (const { id } of f) {
      if (seen.has(id)) throw new Error(`id ${id} appears twice in one frame`);
      seen.add(id);
      if (!index.has(id)) index.set(id, index.size);
    }
  }
  return index;
}

function count(frames: readonly (readonly LabelledBox[])[]): number {
  return frames.reduce((n, f) => n + f.length, 0);
}

export function addCounts(a: MotCounts, b: MotCounts): MotCounts {
  const sum = {} as Record<string, unknown>;
  for (const key of Object.keys(a) as (keyof MotCounts)[]) {
    if (key === 'hota') continue;
    sum[key] = a[key] + (b[key] as number);
  }
  const hota: HotaCounts = {
    tp: a.hota.tp.map((v, i) => v + b.hota.tp[i]),
    fn: a.hota.fn.map((v, i) => v + b.hota.fn[i]),
    fp: a.hota.fp.map((v, i) => v + b.hota.fp[i]),
    assocSum: a.hota.assocSum.map((v, i) => v + b.hota.assocSum[i]),
    locSum: a.hota.locSum.map((v, i) => v + b.hota.locSum[i]),
  };
  return { ...(sum as Omit<MotCounts, 'hota'>), hota };
}

export function motScores(c: MotCounts): MotScores {
  const pct = (num: number, den: number) => (100 * num) / Math.max(1, den);
  const idfn = c.gtDets - c.idtp;
  const idfp = c.trackerDets - c.idtp;
  return {
    MOTA: pct(c.tp - c.fp - c.idSwitches, c.gtDets),
    MOTP: pct(c.iouSum, c.tp),
    IDF1: pct(c.idtp, c.idtp + 0.5 * idfn + 0.5 * idfp),
    IDP: pct(c.idtp, c.idtp + idfp),
    IDR: pct(c.idtp, c.idtp + idfn),
    ...hotaScores(c.hota),
    Rcll: pct(c.tp, c.gtDets),
    Prcn: pct(c.tp, c.tp + c.fp),
    GT: c.gtIds,
    MT: c.mostlyTracked,
    PT: c.partlyTracked,
    ML: c.mostlyLost,
    TP: c.tp,
    FP: c.fp,
    FN: c.fn,
    IDSW: c.idSwitches,
    FM: c.fragmentations,
  };
}
