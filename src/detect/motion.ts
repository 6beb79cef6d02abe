// Motion gating: a camera whose picture does not change needs no inference on every frame. The
// measure is cheap on purpose — the frame shrunk to a small grey grid and compared with the grid
// of the last frame looked at; cells that changed by more than a noise floor are counted — so it
// costs a fraction of a millisecond against an inference of tens to hundreds.
import { z } from 'zod';
import type { Frame } from '../domain/detection';
import { pointInPolygon } from '../ppe/zones';

export const motionConfigSchema = z.object({
  /** Off: every frame taken is detected, whatever the picture does. */
  enabled: z.boolean().default(true),
  /**
   * Share of the grid (0..1) that must change for a frame to count as motion. The default, 0.1 %,
   * is about five cells: a person a few dozen pixels tall shifting their weight on a 720p camera.
   */
  minChangedShare: z.number().min(0).max(1).default(0.001),
  /** Grey-level change (1..255) a cell must exceed to count: below it is sensor noise and compression. */
  noiseFloor: z.number().int().min(1).max(255).default(10),
  /** Without motion, detection still runs this often (seconds), so people standing still stay judged. */
  idleSeconds: z.number().positive().max(60).default(2),
  /**
   * Without motion and with the picture unchanged since the frame last detected (no part of it
   * past the noise floor, not even a slow drift of light), detection runs only this often
   * (seconds): the model would find again what it found. Kept under the dedup cooldown (30 s) so
   * captured people are still seen often enough to be recognised after a worker restart.
   */
  unchangedSeconds: z.number().positive().max(60).default(10),
});
export type MotionConfig = z.infer<typeof motionConfigSchema>;

/** The grid is this many cells on its long side (the short side in proportion). */
const GRID_LONG_SIDE = 96;
/** Pixels sampled per cell side: a small average, so a single noisy pixel cannot flip a cell. */
const SAMPLES = 3;

type Polygon = readonly (readonly [number, number])[];

/**
 * Says, frame by frame, whether anything moved since the last frame it looked at. `regions`
 * (normalised polygons, e.g. the camera's zones) limit where motion counts; none = everywhere.
 */
export class MotionMeter {
  private width = 0;
  private height = 0;
  private cols = 0;
  private rows = 0;
  /** Per column of cells, the sum of one row of cells' samples. */
  private sums = new Int32Array(0);
  /** Byte offset of each sample column within a pixel row, and of each sample row in the frame. */
  private sampleX = new Int32Array(0);
  private sampleRow = new Int32Array(0);
  private grid = new Uint8Array(0);
  private previous = new Uint8Array(0);
  /** The grid of the frame last detected (markDetected). */
  private detected = new Uint8Array(0);
  private hasDetected = false;
  /** Cells that count (inside a region), or null for all. */
  private counted: Uint8Array | null = null;
  private countedCells = 0;
  private primed = false;

  constructor(
    private readonly cfg: Pick<MotionConfig, 'minChangedShare' | 'noiseFloor'>,
    private readonly regions: readonly Polygon[] = [],
  ) {}

  /** True when the frame differs from the last one measured (the first frame always does). */
  moved(frame: Frame): boolean {
    this.shrink(frame);
    const { previous, grid } = this;
    const changed = this.primed && this.differ(grid, previous);
    this.previous = grid;
    this.grid = previous; // the old buffer is written next time: two grids, no allocation per frame
    if (!this.primed) {
      this.primed = true;
      return true;
    }
    return changed;
  }

  /** Remembers the frame last measured as the one detected (see changedSinceDetected). */
  markDetected(): void {
    this.detected.set(this.previous);
    this.hasDetected = this.primed;
  }

  /**
   * Whether the frame last measured differs from the one last detected, by the same measure as
   * `moved`: catches a change too slow to show from one frame to the next.
   */
  changedSinceDetected(): boolean {
    return !this.hasDetected || this.differ(this.previous, this.detected);
  }

  /** Whether enough counted cells changed past the noise floor from grid `b` to grid `a`. */
  private differ(a: Uint8Array, b: Uint8Array): boolean {
    const { counted } = this;
    const floor = this.cfg.noiseFloor;
    let changed = 0;
    for (let i = 0; i < a.length; i++) {
      if ((counted === null || counted[i] === 1) && Math.abs(a[i] - b[i]) > floor) changed++;
    }
    return changed > 0 && changed >= this.cfg.minChangedShare * this.countedCells;
  }

