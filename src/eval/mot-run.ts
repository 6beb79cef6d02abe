// Runs a tracker over MOTChallenge detections and scores its output. Pure code, no I/O.
import type { Detection } from '../domain/detection';
import { ppeConfigSchema } from '../ppe/config';
import { createTracker, type Tracker, type TrackerAlgorithm, type TrackerConfig } from '../track/index';
import type { LabelledBox, SequenceInfo } from './mot-data';
import { addCounts, motScores, scoreSequence, type MotScores } from './mot-metrics';

export interface MotSequence {
  info: SequenceInfo;
  /** Per frame (entry 0 = frame 1). */
  detections: Detection[][];
  gt: LabelledBox[][];
}

export interface MotReport {
  combined: MotScores;
  sequences: Record<string, MotScores>;
}

/**
 * The tracker configuration the product builds for a camera (the PPE section's defaults),
 * with an algorithm and tracker settings overriding them.
 */
export function productTrackerConfig(algorithm?: TrackerAlgorithm, settings: unknown = {}): TrackerConfig {
  const cfg = ppeConfigSchema.parse({ ...(algorithm ? { tracker: algorithm } : {}), tracking: settings });
  return { algorithm: cfg.tracker, ...cfg.tracking };
}

/**
 * The boxes a tracker reports for a sequence: per frame, its tracks matched in that frame (the
 * ones the PPE monitor judges and draws), with timestamps at the sequence's frame rate.
 */
export function trackSequence(seq: MotSequence, tracker: Tracker): LabelledBox[][] {
  const frameSize = { width: seq.info.width, height: seq.info.height };
  return seq.detections.map((dets, i) =>
    tracker
      .update(dets, (i * 1000) / seq.info.frameRate, frameSize)
      .filter((t) => t.matched)
      .map((t) => ({ id: t.id, box: t.box })),
  );
}

/**
 * Scores the tracker on each sequence and on all combined. The tracker is told each sequence's
 * frame rate, as its counts and motion allowances are meant at 5 fps — unless `perFrame`, which
 * takes them per frame as written (as the reference SORT's are).
 */
export function evaluateTracker(sequences: readonly MotSequence[], config: TrackerConfig, perFrame = false): MotReport {
  if (sequences.length === 0) throw new Error('no sequences to evaluate');
  const counts = sequences.map((seq) => {
    const tracker = createTracker(perFrame ? config : { ...config, frameRate: seq.info.frameRate });
    return scoreSequence({ gt: seq.gt, tracker: trackSequence(seq, tracker) });
  });
  return {
    combined: motScores(counts.reduce(addCounts)),
    sequences: Object.fromEntries(sequences.map((seq, i) => [seq.info.name, motScores(counts[i])])),
  };
}
