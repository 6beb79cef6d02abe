// Privacy masks for tests and benchmarks.
import { privacyMaskSchema, type PrivacyMask } from '../../src/privacy/config';

/** The corners of an axis-aligned rectangle, normalised 0..1 like mask and zone points. */
export function rectangle(x0: number, y0: number, x1: number, y1: number): [number, number][] {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
}

/** A black mask over the top-left quarter and a blur mask over the bottom-right one. */
export const BLACK_AND_BLUR_QUARTERS: PrivacyMask[] = [
  privacyMaskSchema.parse({ name: 'Window', style: 'black', points: rectangle(0, 0, 0.5, 0.5) }),
  privacyMaskSchema.parse({ name: 'Desk', style: 'blur', points: rectangle(0.5, 0.5, 1, 1) }),
];
