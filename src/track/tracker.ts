// The common tracker interface and the track lifecycle both algorithms share:
// predict → associate (algorithm-specific) → start tracks → confirm → drop lost ones.
import type { Box, Detection } from '../domain/detection';
import type { TrackerParams } from './config';
import { containment } from '../domain/box';
import { matchWithGate } from './hungarian';
import { iouCost, KalmanTrack, type Track } from './track';

export interface Tracker {
  /**
   * Feeds one processed frame's detections. Returns the confirmed tracks: those matched in this
   * frame (timeSinceUpdate 0) and those coasting (not matched for up to maxAge frames).
   * With the frame size, tracks predicted to walk out of the frame are dropped at once.
   */
  update(dets: readonly Detection[], time: number, frame?: { width: number; height: number }): Track[];
  /** Tracks held in memory, tentative ones included (bounded by the detections of ~maxAge frames). */
  readonly trackCount: number;
}

/** See dropLeaving(). */
const LEAVING_SHARE = 0.85;

export abstract class KalmanTracker implements Tracker {
  protected tracks: KalmanTrack[] = [];
  private nextId = 1;

  constructor(protected readonly params: TrackerParams) {}

  get trackCount(): number {
    return this.tracks.length;
  }

  update(dets: readonly Detection[], time: number, frame?: { width: number; height: number }): Track[] {
    for (const t of this.tracks) t.predict();
    if (frame) this.dropLeaving(frame);
    const starters = this.associate(dets, time);
    for (const d of starters) this.tracks.push(new KalmanTrack(d, time));
    const { minHits, maxAge } = this.params;
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

  /**
   * Gated optimal IoU matching of `dets` to `tracks`; matched tracks are updated.
   * Returns the indices (into `tracks` and `dets`) left unmatched.
   */
  protected match(
    tracks: readonly KalmanTrack[],
    dets: readonly Detection[],
    minIou: number,
    time: number,
  ): { tracks: KalmanTrack[]; dets: Detection[] } {
    const m = matchWithGate(iouCost(tracks, dets, this.params.buffer), dets.length, 1 - minIou);
    for (const [r, c] of m.matches) tracks[r].update(dets[c], time);
    return {
      tracks: m.unmatchedRows.map((r) => tracks[r]),
      dets: m.unmatchedCols.map((c) => dets[c]),
    };
  }
}
