// The common tracker interface and the track lifecycle both algorithms share:
// predict → associate (algorithm-specific) → start tracks → confirm → drop lost ones.
import type { Box, Detection } from '../domain/detection';
import { NOMINAL_FPS, type TrackerParams } from './config';
import { containment } from '../domain/box';
import { matchWithGate } from './hungarian';
import { iouCost, KalmanTrack, type Track } from './track';

export interface Tracker {
  /**
   * Feeds one processed frame's detections. Returns the confirmed tracks: those matched in this
   * frame (`matched`) and the lost ones (not matched for up to maxAge frames), whose box is only
   * a prediction — not to be judged, drawn or counted as seen.
   * With the frame size, tracks predicted to walk out of the frame are dropped at once.
   */
  update(dets: readonly Detection[], time: number, frame?: { width: number; height: number }): Track[];
  /** Tracks held in memory, tentative ones included (bounded by the detections of ~maxAge frames). */
  readonly trackCount: number;
}

/** See dropLeaving(). */
const LEAVING_SHARE = 0.85;

/**
 * The settings, meant at NOMINAL_FPS, converted to the tracker's frame rate. maxAge keeps its
 * duration. A new track, having no velocity, misses a person's whole step: newTrackBuffer scales
 * with the frame interval; a known velocity misses only its change over the interval, which
 * moves the box by ∝ interval²: so does buffer. minHits grows with the square root of the rate:
 * a false detection that persists for a moment spans more frames at a higher rate, but holding
 * real people back for the full duration costs more than it saves (MOT15 at 7–30 fps: IDF1 50.2
 * with √, 48.2 unconverted, 47.9 converted in full).
 */
export interface FrameSettings {
  /** Frame interval relative to the nominal one. */
  interval: number;
  /** Seconds per frame. */
  frameSeconds: number;
  minHits: number;
  maxAge: number;
  buffer: number;
  newTrackBuffer: number;
}

export function frameSettings(p: TrackerParams): FrameSettings {
  const interval = p.frameRate === undefined ? 1 : NOMINAL_FPS / p.frameRate;
  return {
    interval,
    frameSeconds: interval / NOMINAL_FPS,
    minHits: Math.max(1, Math.round(p.minHits / Math.sqrt(interval))),
    maxAge: Math.round(p.maxAge / interval),
    buffer: p.buffer * interval ** 2,
    newTrackBuffer: p.newTrackBuffer * interval,
  };
}

export abstract class KalmanTracker implements Tracker {
  protected tracks: KalmanTrack[] = [];
  private nextId = 1;
  protected readonly frame: FrameSettings;

  constructor(protected readonly params: TrackerParams) {
    this.frame = frameSettings(params);
  }

  get trackCount(): number {
    return this.tracks.length;
  }

  update(dets: readonly Detection[], time: number, frame?: { width: number; height: number }): Track[] {
    const { interval, minHits, maxAge } = this.frame;
    for (const t of this.tracks) t.predict(interval, this.holdLostSize);
    if (frame) this.dropLeaving(frame);
    const starters = this.associate(dets, time);
    for (const d of starters) this.tracks.push(new KalmanTrack(d, time, this.params.velocityNoise));
    const kept: KalmanTrack[] = [];
    const out: Track[] = [];
    for (const t of this.tracks) {
      if (t.timeSinceUpdate > 0 && (!t.confirmed || t.timeSinceUpdate > maxAge || t.degenerate)) {
        continue; // tentative tracks die on their first miss; confirmed ones after maxAge
      }
      if (!t.confirmed && t.hits >= minHits) t.id = this.nextId++;
      kept.push(t);
      if (t.confirmed) out.push(t.toTrack());
    }
    this.tracks = kept;
    return out;
  }

  /** Whether lost tracks stop changing size (see KalmanTrack.predict); SORT's do not. */
  protected abstract readonly holdLostSize: boolean;

  /**
   * Drops tracks whose prediction is walking out of the frame (less than 85 % as much inside it
   * as the last detection was): kept, such a track would snatch the next person entering at
   * that edge — and with it, that person's capture, as the track has raised its violation already.
   */
  private dropLeaving(frame: { width: number; height: number }): void {
    const frameBox: Box = [0, 0, frame.width, frame.height];
    this.tracks = this.tracks.filter(
      (t) => containment(t.predicted, frameBox) >= LEAVING_SHARE * containment(t.det.box, frameBox),
    );
  }

  /** Matches detections to tracks (updating them); returns the detections that start tracks. */
  protected abstract associate(dets: readonly Detection[], time: number): readonly Detection[];

  /** Cost 1 - buffered IoU of the tracks' predictions with the detections (see iouCost). */
  protected predictionCost(tracks: readonly KalmanTrack[], dets: readonly Detection[]): number[][] {
    return iouCost(tracks, dets, this.frame.buffer, this.frame.newTrackBuffer);
  }

  /**
   * Gated optimal matching of `dets` to `tracks` on `cost` (pairs above 1 - minSimilarity are
   * never matched); matched tracks are updated. Returns the tracks and detections left unmatched.
   */
  protected match(
    tracks: readonly KalmanTrack[],
    dets: readonly Detection[],
    cost: readonly (readonly number[])[],
    minSimilarity: number,
    time: number,
  ): { tracks: KalmanTrack[]; dets: Detection[] } {
    const m = matchWithGate(cost, dets.length, 1 - minSimilarity);
    for (const [r, c] of m.matches) tracks[r].update(dets[c], time);
    return {
      tracks: m.unmatchedRows.map((r) => tracks[r]),
      dets: m.unmatchedCols.map((c) => dets[c]),
    };
  }
}
