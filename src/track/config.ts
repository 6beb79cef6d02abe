// Tracker settings (per camera). Self-contained zod schema so the PPE section can embed it.
import { z } from 'zod';

export const trackerAlgorithmSchema = z.enum(['sort', 'bytetrack']);
export type TrackerAlgorithm = z.infer<typeof trackerAlgorithmSchema>;

export const trackerParamsSchema = z.object({
  /** Minimum IoU between a track's predicted box and a detection to associate them. */
  iouThreshold: z.number().gt(0).max(1).default(0.3),
  /**
   * Association compares boxes enlarged by this share of their width / height on every side
   * (buffered IoU, as in C-BIoU), tolerating jitter and motion the prediction misses. A track
   * seen only once (no velocity yet) searches with boxes enlarged by a full size: a walking
   * head moves about its own width per frame at 5 fps.
   */
  buffer: z.number().min(0).max(2).default(0.3),
  /** Consecutive matched frames before a new track is confirmed (gets an id, is reported). */
  minHits: z.number().int().min(1).default(3),
  /** Frames a confirmed track is kept without a match (coasting) before it is dropped. */
  maxAge: z.number().int().min(0).default(15),
  /** ByteTrack: detections at or above this score are associated first. */
  highScore: z.number().min(0).max(1).default(0.5),
  /** ByteTrack: detections below this score are ignored; between low and high they only keep existing tracks alive. */
  lowScore: z.number().min(0).max(1).default(0.1),
  /** ByteTrack: minimum score of an unmatched detection to start a new track. */
  newTrackScore: z.number().min(0).max(1).default(0.6),
  /** ByteTrack: IoU needed in the second (low-score) association; stricter, as those boxes are doubtful. */
  lowIouThreshold: z.number().gt(0).max(1).default(0.5),
});
export type TrackerParams = z.infer<typeof trackerParamsSchema>;

export interface TrackerConfig extends TrackerParams {
  algorithm: TrackerAlgorithm;
}
