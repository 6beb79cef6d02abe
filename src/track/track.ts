// A track's internal state, shared by the SORT and ByteTrack trackers.
import type { Box, Detection, PpeRole } from '../domain/detection';
import { iou } from '../domain/box';
import { KalmanBoxFilter } from './kalman';

/** What a tracker reports for one confirmed track. */
export interface Track {
  /** Unique per tracker, increasing in order of confirmation, never reused. */
  id: number;
  /** Kalman-smoothed box (the prediction while the track is coasting). */
  box: Box;
  /** Of the latest matched detection. */
  role: PpeRole;
  classId: number;
  className: string;
  score: number;
  /** Matched detections over the track's life. */
  hits: number;
  /** Frames since the track was started. */
  age: number;
  /** Frames since the last match: 0 when the track was detected in this frame. */
  timeSinceUpdate: number;
  /**
   * Detected in this frame (timeSinceUpdate 0); false while lost, when `box` is only the
   * prediction. What is judged, drawn and counted should use matched tracks only.
   */
  matched: boolean;
  /** `time` of the update call that last matched the track. */
  time: number;
}

export class KalmanTrack {
  /** 0 while tentative; assigned on confirmation. */
  id = 0;
  hits = 1;
  age = 1;
  timeSinceUpdate = 0;
  private readonly filter: KalmanBoxFilter;
  /** Predicted box of the current frame (after predict()), used for association. */
  predicted: Box;

  constructor(
    public det: Detection,
    public time: number,
    velocityNoise: number,
  ) {
    this.filter = new KalmanBoxFilter(det.box, velocityNoise);
    this.predicted = det.box;
  }

  get confirmed(): boolean {
    return this.id !== 0;
  }

  /** `interval`: the frame interval relative to the nominal one (see KalmanBoxFilter.predict). */
  predict(interval: number, holdLostSize: boolean): void {
    // A lost track's size keeps no trend: an area velocity learnt from a few jittery boxes would
    // grow or shrink the prediction away from the person while they are not seen (as ByteTrack).
    if (holdLostSize && this.timeSinceUpdate > 0) this.filter.holdSize();
    this.filter.predict(interval);
    this.age++;
    this.timeSinceUpdate++;
    this.predicted = this.filter.box();
  }

  update(det: Detection, time: number): void {
    this.filter.update(det.box);
    this.det = det;
    this.time = time;
    this.hits++;
    this.timeSinceUpdate = 0;
  }

  /** A state that drifted into NaN or a zero-size box can never match again. */
  get degenerate(): boolean {
    const b = this.predicted;
    return !(b[2] > b[0] && b[3] > b[1]);
  }

  toTrack(): Track {
    const { det } = this;
    return {
      id: this.id,
      box: this.filter.box(),
      role: det.role,
      classId: det.classId,
      className: det.className,
      score: det.score,
      hits: this.hits,
      age: this.age,
      timeSinceUpdate: this.timeSinceUpdate,
      matched: this.timeSinceUpdate === 0,
      time: this.time,
    };
  }
}

/**
 * Cost 1 - IoU between each track's predicted box (rows) and each detection (columns), both
 * enlarged by `buffer` — by `newTrackBuffer` instead, when larger, for a track seen only once,
 * which has no velocity yet.
 */
export function iouCost(
  tracks: readonly KalmanTrack[],
  dets: readonly Detection[],
  buffer: number,
  newTrackBuffer: number,
): number[][] {
  const wide = Math.max(buffer, newTrackBuffer);
  const detBoxes = dets.map((d) => enlarge(d.box, buffer));
  let wideDetBoxes: Box[] | undefined; // only when there are new tracks
  return tracks.map((t) => {
    if (t.hits > 1) {
      const predicted = enlarge(t.predicted, buffer);
      return detBoxes.map((b) => 1 - iou(predicted, b));
    }
    wideDetBoxes ??= dets.map((d) => enlarge(d.box, wide));
    const predicted = enlarge(t.predicted, wide);
    return wideDetBoxes.map((b) => 1 - iou(predicted, b));
  });
}

/**
 * Cost 1 - IoU between each track's last detected box and each detection, both enlarged by
 * `growth` per √second since the track was last detected: where a lost person who stopped, or
 * whose prediction ran off, is found again (OC-SORT's observation-centric recovery).
 */
export function lastObservationCost(
  tracks: readonly KalmanTrack[],
  dets: readonly Detection[],
  growth: number,
  frameSeconds: number,
): number[][] {
  return tracks.map((t) => {
    const share = growth * Math.sqrt(t.timeSinceUpdate * frameSeconds);
    const last = enlarge(t.det.box, share);
    return dets.map((d) => 1 - iou(last, enlarge(d.box, share)));
  });
}

/** Cost 1 - IoU·score (ByteTrack's score fusion): of two boxes overlapping a track alike, the surer wins. */
export function fuseScores(cost: readonly (readonly number[])[], dets: readonly Detection[]): number[][] {
  return cost.map((row) => row.map((c, j) => 1 - (1 - c) * dets[j].score));
}

function enlarge(b: Box, share: number): Box {
  if (share === 0) return b;
  const dx = (b[2] - b[0]) * share;
  const dy = (b[3] - b[1]) * share;
  return [b[0] - dx, b[1] - dy, b[2] + dx, b[3] + dy];
}
