// SORT: one IoU association of every detection against every track's Kalman prediction.
import type { Detection } from '../domain/detection';
import { KalmanTracker } from './tracker';

export class SortTracker extends KalmanTracker {
  protected readonly holdLostSize = false;

  protected associate(dets: readonly Detection[], time: number): readonly Detection[] {
    return this.match(this.tracks, dets, this.predictionCost(this.tracks, dets), this.params.iouThreshold, time).dets;
  }
}
