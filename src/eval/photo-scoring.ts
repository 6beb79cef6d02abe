// Box-level scoring of detections against labelled photos: matching, precision / recall / F1 and
// the threshold sweep. Pure: the photos, labels and detections come from the caller.
import type { Box } from '../domain/detection';
import { boxArea, boxHeight, intersectionArea, iou } from '../domain/box';

/** The PPE roles a labelled photo set can say something about. */
export type EvalRole = 'helmet' | 'no-helmet' | 'vest' | 'no-vest';

export const EVAL_ROLES: readonly EvalRole[] = ['helmet', 'no-helmet', 'vest', 'no-vest'];

export function isEvalRole(role: string): role is EvalRole {
  return (EVAL_ROLES as readonly string[]).includes(role);
}

/** An empty list per role. */
export function emptyPerRole<T>(): Record<EvalRole, T[]> {
  return { helmet: [], 'no-helmet': [], vest: [], 'no-vest': [] };
}

export interface ScoredBox {
  box: Box;
  score: number;
}

/** One photo's labels and predictions, split by role. */
export interface PhotoBoxes {
  labels: Record<EvalRole, Box[]>;
  predictions: Record<EvalRole, ScoredBox[]>;
}

/**
 * The share of the smaller box that the intersection covers (0..1). Datasets and models draw a
 * head differently (the hair only, or the whole head with its helmet), so IoU would reject boxes
 * a person reads as the same head.
 */
export function overlapOfSmaller(a: Box, b: Box): number {
  const smaller = Math.min(boxArea(a), boxArea(b));
  return smaller > 0 ? intersectionArea(a, b) / smaller : 0;
}

/** A prediction and a label may match when their intersection covers half of the smaller box. */
export const MIN_OVERLAP = 0.5;

/**
 * One-to-one greedy matching: predictions in descending score order each take the unmatched
 * label they overlap most (overlapOfSmaller ≥ minOverlap; ties go to the higher IoU, i.e. the
 * label of similar size). Returns, per prediction in the order given, the index of its label
 * or -1.
 */
export function matchGreedy(
  predictions: readonly ScoredBox[],
  labels: readonly Box[],
  minOverlap = MIN_OVERLAP,
): number[] {
  const matchOf = new Array<number>(predictions.length).fill(-1);
  const taken = new Array<boolean>(labels.length).fill(false);
  const order = predictions.map((_, i) => i).sort((a, b) => predictions[b].score - predictions[a].score);
  for (const p of order) {
    const box = predictions[p].box;
    let best = -1;
    let bestOverlap = 0;
    let bestIou = 0;
    labels.forEach((label, l) => {
      if (taken[l]) return;
      const overlap = overlapOfSmaller(box, label);
      if (overlap < minOverlap) return;
      const labelIou = iou(box, label);
      if (overlap > bestOverlap || (overlap === bestOverlap && labelIou > bestIou)) {
        best = l;
        bestOverlap = overlap;
        bestIou = labelIou;
      }
    });
    if (best >= 0) {
      taken[best] = true;
      matchOf[p] = best;
    }
  }
  return matchOf;
}

/**
 * Small people, the ones tiled detection is for. A head box under `headPx` pixels tall belongs to
 * a person under about 6 × headPx (a standing adult is ~7 heads tall, a labelled head box with
 * its helmet ~1.15 heads); a torso box is about 3 head boxes tall, so torsos under 3 × headPx.
 */
export function smallPersonRule(headPx: number): (role: EvalRole, box: Box) => boolean {
  return (role, box) => boxHeight(box) < (role === 'helmet' || role === 'no-helmet' ? headPx : 3 * headPx);
}

/**
 * Everything the counts at any score threshold need for one role, from matching once: greedy
 * matching by score means the predictions kept at a higher threshold match exactly as they did
 * among all predictions, so filtering the outcome by score equals matching the filtered set.
 */
export interface RoleOutcome {
  predictions: { score: number; matched: boolean; small: boolean }[];
  /** The score of the prediction each label matched (null when none did). */
  labels: { matchedScore: number | null; small: boolean }[];
}

export function roleOutcome(
  photos: readonly PhotoBoxes[],
  role: EvalRole,
  isSmall: (role: EvalRole, box: Box) => boolean,
): RoleOutcome {
  const outcome: RoleOutcome = { predictions: [], labels: [] };
  for (const photo of photos) {
    const predictions = photo.predictions[role];
    const labels = photo.labels[role];
    const matchOf = matchGreedy(predictions, labels);
    const matchedScore = new Array<number | null>(labels.length).fill(null);
    predictions.forEach((p, i) => {
      if (matchOf[i] >= 0) matchedScore[matchOf[i]] = p.score;
      outcome.predictions.push({ score: p.score, matched: matchOf[i] >= 0, small: isSmall(role, p.box) });
    });
    labels.forEach((box, l) => outcome.labels.push({ matchedScore: matchedScore[l], small: isSmall(role, box) }));
  }
  return outcome;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/**
 * Counts over the predictions scoring at least `minScore`. For small people: labels that are
 * small, and as false positives the unmatched predictions that are small (a prediction matched
 * to a larger label is neither).
 */
export function countsAt(outcome: RoleOutcome, minScore: number, subset: 'all' | 'small' = 'all'): Counts {
  const labels = subset === 'all' ? outcome.labels : outcome.labels.filter((l) => l.small);
  const tp = labels.filter((l) => l.matchedScore !== null && l.matchedScore >= minScore).length;
  const fp = outcome.predictions.filter(
    (p) => !p.matched && p.score >= minScore && (subset === 'all' || p.small),
  ).length;
  return { tp, fp, fn: labels.length - tp };
}

export interface Quality extends Counts {
  precision: number;
  recall: number;
  f1: number;
}

/** Precision, recall and F1; each is 0 when its denominator is (no predictions, no labels). */
export function quality(counts: Counts): Quality {
  const { tp, fp, fn } = counts;
  const ratio = (num: number, den: number) => (den > 0 ? num / den : 0);
  return { ...counts, precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), f1: ratio(2 * tp, 2 * tp + fp + fn) };
}

/** `from`, `from + step`, … up to `to` inclusive, rounded so that 0.1 + 0.2 reads 0.3. */
export function thresholdGrid(from: number, to: number, step: number): number[] {
  if (!(step > 0) || to < from) throw new Error(`Bad threshold grid ${from}..${to} step ${step}`);
  const n = Math.floor((to - from) / step + 1e-9);
  return Array.from({ length: n + 1 }, (_, i) => Number((from + i * step).toFixed(6)));
}

export interface SweepRow extends Quality {
  minScore: number;
}

export function sweep(outcome: RoleOutcome, thresholds: readonly number[]): SweepRow[] {
  return thresholds.map((minScore) => ({ minScore, ...quality(countsAt(outcome, minScore)) }));
}

/** The row of highest F1; on a tie the lowest threshold, which misses fewer people. */
export function bestRow(rows: readonly SweepRow[]): SweepRow {
  if (!rows.length) throw new Error('No sweep rows');
  return rows.reduce((best, row) =>
    row.f1 > best.f1 || (row.f1 === best.f1 && row.minScore < best.minScore) ? row : best,
  );
}
