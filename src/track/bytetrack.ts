// ByteTrack (Zhang et al. 2022): associate confident detections first, then use the doubtful
// (low-score) ones only to continue existing tracks — a person half hidden behind a pillar keeps
// its id instead of being lost and re-born. One deviation from the paper: low-score detections
// may also pick up tracks already lost (the paper: only those tracked last frame). At 5 fps a
// worker half hidden behind a machine is often seen only weakly for seconds, and re-attaching
// their lost track saves a duplicate capture (synthetic evaluation: duplicates halved); the
// stricter lowIouThreshold keeps clutter off.
import type { Detection } from '../domain/detection';
import { KalmanTracker } from './tracker';
import type { KalmanTrack } from './track';

export class ByteTracker extends KalmanTracker {
  protected associate(dets: readonly Detection[], time: number): readonly Detection[] {
    const { highScore, lowScore, newTrackScore, iouThreshold, lowIouThreshold } = this.params;
    const high: Detection[] = [];
    const low: Detection[] = [];
    for (const d of dets) {
      if (d.score >= highScore) high.push(d);
      else if (d.score >= lowScore) low.push(d);
    }
    const confirmed: KalmanTrack[] = [];
    const tentative: KalmanTrack[] = [];
    for (const t of this.tracks) (t.confirmed ? confirmed : tentative).push(t);

    // 1. Confident detections against all confirmed tracks, lost ones included.
    const first = this.match(confirmed, high, iouThreshold, time);
    // 2. Doubtful detections against the confirmed tracks left.
    this.match(first.tracks, low, lowIouThreshold, time);
    // 3. Remaining confident detections against tentative tracks.
    const third = this.match(tentative, first.dets, iouThreshold, time);
    return third.dets.filter((d) => d.score >= newTrackScore);
  }
}
