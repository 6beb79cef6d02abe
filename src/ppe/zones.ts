// Zone membership: a person stands where the bottom centre of their box is (their feet).
import type { Box } from '../domain/detection';
import type { ZoneConfig } from './config';

/** Even-odd ray casting; points exactly on an edge may fall either side. */
export function pointInPolygon(x: number, y: number, polygon: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The zone a person box stands in: its bottom centre, normalised by the frame size (and clamped
 * into the frame, as an estimated body may reach below it), tested against each zone's polygon
 * in configuration order; the first that holds it wins. Undefined when in none.
 */
export function zoneOf(
  box: Box,
  frameSize: { width: number; height: number },
  zones: readonly ZoneConfig[],
): ZoneConfig | undefined {
  const x = clamp01((box[0] + box[2]) / 2 / frameSize.width);
  const y = clamp01(box[3] / frameSize.height);
  return zones.find((z) => pointInPolygon(x, y, z.polygon));
}

/** Just inside the far edge: a polygon edge drawn on the frame border must still hold feet on it. */
const LAST = 1 - 1e-6;

function clamp01(v: number): number {
  return v < 0 ? 0 : v > LAST ? LAST : v;
}
