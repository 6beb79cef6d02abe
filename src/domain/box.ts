// Box geometry shared by tracking, PPE rules and capture dedup. Boxes are [x1, y1, x2, y2].
import type { Box } from './detection';

export function boxArea(b: Box): number {
  return Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
}

export function boxWidth(b: Box): number {
  return b[2] - b[0];
}

export function boxHeight(b: Box): number {
  return b[3] - b[1];
}

export function intersectionArea(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  if (w <= 0) return 0;
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  return h <= 0 ? 0 : w * h;
}

/** Intersection over union; 0 for disjoint or degenerate boxes. */
export function iou(a: Box, b: Box): number {
  const inter = intersectionArea(a, b);
  if (inter === 0) return 0;
  return inter / (boxArea(a) + boxArea(b) - inter);
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

/** Share of `inner`'s area that lies inside `outer` (0..1). */
export function containment(inner: Box, outer: Box): number {
  const area = boxArea(inner);
  return area === 0 ? 0 : intersectionArea(inner, outer) / area;
}

export function unionBox(a: Box, b: Box): Box {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

export function centreX(b: Box): number {
  return (b[0] + b[2]) / 2;
}

export function centreY(b: Box): number {
  return (b[1] + b[3]) / 2;
}
