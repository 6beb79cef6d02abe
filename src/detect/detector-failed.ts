// Kept apart from detector.ts, whose import loads onnxruntime: a camera worker that detects through
// the host's inference engine must not load it.

/** The detector can detect no further frame (its thread died, its engine refused the model): the camera restarts. */
export class DetectorFailed extends Error {}
