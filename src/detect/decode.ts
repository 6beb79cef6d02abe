// Raw YOLO output tensors → scored candidate boxes in model-input pixels. Pure and allocation-free
// per call: buffers are sized once for the model's candidate count.
import type { Candidates } from './nms';

/**
 * - yolov5: [1, N, 5+C] rows of cx, cy, w, h, objectness, C class scores
 * - yolov8: [1, 4+C, N] (also YOLO11) columns of cx, cy, w, h, C class scores, no objectness
 * - end2end: [1, N, 6] rows of x1, y1, x2, y2, score, class (NMS done inside the model)
 */
export type OutputLayout = 'yolov5' | 'yolov8' | 'end2end';

export interface ResolvedLayout {
  layout: OutputLayout;
  numClasses: number;
  numCandidates: number;
}

export interface LayoutHints {
  /** Forced by configuration; the shape must still fit. */
  layout?: OutputLayout;
  /** From model metadata (`end2end`), when the exporter wrote it. */
  end2end?: boolean;
}

const LAYOUT_LABEL: Record<OutputLayout, string> = {
  yolov5: 'YOLOv5',
  yolov8: 'YOLOv8/YOLO11',
  end2end: 'end-to-end',
};

/**
 * Works out the layout from the output shape and the number of class names (undefined when the
 * model has none: then the class count is taken from the shape where only one reading fits).
 * Throws an Error naming the shape when no layout fits or when two fit equally well.
 */
export function resolveLayout(
  dims: readonly number[],
  numNames: number | undefined,
  hints: LayoutHints = {},
): ResolvedLayout {
  const shape = `[${dims.join(',')}]`;
  const names = numNames === undefined ? 'no class names in its metadata' : `${numNames} class names`;
  if (dims.length !== 3 || dims[0] !== 1 || !dims.every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error(`Cannot read model output of shape ${shape}: expected a 3-D output with batch 1`);
  }
  const [, a, b] = dims;
  const fits: Record<OutputLayout, () => number | undefined> = {
    yolov8: () =>
      numNames !== undefined ? (a === 4 + numNames ? numNames : undefined) : a > 4 && b > a ? a - 4 : undefined,
    yolov5: () =>
      numNames !== undefined ? (b === 5 + numNames ? numNames : undefined) : b > 5 && a > b ? b - 5 : undefined,
    end2end: () => (b === 6 ? numNames : undefined),
  };
  const result = (layout: OutputLayout, numClasses: number): ResolvedLayout => ({
    layout,
    numClasses,
    numCandidates: layout === 'yolov8' ? b : a,
  });

  const e2eWithoutNames = b === 6 && numNames === undefined;
  const order: OutputLayout[] = hints.layout
    ? [hints.layout]
    : hints.end2end === true
      ? ['end2end']
      : hints.end2end === false
        ? ['yolov8', 'yolov5']
        : ['yolov8', 'yolov5', 'end2end'];
  const matches = order.flatMap((layout) => {
    const c = fits[layout]();
    return c !== undefined && c > 0 ? [result(layout, c)] : [];
  });
  // [1,N,6] reads as YOLOv5 with one class or as end-to-end; only a hint can tell them apart.
  const readsAsV5 = matches.some((m) => m.layout === 'yolov5');
  const ambiguous =
    !hints.layout &&
    hints.end2end === undefined &&
    readsAsV5 &&
    (matches.some((m) => m.layout === 'end2end') || e2eWithoutNames);
  if (ambiguous) {
    throw new Error(
      `Model output of shape ${shape} (${names}) could be YOLOv5 with one class or end-to-end [1,N,6]; ` +
        `set model.layout to 'yolov5' or 'end2end'`,
    );
  }
  if (matches.length) return matches[0];
  if (order.includes('end2end') && e2eWithoutNames) {
    throw new Error(`End-to-end model output ${shape} needs class names in the model metadata ('names')`);
  }
  const expected = order.map((l) => `${LAYOUT_LABEL[l]} ${expectedShape(l, numNames)}`).join(' or ');
  throw new Error(`Cannot read model output of shape ${shape} with ${names}: expected ${expected}`);
}

function expectedShape(layout: OutputLayout, numClasses: number | undefined): string {
  const width = (base: number) => (numClasses === undefined ? `${base}+C` : String(base + numClasses));
  return layout === 'yolov8' ? `[1,${width(4)},N]` : layout === 'yolov5' ? `[1,N,${width(5)}]` : '[1,N,6]';
}

/**
 * Decodes one output tensor into candidates above their class's score threshold. Single label
 * per candidate (the best-scoring class), as Ultralytics does by default. Classes whose
 * threshold is Infinity (ignored roles) take no part: they neither appear nor outscore a
 * wanted class.
 */
export class OutputDecoder {
  readonly candidates: Candidates;
  private readonly active: Int32Array;
  private readonly floor: number;
  private readonly bestScore: Float32Array;
  private readonly bestClass: Int32Array;

  constructor(
    readonly resolved: ResolvedLayout,
    private readonly minScores: Float32Array,
  ) {
    const n = resolved.numCandidates;
    if (minScores.length !== resolved.numClasses) {
      throw new Error(`${minScores.length} class thresholds for a model with ${resolved.numClasses} classes`);
    }
    this.candidates = {
      boxes: new Float32Array(n * 4),
      scores: new Float32Array(n),
      classIds: new Int32Array(n),
      count: 0,
    };
    this.active = Int32Array.from(minScores.keys()).filter((c) => Number.isFinite(minScores[c]));
    this.floor = this.active.length ? Math.min(...Array.from(this.active, (c) => minScores[c])) : Infinity;
    this.bestScore = new Float32Array(resolved.layout === 'yolov8' ? n : 0);
    this.bestClass = new Int32Array(resolved.layout === 'yolov8' ? n : 0);
  }