  /** Writes the frame's grey grid into `this.grid`, (re)sizing the grids when the frame size changes. */
  private shrink(frame: Frame): void {
    const { width, height, data } = frame;
    if (width !== this.width || height !== this.height) this.resize(width, height);
    const { cols, rows, grid, sums, sampleX, sampleRow } = this;
    // Sample rows in memory order, each adding its samples to its cells' column sums.
    for (let r = 0; r < rows; r++) {
      sums.fill(0);
      for (let sy = 0; sy < SAMPLES; sy++) {
        const row = sampleRow[r * SAMPLES + sy];
        let i = 0;
        for (let c = 0; c < cols; c++) {
          let sum = 0;
          for (let sx = 0; sx < SAMPLES; sx++) {
            const p = row + sampleX[i++];
            // Integer luma (BT.601 weights / 256).
            sum += (77 * data[p] + 150 * data[p + 1] + 29 * data[p + 2]) >> 8;
          }
          sums[c] += sum;
        }
      }
      for (let c = 0; c < cols; c++) grid[r * cols + c] = Math.round(sums[c] / (SAMPLES * SAMPLES));
    }
  }

  /** Sizes the grids for frames of this size and works out where each cell's samples are. */
  private resize(width: number, height: number): void {
    const cols = width >= height ? GRID_LONG_SIDE : Math.max(1, Math.round((GRID_LONG_SIDE * width) / height));
    const rows = width >= height ? Math.max(1, Math.round((GRID_LONG_SIDE * height) / width)) : GRID_LONG_SIDE;
    this.width = width;
    this.height = height;
    this.cols = cols;
    this.rows = rows;
    this.sums = new Int32Array(cols);
    // Byte offsets of the samples: SAMPLES per cell side, evenly inside the cell.
    this.sampleX = Int32Array.from({ length: cols * SAMPLES }, (_, i) => {
      const [c, sx] = [Math.floor(i / SAMPLES), i % SAMPLES];
      return Math.min(width - 1, Math.floor((c + (sx + 0.5) / SAMPLES) * (width / cols))) * 3;
    });
    this.sampleRow = Int32Array.from({ length: rows * SAMPLES }, (_, i) => {
      const [r, sy] = [Math.floor(i / SAMPLES), i % SAMPLES];
      return Math.min(height - 1, Math.floor((r + (sy + 0.5) / SAMPLES) * (height / rows))) * width * 3;
    });
    this.grid = new Uint8Array(cols * rows);
    this.previous = new Uint8Array(cols * rows);
    this.detected = new Uint8Array(cols * rows);
    this.primed = false;
    this.hasDetected = false;
    if (this.regions.length === 0) {
      this.counted = null;
      this.countedCells = cols * rows;
      return;
    }
    this.counted = new Uint8Array(cols * rows);
    this.countedCells = 0;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const x = (c + 0.5) / cols;
        const y = (r + 0.5) / rows;
        if (this.regions.some((polygon) => pointInPolygon(x, y, polygon))) {
          this.counted[r * cols + c] = 1;
          this.countedCells++;
        }
      }
    }
  }
}

/**
 * Decides which frames are detected: every frame while the picture moves and for `settleFrames`
 * after (someone who walked in and stopped is tracked and judged at the full rate), then one every
 * `idleSeconds` — or every `unchangedSeconds` while the picture is the one last detected. `idle`
 * says which of the two the camera is in.
 */
export class MotionGate {
  idle = false;
  private lastDetectedAt = -Infinity;
  private stillFrames = 0;
  private readonly meter: MotionMeter | null;

  constructor(
    private readonly cfg: MotionConfig,
    regions: readonly Polygon[] = [],
    private readonly settleFrames = 0,
  ) {
    this.meter = cfg.enabled ? new MotionMeter(cfg, regions) : null;
  }

  /**
   * Whether this frame is to be detected; call once per frame taken, in order. `deciding`: the
   * rules are confirming a violation, so every frame is detected whatever the picture does.
   */
  wants(frame: Frame, deciding = false): boolean {
    if (!this.meter) return true;
    this.stillFrames = this.meter.moved(frame) ? 0 : this.stillFrames + 1;
    this.idle = this.stillFrames > this.settleFrames && !deciding;
    if (!this.idle || this.refreshDue(this.meter, frame.time - this.lastDetectedAt)) {
      this.lastDetectedAt = frame.time;
      this.meter.markDetected();
      return true;
    }
    return false;
  }

  /** An idle camera's next detection, `elapsed` ms after its last. */
  private refreshDue(meter: MotionMeter, elapsed: number): boolean {
    const { idleSeconds, unchangedSeconds } = this.cfg;
    if (elapsed < idleSeconds * 1000) return false;
    return elapsed >= unchangedSeconds * 1000 || meter.changedSinceDetected();
  }
}
