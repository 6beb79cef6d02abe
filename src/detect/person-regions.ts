// The alternative to a fixed grid: look again, at the frame's own resolution, only where the
// whole frame found people too small for their head to be judged. Pure numbers: which regions.
import type { Box } from '../domain/detection';
import type { InputSize } from './detector';
import type { FrameRegion } from './letterbox';

/**
 * People shorter than this at the model's scale are looked at again: their head (~1/7 of them)
 * is under ~23 input pixels, where the models start to miss bare heads.
 */
export const SMALL_PERSON_INPUT_PX = 160;

/** At most this many regions a frame: with the whole frame, the cost of 'auto' tiles at most. */
export const MAX_PERSON_REGIONS = 4;

/** A region is at least this fraction of the model input's side: at most a 2× enlargement. */
const MIN_REGION_OF_INPUT = 0.5;

/** A person's region is this many times the person's height on a side (room for the neighbours). */
const REGION_PER_PERSON_HEIGHT = 1.5;

/** A person already lies in a region when this much of their box is inside it, away from its edges. */
const INSIDE_MARGIN_OF_SIDE = 0.1;

/**
 * Square regions (clipped to the frame) around the small people found on the whole frame, best
 * score first, each person's region skipped when an earlier one already holds them well inside.
 * `people` in source pixels, best score first.
 */
export function personRegions(
  people: readonly Box[],
  frameWidth: number,
  frameHeight: number,
  input: InputSize,
): FrameRegion[] {
  const wholeScale = Math.min(input.width / frameWidth, input.height / frameHeight);
  const inputSide = Math.min(input.width, input.height);
  const regions: FrameRegion[] = [];
  for (const person of people) {
    if (regions.length >= MAX_PERSON_REGIONS) break;
    const height = person[3] - person[1];
    if (height * wholeScale >= SMALL_PERSON_INPUT_PX) continue;
    if (regions.some((r) => holds(r, person))) continue;
    const wanted = Math.max(height * REGION_PER_PERSON_HEIGHT, inputSide * MIN_REGION_OF_INPUT);
    // Never larger than the input: a region is never shrunk, so it has every pixel the camera gave.
    const side = Math.round(Math.min(wanted, inputSide, frameWidth, frameHeight));
    const centre = (lo: number, hi: number, size: number) => clampStart((lo + hi) / 2 - side / 2, side, size);
    regions.push({
      x: centre(person[0], person[2], frameWidth),
      y: centre(person[1], person[3], frameHeight),
      width: side,
      height: side,
    });
  }
  return regions;
}

const clampStart = (start: number, side: number, size: number) => Math.round(Math.min(Math.max(0, start), size - side));

function holds(r: FrameRegion, box: Box): boolean {
  const mx = r.width * INSIDE_MARGIN_OF_SIDE;
  const my = r.height * INSIDE_MARGIN_OF_SIDE;
  return box[0] >= r.x + mx && box[1] >= r.y + my && box[2] <= r.x + r.width - mx && box[3] <= r.y + r.height - my;
}