  decode(out: Float32Array): Candidates {
    const { numClasses, numCandidates, layout } = this.resolved;
    const expected = numCandidates * (layout === 'yolov8' ? 4 + numClasses : layout === 'yolov5' ? 5 + numClasses : 6);
    if (out.length !== expected) throw new Error(`Model output holds ${out.length} values, expected ${expected}`);
    this.candidates.count = 0;
    if (this.active.length === 0) return this.candidates;
    if (layout === 'yolov8') this.decodeV8(out);
    else if (layout === 'yolov5') this.decodeV5(out);
    else this.decodeEnd2End(out);
    return this.candidates;
  }

  private push(x1: number, y1: number, x2: number, y2: number, score: number, classId: number): void {
    const c = this.candidates;
    const k = c.count++;
    c.boxes[k * 4] = x1;
    c.boxes[k * 4 + 1] = y1;
    c.boxes[k * 4 + 2] = x2;
    c.boxes[k * 4 + 3] = y2;
    c.scores[k] = score;
    c.classIds[k] = classId;
  }

  private decodeV8(out: Float32Array): void {
    const n = this.resolved.numCandidates;
    const { bestScore, bestClass, active, minScores } = this;
    bestScore.fill(-Infinity);
    // Class-major loops read the [4+C, N] tensor sequentially.
    for (const c of active) {
      const row = (4 + c) * n;
      for (let i = 0; i < n; i++) {
        const v = out[row + i];
        if (v > bestScore[i]) {
          bestScore[i] = v;
          bestClass[i] = c;
        }
      }
    }
    for (let i = 0; i < n; i++) {
      const score = bestScore[i];
      if (score < this.floor || score < minScores[bestClass[i]]) continue;
      const cx = out[i];
      const cy = out[n + i];
      const hw = out[2 * n + i] / 2;
      const hh = out[3 * n + i] / 2;
      this.push(cx - hw, cy - hh, cx + hw, cy + hh, score, bestClass[i]);
    }
  }

  private decodeV5(out: Float32Array): void {
    const n = this.resolved.numCandidates;
    const stride = 5 + this.resolved.numClasses;
    const { active, minScores } = this;
    for (let i = 0, r = 0; i < n; i++, r += stride) {
      const objectness = out[r + 4];
      // Class scores are ≤ 1, so a low objectness rules the row out without looking further.
      if (objectness < this.floor) continue;
      let best = -Infinity;
      let bestClass = -1;
      for (const c of active) {
        const v = out[r + 5 + c];
        if (v > best) {
          best = v;
          bestClass = c;
        }
      }
      const score = best * objectness;
      if (score < minScores[bestClass]) continue;
      const hw = out[r + 2] / 2;
      const hh = out[r + 3] / 2;
      this.push(out[r] - hw, out[r + 1] - hh, out[r] + hw, out[r + 1] + hh, score, bestClass);
    }
  }

  private decodeEnd2End(out: Float32Array): void {
    const { numCandidates: n, numClasses } = this.resolved;
    for (let i = 0, r = 0; i < n; i++, r += 6) {
      const score = out[r + 4];
      const classId = Math.round(out[r + 5]);
      // Padding rows have score 0; unknown class ids are skipped rather than trusted.
      if (classId < 0 || classId >= numClasses || !(score >= this.minScores[classId])) continue;
      this.push(out[r], out[r + 1], out[r + 2], out[r + 3], score, classId);
    }
  }
}

/** IEEE half-precision bits → float32 (onnxruntime hands float16 tensors over as Uint16Array). */
export function float16ToFloat32(src: Uint16Array, dst: Float32Array): Float32Array {
  for (let i = 0; i < src.length; i++) dst[i] = halfToFloat(src[i]);
  return dst;
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** float32 → half-precision bits, round to nearest even (for models that take float16 input). */
export function float32ToFloat16(src: Float32Array, dst: Uint16Array): Uint16Array {
  for (let i = 0; i < src.length; i++) {
    f32[0] = src[i];
    const x = u32[0];
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    let mant = x & 0x7fffff;
    if (exp === 0xff) {
      dst[i] = sign | 0x7c00 | (mant ? 0x200 : 0);
      continue;
    }
    const e = exp - 127 + 15;
    if (e >= 31) {
      dst[i] = sign | 0x7c00;
    } else if (e <= 0) {
      if (e < -10) {
        dst[i] = sign;
        continue;
      }
      // Subnormal half: shift the implicit-1 mantissa into place, rounding half to even.
      mant |= 0x800000;
      const shift = 14 - e;
      const half = 1 << (shift - 1);
      const rest = mant & ((1 << shift) - 1);
      let m = mant >>> shift;
      if (rest > half || (rest === half && m & 1)) m++;
      dst[i] = sign | m;
    } else {
      const rest = mant & 0x1fff;
      let h = sign | (e << 10) | (mant >>> 13);
      // A carry out of the mantissa correctly bumps the exponent (up to Infinity).
      if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++;
      dst[i] = h;
    }
  }
  return dst;
}
