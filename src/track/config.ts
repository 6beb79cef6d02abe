// Tracker settings (per camera). Self-contained zod schema so the PPE section can embed it.
import { z } from 'zod';
import { DEFAULT_VELOCITY_NOISE } from './kalman';

export const trackerAlgorithmSchema = z.enum(['sort', 'bytetrack']);
export type TrackerAlgorithm = z.infer<typeof trackerAlgorithmSchema>;

/**
 * The frame rate the counts and motion allowances below are meant at: the pipeline's default
 * processing rate. A tracker told another `frameRate` converts them (see KalmanTracker).
 */
export const NOMINAL_FPS = 5;

export const trackerParamsSchema = z.object({
  /** Minimum IoU between a track's predicted box and a detection to associate them. */
  iouThreshold: z.number().gt(0).max(1).default(0.3),
  /**
   * Association compares boxes enlarged by this share of their width / height on every side
   * (buffered IoU, as in C-BIoU), tolerating jitter and motion the prediction misses.
   */
  buffer: z.number().min(0).max(2).default(0.3),
  /**
   * A track seen only once has no velocity yet and searches with boxes enlarged by this share
   * (when larger than `buffer`): a walking head moves about its own width per frame at 5 fps.
   */
  newTrackBuffer: z.number().min(0).max(2).default(1),
  /** Kalman velocity noise, σ in px per frame per √(box area) (see kalman.ts); SORT has none. */
  velocityNoise: z.number().min(0).max(1).default(DEFAULT_VELOCITY_NOISE),
  /** Consecutive matched frames before a new track is confirmed (gets an id, is reported). */
  minHits: z.number().int().min(1).default(3),
  /** Frames a confirmed track is kept without a match (lost) before it is dropped. */
  maxAge: z.number().int().min(0).default(10),
  /**
   * ByteTrack: a lost track may also be found again by its last detected box (where a person who
   * stopped still is), enlarged by this share per √second lost; 0 = only by its prediction.
   */
  lostSearchGrowth: z.number().min(0).max(2).default(0.2),
  /** ByteTrack: detections at or above this score are associated first. */
  highScore: z.number().min(0).max(1).default(0.5),
  /** ByteTrack: detections below this score are ignored; between low and high they only keep existing tracks alive. */
  lowScore: z.number().min(0).max(1).default(0.1),
  /** ByteTrack: minimum score of an unmatched detection to start a new track. */
  newTrackScore: z.number().min(0).max(1).default(0.6),
  /** ByteTrack: IoU needed in the second (low-score) association; stricter, as those boxes are doubtful. */
  lowIouThreshold: z.number().gt(0).max(1).default(0.5),
  /**
   * Frames per second the tracker is fed. When given, the frame counts (minHits, maxAge) and the
   * motion allowances (buffer, newTrackBuffer, velocityNoise), which are meant at NOMINAL_FPS, are
   * converted to this rate; when omitted they apply per frame as written.
   */
  frameRate: z.number().positive().max(240).optional(),
});
export type TrackerParams = z.infer<typeof trackerParamsSchema>;

export interface TrackerConfig extends TrackerParams {
  algorithm: TrackerAlgorithm;
}
