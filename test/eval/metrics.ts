// Multi-object tracking metrics: CLEAR MOT (MOTA, ID switches) and identity metrics (IDF1),
// following Bernardin & Stiefelhagen 2008 and Ristani et al. 2016.
import type { Box } from '../../src/domain/detection';
import { iou } from '../../src/domain/box';
import { hungarian, matchWithGate } from '../../src/track/hungarian';

export interface Labelled {
  id: number;
  box: Box;
}

/** A ground-truth object; a hypothesis may match any of its boxes (e.g. a head, a torso or both). */
export interface TruthObject {
  id: number;
  boxes: Box[];
}

export interface MotFrame {
  truth: TruthObject[];
  /** Ground truth too hidden to demand a track for; hypotheses on it are neither TP nor FP. */
  ignored: TruthObject[];
  hyp: Labelled[];
}

export function overlap(t: TruthObject, b: Box): number {
  let best = 0;
  for (const box of t.boxes) best = Math.max(best, iou(box, b));
  return best;
}

export interface MotResult {
  gt: number;
  matches: number;
  fn: number;
  fp: number;
  idSwitches: number;
  mota: number;
  idtp: number;
  idf1: number;
  /** Ground-truth identities and hypothesis identities seen. */
  gtIds: number;
  hypIds: number;
}

export function evaluateMot(frames: readonly MotFrame[], minIou = 0.5): MotResult {
  // Drop hypotheses that cover ignored ground truth (and no real one) before counting.
  const clean = frames.map((f) => ({
    truth: f.truth,
    hyp: f.hyp.filter(
      (h) => !f.ignored.some((g) => overlap(g, h.box) >= minIou) || f.truth.some((g) => overlap(g, h.box) >= minIou),
    ),
  }));
  let gt = 0;
  let matches = 0;
  let fp = 0;
  let idSwitches = 0;
  const lastHypOf = new Map<number, number>();
  const pairFrames = new Map<string, number>(); // "gt/hyp" → frames where they overlap enough
  const gtCount = new Map<number, number>();
  const hypCount = new Map<number, number>();

  for (const { truth, hyp } of clean) {
    gt += truth.length;
    for (const g of truth) gtCount.set(g.id, (gtCount.get(g.id) ?? 0) + 1);
    for (const h of hyp) hypCount.set(h.id, (hypCount.get(h.id) ?? 0) + 1);
    for (const g of truth) {
      for (const h of hyp) {
        if (overlap(g, h.box) >= minIou)
          pairFrames.set(`${g.id}/${h.id}`, (pairFrames.get(`${g.id}/${h.id}`) ?? 0) + 1);
      }
    }
    // CLEAR MOT: keep last frame's correspondences that still hold, then match the rest optimally.
    const gtTaken = new Set<number>();
    const hypTaken = new Set<number>();
    const frameMatches: [TruthObject, Labelled][] = [];
    for (const g of truth) {
      const prev = lastHypOf.get(g.id);
      const h = prev === undefined ? undefined : hyp.find((x) => x.id === prev);
      if (h && !hypTaken.has(h.id) && overlap(g, h.box) >= minIou) {
        frameMatches.push([g, h]);
        gtTaken.add(g.id);
        hypTaken.add(h.id);
      }
    }
    const restGt = truth.filter((g) => !gtTaken.has(g.id));
    const restHyp = hyp.filter((h) => !hypTaken.has(h.id));
    const cost = restGt.map((g) => restHyp.map((h) => 1 - overlap(g, h.box)));
    for (const [r, c] of matchWithGate(cost, restHyp.length, 1 - minIou).matches)
      frameMatches.push([restGt[r], restHyp[c]]);
    for (const [g, h] of frameMatches) {
      const prev = lastHypOf.get(g.id);
      if (prev !== undefined && prev !== h.id) idSwitches++;
      lastHypOf.set(g.id, h.id);
    }
    matches += frameMatches.length;
    fp += hyp.length - frameMatches.length;
  }
  const fn = gt - matches;

  // IDF1: one-to-one identity matching over whole trajectories maximising frames in agreement.
  const gtIds = [...gtCount.keys()];
  const hypIds = [...hypCount.keys()];
  const agreement = gtIds.map((g) => hypIds.map((h) => -(pairFrames.get(`${g}/${h}`) ?? 0)));
  const assignment = hungarian(agreement);
  let idtp = 0;
  assignment.forEach((c, r) => {
    if (c >= 0) idtp -= agreement[r][c];
  });
  let hypTotal = 0;
  for (const n of hypCount.values()) hypTotal += n;
  return {
    gt,
    matches,
    fn,
    fp,
    idSwitches,
    mota: gt === 0 ? 1 : 1 - (fn + fp + idSwitches) / gt,
    idtp,
    idf1: gt + hypTotal === 0 ? 1 : (2 * idtp) / (gt + hypTotal),
    gtIds: gtIds.length,
    hypIds: hypIds.length,
  };
}
