// Conflicting evidence: a helmet and a bare head (or a vest and a bare torso) on the same spot are
// the model seeing one thing twice. A false violation is the costly mistake, so the negative is
// dropped when the item scores at least a share of it. A clearly stronger negative leaves both
// (dropping the item then cost helmet and vest recall on eval:photos holdout).
import { overlapOfSmaller } from '../domain/box';
import type { Detection, PpeRole } from '../domain/detection';

/** Each item role and the role that says it is missing. */
const OPPOSITES: ReadonlyArray<readonly [PpeRole, PpeRole]> = [
  ['helmet', 'no-helmet'],
  ['vest', 'no-vest'],
];

export interface ConflictRule {
  /** The negative is dropped when the item scores at least this share of its score. */
  scoreRatio: number;
  /** Two boxes are the same spot when their intersection covers this share of the smaller one. */
  minOverlap: number;
}

/** Measured on eval:photos holdout (docs/quality.md, "Conflicting evidence"). */
export const DEFAULT_CONFLICT_RULE: ConflictRule = { scoreRatio: 0.5, minOverlap: 0.5 };

/**
 * The detections without the negatives outscored (by the rule's margin) by an item on the same
 * spot, in their order. One helmet removes every bare head it covers.
 */
export function resolveConflicts(
  detections: readonly Detection[],
  rule: ConflictRule = DEFAULT_CONFLICT_RULE,
): Detection[] {
  const dropped = new Set<Detection>();
  for (const [itemRole, negativeRole] of OPPOSITES) {
    const items = detections.filter((d) => d.role === itemRole);
    if (items.length === 0) continue;
    for (const negative of detections) {
      if (negative.role !== negativeRole) continue;
      for (const item of items) {
        if (overlapOfSmaller(item.box, negative.box) < rule.minOverlap) continue;
        if (item.score >= rule.scoreRatio * negative.score) dropped.add(negative);
      }
    }
  }
  return dropped.size === 0 ? [...detections] : detections.filter((d) => !dropped.has(d));
}
