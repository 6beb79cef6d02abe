// Best-frame keeping: while a violation is being confirmed, the frame that shows it best (largest
// × most confident) is kept for its capture. The frame being judged is copied at most once,
// however many subjects keep it, and only when one does.
import type { Box, ViolationKind } from '../domain/detection';
import type { ConfirmedViolation } from './monitor';
import type { Observation, Subject } from './subject';

interface BestFrame<F> {
  /** Update count of the frame, to tell when it left the confirmation window. */
  generation: number;
  frame: F;
  box: Box;
  score: number;
  time: number;
  zone?: string;
  quality: number;
}

/** Per kind, the best frame of a confirmation under way. */
export type BestFrames<F> = Partial<Record<ViolationKind, BestFrame<F>>>;

/** A confirmed capture and the quality of its frame, while the person's other kinds may join it. */
export interface HeldCapture<F> {
  violation: ConfirmedViolation<F>;
  quality: number;
  /** Update count after which it is released whatever is still pending. */
  until: number;
}

/** One capture of both: all their kinds, on the better of their frames. */
export function mergeHeld<F>(a: HeldCapture<F>, b: HeldCapture<F>): HeldCapture<F> {
  const top = b.quality > a.quality ? b : a;
  const kinds = [...a.violation.kinds, ...b.violation.kinds.filter((k) => !a.violation.kinds.includes(k))];
  return { violation: { ...top.violation, kinds }, quality: top.quality, until: Math.min(a.until, b.until) };
}

export class BestFrameKeeper<F> {
  // The current frame and its lazily taken copy: one copy per frame, however many subjects need it.
  private frame!: F;
  private copy: { frame: F } | null = null;
  private generation = 0;
  private time = 0;

  /**
   * `snapshot` copies a frame that must outlive the update it came with; `window` is the
   * confirmation window, in frames.
   */
  constructor(
    private readonly snapshot: (frame: F) => F,
    private readonly window: number,
  ) {}

  /** The frame judged from now on. */
  begin(frame: F, generation: number, time: number): void {
    this.frame = frame;
    this.copy = null;
    this.generation = generation;
    this.time = time;
  }

  /** The frame is judged: do not hold a frame copy beyond what pending violations keep. */
  end(): void {
    this.copy = null;
  }

  /**
   * Keeps the current frame for a pending violation when it beats the best so far, or when that
   * one has left the confirmation window (a capture must show the frames that confirmed it, not,
   * say, an earlier one-frame flicker).
   */
  offer(best: BestFrames<F>, kind: ViolationKind, obs: Observation, score: number): void {
    const quality = obs.area * score;
    const kept = best[kind];
    const inWindow = kept !== undefined && this.generation - kept.generation < this.window;
    if (inWindow && kept.quality >= quality) return;
    this.copy ??= { frame: this.snapshot(this.frame) };
    best[kind] = {
      generation: this.generation,
      frame: this.copy.frame,
      box: obs.box,
      score,
      time: this.time,
      zone: obs.zone,
      quality,
    };
  }

  /**
   * One capture for kinds raised in this frame (on one subject or a head + torso figure), held
   * until update `until`.
   */
  confirm(trackId: number, raised: readonly [Subject<F>, ViolationKind[]][], until: number): HeldCapture<F> {
    let top: BestFrame<F> | undefined;
    const kinds: ViolationKind[] = [];
    for (const [s, ks] of raised) {
      for (const kind of ks) {
        const best = s.best[kind]!; // raising needs a violating frame, which offer() kept
        if (!top || best.quality > top.quality) top = best;
        kinds.push(kind);
        delete s.best[kind];
      }
    }
    const { frame, box, score, time, zone, quality } = top!;
    const violation = { trackId, kinds, box, score, frame, time, ...(zone !== undefined ? { zone } : {}) };
    return { violation, quality, until };
  }
}
