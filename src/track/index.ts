// Multi-object tracking over detection boxes: SORT or ByteTrack behind one interface.
import type { TrackerConfig } from './config.js';
import { ByteTracker } from './bytetrack.js';
import { SortTracker } from './sort.js';
import type { Tracker } from './tracker.js';

export { trackerAlgorithmSchema, trackerParamsSchema } from './config.js';
export type { TrackerAlgorithm, TrackerConfig, TrackerParams } from './config.js';
export type { Tracker } from './tracker.js';
export type { Track } from './track.js';
export { SortTracker } from './sort.js';
export { ByteTracker } from './bytetrack.js';
export { hungarian, matchWithGate, type Matching } from './hungarian.js';
export { KalmanBoxFilter, boxToMeasurement, stateToBox } from './kalman.js';

export function createTracker(cfg: TrackerConfig): Tracker {
  const { algorithm, ...params } = cfg;
  return algorithm === 'bytetrack' ? new ByteTracker(params) : new SortTracker(params);
}
