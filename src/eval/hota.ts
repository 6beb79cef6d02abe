// HOTA (Luiten et al. 2021) as TrackEval computes it: detection and association accuracy at
// each IoU threshold alpha = 0.05 … 0.95, combined as sqrt(DetA · AssA) and averaged over alpha.
// Pure code, no I/O.
import { EPS, maximumMatching } from './assignment';

/** np.arange(0.05, 0.99, 0.05), as TrackEval builds it. */
export const HOTA_ALPHAS: readonly number[] = Array.from({ length: 19 }, (_, i) => 0.05 + i * 0.05);

/** Additive per-alpha counts (arrays indexed like HOTA_ALPHAS). */
export interface HotaCounts {
  tp: number[];
  fn: number[];
  fp: number[];
  /** Σ over matched pairs of A(c) — AssA × TP, so that sequences combine weighted by TP. */
  assocSum: number[];
  /** Summed IoU of the matches (LocA × TP). */
  locSum: number[];
}

/**
 * `ious[t][r][c]`: IoU of frame t's r-th ground-truth box with its c-th tracker box;
 * `gtOf[t][r]`, `trackerOf[t][c]`: their dense ids (0 … gtIds-1, 0 … trackerIds-1).
 */
export function hotaCounts(
  ious: readonly (readonly (readonly number[])[])[],
  gtOf: readonly (readonly number[])[],
  trackerOf: readonly (readonly number[])[],
  gtIds: number,
  trackerIds: number,
): HotaCounts {
  const zeros = () => HOTA_ALPHAS.map(() => 0);
  const c: HotaCounts = { tp: zeros(), fn: zeros(), fp: zeros(), assocSum: zeros(), locSum: zeros() };
  const alignment = globalAlignment(ious, gtOf, trackerOf, gtIds, trackerIds);
  const gtFrames = framesPerId(gtOf, gtIds);
  const trackerFrames = framesPerId(trackerOf, trackerIds);
  // Per alpha: frames in which each (gt, tracker) pair is matched, keyed g * trackerIds + h.
  const pairMatches = HOTA_ALPHAS.map(() => new Map<number, number>());
  for (let t = 0; t < ious.length; t++) {
    const gts = gtOf[t];
    const trs = trackerOf[t];
    if (gts.length === 0 || trs.length === 0) {
      for (let a = 0; a < HOTA_ALPHAS.length; a++) {
        c.fn[a] += gts.length;
        c.fp[a] += trs.length;
      }
      continue;
    }
    const sim = ious[t];
    const score = gts.map((g, r) => trs.map((h, col) => sim[r][col] * alignment[g * trackerIds + h]));
    const pairs = maximumMatching(score);
    HOTA_ALPHAS.forEach((alpha, a) => {
      let matched = 0;
      for (const [r, col] of pairs) {
        if (sim[r][col] < alpha - EPS) continue;
        matched++;
        c.locSum[a] += sim[r][col];
        const key = gts[r] * trackerIds + trs[col];
        pairMatches[a].set(key, (pairMatches[a].get(key) ?? 0) + 1);
      }
      c.tp[a] += matched;
      c.fn[a] += gts.length - matched;
      c.fp[a] += trs.length - matched;
    });
  }
  pairMatches.forEach((matches, a) => {
    for (const [key, n] of matches) {
      const g = Math.floor(key / trackerIds);
      const h = key % trackerIds;
      c.assocSum[a] += (n * n) / Math.max(1, gtFrames[g] + trackerFrames[h] - n);
    }
  });
  return c;
}

/**
 * How much each (gt, tracker) pair belongs together over the whole sequence: a soft IoU of
 * their trajectories, which makes the per-frame matching prefer identity-consistent pairs.
 */
function globalAlignment(
  ious: readonly (readonly (readonly number[])[])[],
  gtOf: readonly (readonly number[])[],
  trackerOf: readonly (readonly number[])[],
  gtIds: number,
  trackerIds: number,
): Float64Array {
  const potential = new Float64Array(gtIds * trackerIds);
  for (let t = 0; t < ious.length; t++) {
    const sim = ious[t];
    const rowSums = sim.map((row) => row.reduce((s, v) => s + v, 0));
    const colSums = trackerOf[t].map((_, col) => sim.reduce((s, row) => s + row[col], 0));
    gtOf[t].forEach((g, r) =>
      trackerOf[t].forEach((h, col) => {
        const denom = rowSums[r] + colSums[col] - sim[r][col];
        if (denom > EPS) potential[g * trackerIds + h] += sim[r][col] / denom;
      }),
    );
  }
  const gtFrames = framesPerId(gtOf, gtIds);
  const trackerFrames = framesPerId(trackerOf, trackerIds);
  for (let g = 0; g < gtIds; g++) {
    for (let h = 0; h < trackerIds; h++) {
      const k = g * trackerIds + h;
      potential[k] /= gtFrames[g] + trackerFrames[h] - potential[k];
    }
  }
  return potential;
}

function framesPerId(ids: readonly (readonly number[])[], n: number): Int32Array {
  const frames = new Int32Array(n);
  for (const f of ids) for (const id of f) frames[id]++;
  return frames;
}

export function hotaScores(c: HotaCounts): { HOTA: number; DetA: number; AssA: number; LocA: number } {
  const mean = (f: (a: number) => number) => (100 * HOTA_ALPHAS.reduce((s, _, a) => s + f(a), 0)) / HOTA_ALPHAS.length;
  const detA = (a: number) => c.tp[a] / Math.max(1, c.tp[a] + c.fn[a] + c.fp[a]);
  const assA = (a: number) => c.assocSum[a] / Math.max(1, c.tp[a]);
  return {
    HOTA: mean((a) => Math.sqrt(detA(a) * assA(a))),
    DetA: mean(detA),
    AssA: mean(assA),
    LocA: mean((a) => Math.max(1e-10, c.locSum[a]) / Math.max(1e-10, c.tp[a])),
  };
}
