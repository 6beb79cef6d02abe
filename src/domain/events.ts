// Events camera workers publish and the server consumes: status, stats, captures, sightings.
import type { Box, ViolationKind } from './detection';

export type CameraState = 'connecting' | 'streaming' | 'detecting' | 'offline' | 'failed' | 'stopped';

export interface CameraStats {
  inputFps: number;
  detectFps: number;
  droppedFrames: number;
  /** Model time per detected frame, summed over its passes (the whole frame and any tiles). */
  inferenceMs: number;
  /** Model passes per detected frame: 1, or 1 + tiles with `detect.tiles` on. */
  passesPerFrame: number;
  /** People judged (compliant or not) since the worker started: the base of the compliance rate. */
  peopleJudged: number;
  /** Of those, people with a confirmed violation. */
  peopleViolating: number;
  /** Nothing moves in the picture: detection runs at the idle rate (motion gating). */
  idle: boolean;
}

/**
 * A camera's lastError while the host's inference engine restarts: it streams, its frames are
 * not detected meanwhile, and it is not failed.
 */
export const DETECTOR_RECONNECTING = 'detector reconnecting: the inference engine is restarting';

export const NO_STATS: CameraStats = {
  inputFps: 0,
  detectFps: 0,
  droppedFrames: 0,
  inferenceMs: 0,
  passesPerFrame: 0,
  peopleJudged: 0,
  peopleViolating: 0,
  idle: false,
};

/** What a camera's worker reports about itself; the dashboard shows it. */
export interface CameraStatus {
  cameraId: string;
  state: CameraState;
  /** Inside the detection schedule (false = stream-only mode). */
  detecting: boolean;
  lastError?: string;
  stats: CameraStats;
  restarts: number;
  /** The worker host running the camera. */
  node?: string;
  updatedAt: string;
}

/** A confirmed violation, with its JPEG bytes so the worker may run on another machine. */
export interface CaptureEvent {
  id: string;
  /**
   * Kinds the person of capture `id` was found violating after that capture was made: they are
   * added to it (one person, one capture), or, when it was not kept, this is saved as capture `id`.
   */
  amendment?: boolean;
  time: string;
  cameraId: string;
  cameraName: string;
  location: string;
  trackId: number;
  kinds: ViolationKind[];
  confidence: number;
  box: Box;
  zone?: string;
  crop: Buffer;
  frame: Buffer;
  /**
   * The video around the capture: 'pending' while the worker records the seconds after it (the clip
   * follows in a ClipEvent), or why there is none. Absent: clips are off.
   */
  clip?: 'pending' | { error: string };
}

/** A capture's MP4 and when it starts (wall clock, ms), or why it has none. */
export type CaptureClip = { mp4: Buffer; startMs: number } | { error: string };

/**
 * What follows captures on their way to the archive, in the order sent: the clip of a capture sent
 * before it, or word that no clip owed for captures of a camera (every camera when absent) taken
 * before `takenBeforeMs` will come, because the worker that owed them is gone.
 */
export type ClipEvent =
  | { captureId: string; cameraId: string; clip: CaptureClip }
  | { cameraId?: string; takenBeforeMs: number; reason: string };

/** Capture events and clip events share one ordered way (a clip never overtakes its capture). */
export const isCaptureEvent = (e: CaptureEvent | ClipEvent): e is CaptureEvent => 'crop' in e;

/** A captured person seen again: where, under which capture. */
export interface Sighting {
  captureId: string;
  kind: ViolationKind;
  box: Box;
}

/** Where captured people of one camera are now, so the dedup memory can follow them. */
export interface Sightings {
  cameraId: string;
  time: number;
  sightings: Sighting[];
}
