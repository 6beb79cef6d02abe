// Conflicting evidence: an item and its negative on the same spot (a helmet and a bare head, a
// mask and a bare face) are the model seeing one thing twice. A false violation is the costly
// mistake, so the negative is dropped when the item scores at least a share of it. A clearly
// stronger negative leaves both (dropping the item then cost helmet and vest recall on
// eval:photos holdout).
import { overlapOfSmaller } from '../domain/box';
import type { Detection } from '../domain/detection';
import { roleEvidence } from '../domain/ppe-items';

export interface ConflictRule {
  /** The negative is dropped when the item scores at least this share of its score. */
  scoreRatio: number;
  /** Two boxes are the same spot when their intersection covers this share of the smaller one. */
  minOverlap: number;
}

/** Measured on eval:photos holdout (docs/quality.md, "Conflicting evidence"). */
export const DEFAULT_CONFLICT_RULE: ConflictRule = { scoreRatio: 0.5, minOverlap: 0.5 };

/**
 * The detections without the negatives outscored (by the rule's margin) by an item of theirs on
 * the same spot, in their order. One helmet removes every bare head it covers.
 */
export function resolveConflicts(
  detections: readonly Detection[],
  rule: ConflictRule = DEFAULT_CONFLICT_RULE,
): Detection[] {
  // Item detections by the kind they argue against: helmets under `no-helmet`.
  const wornByKind = new Map<string, Detection[]>();
  for (const d of detections) {
    const evidence = roleEvidence(d.role);
    if (!evidence || evidence.violation) continue;
    const list = wornByKind.get(evidence.kind);
    if (list) list.push(d);
    else wornByKind.set(evidence.kind, [d]);
  }
  if (wornByKind.size === 0) return [...detections];
  const dropped = new Set<Detection>();
  for (const negative of detections) {
    const items = wornByKind.get(negative.role);
    if (!items) continue;
    for (const item of items) {
      if (overlapOfSmaller(item.box, negative.box) < rule.minOverlap) continue;
      if (item.score >= rule.scoreRatio * negative.score) dropped.add(negative);
    }
  }
  return dropped.size === 0 ? [...detections] : detections.filter((d) => !dropped.has(d));
}
