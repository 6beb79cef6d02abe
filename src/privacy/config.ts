// A camera's privacy masks: polygons blacked out or pixelated in every picture of the camera
// (live view, captures, clips) before anything looks at the frame, so detection ignores them too.
import { z } from 'zod';
import { pointSchema } from '../ppe/config';

/** The styles a mask can have: black fills it, blur pixelates it into coarse blocks. */
export const MASK_STYLES = ['black', 'blur'] as const;
export type MaskStyle = (typeof MASK_STYLES)[number];

/**
 * Smallest area a mask may enclose, as a fraction of the picture: less is a line or a repeated
 * point (a slip while drawing), which would hide nothing.
 */
const MIN_AREA = 1e-5;

/** Area enclosed by a polygon (shoelace formula), in the units of its points. */
export function polygonArea(points: readonly (readonly [number, number])[]): number {
  let twice = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    twice += points[j][0] * points[i][1] - points[i][0] * points[j][1];
  }
  return Math.abs(twice) / 2;
}

export const privacyMaskSchema = z
  .strictObject({
    name: z.string().min(1).max(120, 'at most 120 characters'),
    /** Polygon in normalised coordinates (x / width, y / height), like a zone's; the closing edge is implied. */
    points: z.array(pointSchema).min(3, 'at least 3 points').max(100, 'at most 100 points'),
    style: z.enum(MASK_STYLES).default('black'),
  })
  .superRefine((mask, ctx) => {
    if (mask.points.length >= 3 && polygonArea(mask.points) < MIN_AREA)
      ctx.addIssue({
        code: 'custom',
        message: 'the points enclose no area (all on one line, or repeated)',
        path: ['points'],
      });
  });
export type PrivacyMask = z.infer<typeof privacyMaskSchema>;

export const privacyMasksSchema = z.array(privacyMaskSchema).max(32, 'at most 32 masks').default([]);
