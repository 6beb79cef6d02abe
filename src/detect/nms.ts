// Intersection over union and greedy non-maximum suppression over flat typed arrays, so that a
// model's thousands of candidates cost no per-box objects.

/** IoU of the boxes at `i` and `j` (box index, 4 numbers each) of two flat x1,y1,x2,y2 arrays. */
function iouAt(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number): number {
  const ai = i * 4;
  const bj = j * 4;
  const iw = Math.min(a[ai + 2], b[bj + 2]) - Math.max(a[ai], b[bj]);
  if (iw <= 0) return 0;
  const ih = Math.min(a[ai + 3], b[bj + 3]) - Math.max(a[ai + 1], b[bj + 1]);
  if (ih <= 0) return 0;
  const inter = iw * ih;
  const union = (a[ai + 2] - a[ai]) * (a[ai + 3] - a[ai + 1]) + (b[bj + 2] - b[bj]) * (b[bj + 3] - b[bj + 1]) - inter;
  return union > 0 ? inter / union : 0;
}

/** Candidates after score filtering: `count` entries of the arrays are valid. */
export interface Candidates {
  /** x1, y1, x2, y2 per candidate. */
  boxes: Float32Array;
  scores: Float32Array;
  classIds: Int32Array;
  count: number;
}

/**
 * Class-aware greedy NMS: a candidate is dropped when it overlaps a better-scoring kept box of
 * the same class by more than `iouThreshold`. Returns indices of kept candidates, best first.
 * Candidates must already be filtered by score; each is compared only against kept boxes, so
 * the cost is count × kept rather than count².
 */
export function nms(c: Candidates, iouThreshold: number, maxDetections = 300): number[] {
  const order = Array.from({ length: c.count }, (_, i) => i);
  const scores = c.scores;
  order.sort((a, b) => scores[b] - scores[a]);
  const kept: number[] = [];
  for (const i of order) {
    if (kept.length >= maxDetections) break;
    const cls = c.classIds[i];
    let suppressed = false;
    for (const k of kept) {
      if (c.classIds[k] === cls && iouAt(c.boxes, i, c.boxes, k) > iouThreshold) {
        suppressed = true;
        break;
      }
    }
    if (!suppressed) kept.push(i);
  }
  return kept;
}
