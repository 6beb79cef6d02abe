import { describe, expect, it } from 'vitest';
import { boxToMeasurement, KalmanBoxFilter, stateToBox } from '../../src/track/kalman';
import type { Box } from '../../src/domain/detection';

describe('KalmanBoxFilter', () => {
  it('converts boxes to [cx, cy, s, r] and back', () => {
    expect(boxToMeasurement([0, 0, 10, 20])).toEqual([5, 10, 200, 0.5]);
    const b = stateToBox([5, 10, 200, 0.5, 0, 0, 0]);
    b.forEach((v, i) => expect(v).toBeCloseTo([0, 0, 10, 20][i], 10));
  });

  it('predict adds the velocity and grows the covariance by F P Fᵀ + Q', () => {
    const f = new KalmanBoxFilter([0, 0, 10, 20]);
    f.predict();
    expect(Array.from(f.x)).toEqual([5, 10, 200, 0.5, 0, 0, 0]);
    const P = (i: number, j: number) => f.P[i * 7 + j];
    expect(P(0, 0)).toBeCloseTo(10 + 1e4 + 1, 9); // P00 + P44 + Q00
    expect(P(0, 4)).toBeCloseTo(1e4, 9);
    expect(P(4, 4)).toBeCloseTo(1e4 + 0.01 + 200 * 0.02 ** 2, 9); // + velocity noise (0.02·√s)²
    expect(P(2, 2)).toBeCloseTo(10 + 1e4 + 1, 9);
    expect(P(3, 3)).toBeCloseTo(11, 9); // aspect has no velocity
    expect(P(6, 6)).toBeCloseTo(1e4 + 1e-4, 9);
    expect(P(1, 5)).toBeCloseTo(1e4, 9);
  });

  it('update moves the state by the Kalman gain', () => {
    const f = new KalmanBoxFilter([0, 0, 10, 20]);
    f.predict();
    f.update([2, 0, 12, 20]); // centre moved +2 in x
    const s = 10012; // P00 + R00
    expect(f.x[0]).toBeCloseTo(5 + (2 * 10011) / s, 9);
    expect(f.x[4]).toBeCloseTo((2 * 1e4) / s, 9);
    expect(f.x[1]).toBeCloseTo(10, 9);
    expect(f.x[2]).toBeCloseTo(200, 9);
    expect(f.P[0]).toBeCloseTo(10011 - 10011 ** 2 / s, 6);
    // The covariance stays symmetric.
    for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++) expect(f.P[i * 7 + j]).toBeCloseTo(f.P[j * 7 + i], 6);
  });

  it('learns a constant velocity and predicts the next box', () => {
    const at = (k: number): Box => [100 + 3 * k, 50 - k, 140 + 3 * k, 130 - k];
    const f = new KalmanBoxFilter(at(0));
    for (let k = 1; k <= 30; k++) {
      f.predict();
      f.update(at(k));
    }
    f.predict();
    const predicted = f.box();
    at(31).forEach((v, i) => expect(predicted[i]).toBeCloseTo(v, 1));
    expect(f.x[4]).toBeCloseTo(3, 2);
    expect(f.x[5]).toBeCloseTo(-1, 2);
  });

  it('never predicts a negative area', () => {
    const f = new KalmanBoxFilter([0, 0, 100, 100]);
    f.predict();
    f.update([45, 45, 55, 55]); // area collapses: large negative area velocity
    for (let k = 0; k < 50; k++) f.predict();
    expect(f.x[2]).toBeGreaterThanOrEqual(0);
  });
});
