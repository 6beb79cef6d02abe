// Multi-object tracking over detection boxes: SORT or ByteTrack behind one interface.
import type { TrackerConfig } from './config';
import { ByteTracker } from './bytetrack';
import { SortTracker } from './sort';
import type { Tracker } from './tracker';

export { trackerAlgorithmSchema, trackerParamsSchema } from './config';
export type { TrackerAlgorithm, TrackerConfig, TrackerParams } from './config';
export type { Tracker } from './tracker';
export type { Track } from './track';
export { SortTracker } from './sort';
export { ByteTracker } from './bytetrack';
export { hungarian, matchWithGate, type Matching } from './hungarian';
export { KalmanBoxFilter, boxToMeasurement, stateToBox } from './kalman';

export function createTracker(cfg: TrackerConfig): Tracker {
  const { algorithm, ...params } = cfg;
  return algorithm === 'bytetrack' ? new ByteTracker(params) : new SortTracker(params);
}
