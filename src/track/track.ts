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
  ) {
    this.filter = new KalmanBoxFilter(det.box);
    this.predicted = det.box;
  }

  get confirmed(): boolean {
    return this.id !== 0;
  }

  predict(): void {
    this.filter.predict();
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
      time: this.time,
    };
  }
}

/**
 * A track matched only once has no velocity yet, and a walking head moves about its own width
 * per frame at 5 fps: such tracks search a wider neighbourhood (boxes enlarged by a full size).
 */
const NEW_TRACK_BUFFER = 1;
/**
 * Cost 1 - IoU between each track's predicted box (rows) and each detection (columns), both
 * enlarged by `buffer` (by NEW_TRACK_BUFFER for a track seen once).
 */
export function iouCost(tracks: readonly KalmanTrack[], dets: readonly Detection[], buffer: number): number[][] {
  const wide = Math.max(buffer, NEW_TRACK_BUFFER);
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

function enlarge(b: Box, share: number): Box {
  if (share === 0) return b;
  const dx = (b[2] - b[0]) * share;
  const dy = (b[3] - b[1]) * share;
  return [b[0] - dx, b[1] - dy, b[2] + dx, b[3] + dy];
}
