// Constant-velocity Kalman filter over a box, as in SORT (Bewley et al. 2016), with a velocity
// noise that scales with the box (see below).
// State x = [cx, cy, s, r, vx, vy, vs] (s = area, r = aspect w/h, assumed constant);
// measurement z = [cx, cy, s, r]. One step per processed frame. Matrices are row-major
// Float64Arrays and the algebra is written out for this structure (H selects the first four
// state entries), so a step costs a few hundred flops and allocates nothing.
import type { Box } from '../domain/detection';

const N = 7;
const M = 4;
/** Measurement noise R = diag(1, 1, 10, 10): area and aspect are noisier than the centre. */
const MEASUREMENT_NOISE = [1, 1, 10, 10] as const;
/** SORT's process noise Q = diag(1, 1, 1, 1, 0.01, 0.01, 0.0001)… */
const PROCESS_NOISE = [1, 1, 1, 1, 0.01, 0.01, 0.0001] as const;
/**
 * …plus a velocity noise proportional to the box's scale (σ = 0.02·√s px per frame at 5 fps):
 * SORT's fixed 0.1 px/frame suits 30 fps, but at 5 fps a worker who stops or starts walking
 * changes speed by a tenth of their height per frame, and the filter must follow within a few frames.
 */
export const DEFAULT_VELOCITY_NOISE = 0.02;
/** Initial covariance: unknown velocities get a large variance. */
const INITIAL_COVARIANCE = [10, 10, 10, 10, 1e4, 1e4, 1e4] as const;

export type Measurement = [cx: number, cy: number, s: number, r: number];

export function boxToMeasurement(b: Box): Measurement {
  const w = b[2] - b[0];
  const h = b[3] - b[1];
  return [b[0] + w / 2, b[1] + h / 2, w * h, w / h];
}

export function stateToBox(x: ArrayLike<number>): Box {
  const w = Math.sqrt(Math.max(0, x[2] * x[3]));
  const h = w > 0 ? x[2] / w : 0;
  return [x[0] - w / 2, x[1] - h / 2, x[0] + w / 2, x[1] + h / 2];
}

export class KalmanBoxFilter {
  /** State estimate [cx, cy, s, r, vx, vy, vs]. */
  readonly x = new Float64Array(N);
  /** State covariance, 7×7 row-major. */
  readonly P = new Float64Array(N * N);
  // Scratch for update(): S (4×4), its inverse, the gain K (7×4) and H P (4×7).
  private readonly S = new Float64Array(M * M);
  private readonly Sinv = new Float64Array(M * M);
  private readonly K = new Float64Array(N * M);
  private readonly HP = new Float64Array(M * N);

  /** `velocityNoise`: σ of the velocity noise per √(box area), for a frame interval of 1 (see predict). */
  constructor(
    box: Box,
    private readonly velocityNoise = DEFAULT_VELOCITY_NOISE,
  ) {
    const z = boxToMeasurement(box);
    for (let i = 0; i < M; i++) this.x[i] = z[i];
    for (let i = 0; i < N; i++) this.P[i * N + i] = INITIAL_COVARIANCE[i];
  }

  /**
   * Advances one frame: x = F x, P = F P Fᵀ + Q, with F adding velocities to cx, cy, s.
   * `interval`: this frame's interval relative to the one velocityNoise is meant for. Velocities
   * are per frame, so their change per frame grows with the interval, σ ∝ interval^1.5 (a
   * white-noise acceleration): at 30 fps the noise meant for 5 fps is a 15th.
   */
  predict(interval = 1): void {
    const { x, P } = this;
    // An area shrinking through zero would give an imaginary box: stop the shrink instead.
    if (x[2] + x[6] <= 0) x[6] = 0;
    x[0] += x[4];
    x[1] += x[5];
    x[2] += x[6];
    // Rows: (F P)[i] = P[i] + P[i+4] for i < 3.
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < N; j++) P[i * N + j] += P[(i + 4) * N + j];
    }
    // Columns: (F P Fᵀ)[., j] = (F P)[., j] + (F P)[., j+4] for j < 3.
    for (let r = 0; r < N; r++) {
      for (let j = 0; j < 3; j++) P[r * N + j] += P[r * N + j + 4];
    }
    for (let i = 0; i < N; i++) P[i * N + i] += PROCESS_NOISE[i];
    const velocityVariance = Math.max(x[2], 1) * this.velocityNoise ** 2 * interval ** 3;
    P[4 * N + 4] += velocityVariance;
    P[5 * N + 5] += velocityVariance;
  }

  /** Corrects the state with a measured box. */
  update(box: Box): void {
    const { x, P, S, Sinv, K } = this;
    const z = boxToMeasurement(box);
    // S = H P Hᵀ + R: the top-left 4×4 block of P plus R.
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < M; j++) S[i * M + j] = P[i * N + j];
      S[i * M + i] += MEASUREMENT_NOISE[i];
    }
    invert4(S, Sinv);
    // K = P Hᵀ S⁻¹: P's first four columns times S⁻¹.
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < M; j++) {
        let sum = 0;
        for (let k = 0; k < M; k++) sum += P[i * N + k] * Sinv[k * M + j];
        K[i * M + j] = sum;
      }
    }
    const y0 = z[0] - x[0];
    const y1 = z[1] - x[1];
    const y2 = z[2] - x[2];
    const y3 = z[3] - x[3];
    // P = (I - K H) P = P - K (H P), where H P is P's first four rows; copy them first
    // because those rows are overwritten while the product is still being taken.
    const HP = this.HP;
    HP.set(P.subarray(0, M * N));
    for (let i = 0; i < N; i++) {
      const k0 = K[i * M];
      const k1 = K[i * M + 1];
      const k2 = K[i * M + 2];
      const k3 = K[i * M + 3];
      x[i] += k0 * y0 + k1 * y1 + k2 * y2 + k3 * y3;
      for (let j = 0; j < N; j++) {
        P[i * N + j] -= k0 * HP[j] + k1 * HP[N + j] + k2 * HP[2 * N + j] + k3 * HP[3 * N + j];
      }
    }
  }

  box(): Box {
    return stateToBox(this.x);
  }

  /** Stops the area's velocity, so that a box not seen for a while does not keep growing or shrinking. */
  holdSize(): void {
    this.x[6] = 0;
  }
}

/**
 * Inverse of a 4×4 matrix by Gauss-Jordan with partial pivoting (S is SPD, so it is regular).
 * Destroys `a`.
 */
function invert4(a: Float64Array, out: Float64Array): void {
  const m = a;
  out.fill(0);
  for (let i = 0; i < M; i++) out[i * M + i] = 1;
  for (let col = 0; col < M; col++) {
    let pivot = col;
    for (let r = col + 1; r < M; r++) {
      if (Math.abs(m[r * M + col]) > Math.abs(m[pivot * M + col])) pivot = r;
    }
    if (pivot !== col) {
      for (let k = 0; k < M; k++) {
        swap(m, col * M + k, pivot * M + k);
        swap(out, col * M + k, pivot * M + k);
      }
    }
    const inv = 1 / m[col * M + col];
    for (let k = 0; k < M; k++) {
      m[col * M + k] *= inv;
      out[col * M + k] *= inv;
    }
    for (let r = 0; r < M; r++) {
      if (r === col) continue;
      const f = m[r * M + col];
      if (f === 0) continue;
      for (let k = 0; k < M; k++) {
        m[r * M + k] -= f * m[col * M + k];
        out[r * M + k] -= f * out[col * M + k];
      }
    }
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
