// Maximum-weight one-to-one matching, the form every MOT metric needs, on the tracker's Hungarian solver.
import { hungarian } from '../track/hungarian';

/** TrackEval's float tolerance on thresholds and weights. */
export const EPS = 2.220446049250313e-16;

/** Pairs (row, column) of a maximum-weight assignment, leaving out pairs of weight 0. */
export function maximumMatching(weight: readonly (readonly number[])[]): [number, number][] {
  if (weight.length === 0 || weight[0].length === 0) return [];
  const rowToCol = hungarian(weight.map((row) => row.map((w) => -w)));
  const pairs: [number, number][] = [];
  rowToCol.forEach((col, row) => {
    if (col >= 0 && weight[row][col] > EPS) pairs.push([row, col]);
  });
  return pairs;
}
