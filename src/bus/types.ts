import type { Box, ViolationKind } from '../domain';
import type { Sighting } from '../capture/sightings';

export type CameraState = 'connecting' | 'streaming' | 'detecting' | 'offline' | 'failed' | 'stopped';

export interface CameraStats {
  inputFps: number;
  detectFps: number;
  droppedFrames: number;
  inferenceMs: number;
  /** People judged (compliant or not) since the worker started: the base of the compliance rate. */
  peopleJudged: number;
  /** Of those, people with a confirmed violation. */
  peopleViolating: number;
}

export const NO_STATS: CameraStats = { inputFps: 0, detectFps: 0, droppedFrames: 0, inferenceMs: 0, peopleJudged: 0, peopleViolating: 0 };

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
}

/** Where captured people of one camera are now, so the dedup memory can follow them. */
export interface Sightings {
  cameraId: string;
  time: number;
  sightings: Sighting[];
}

export type Unsubscribe = () => void;

/**
 * How workers and the server share live state: preview frames, camera status and capture events.
 * Embedded mode keeps it in the server process; Redis mode spreads it across machines.
 */
export interface Bus {
  publishFrame(cameraId: string, jpeg: Buffer): void;
  onFrame(cameraId: string, listener: (jpeg: Buffer) => void): Unsubscribe;
  latestFrame(cameraId: string): Buffer | undefined;
  /** Number of live viewers per camera; workers encode previews only while someone watches. */
  viewerCount(cameraId: string): number;

  publishStatus(status: CameraStatus): void;
  onStatus(listener: (status: CameraStatus) => void): Unsubscribe;

  /** Resolves once the capture has been handed to the consumer and persisted (at-least-once). */
  publishCapture(event: CaptureEvent): Promise<void>;
  /** The server's single consumer; resolves its handler's promise before acknowledging. */
  consumeCaptures(handler: (event: CaptureEvent) => Promise<void>): void;

  /** Best effort: a lost report only makes the dedup place a little stale. */
  publishSightings(report: Sightings): void;
  onSightings(listener: (report: Sightings) => void): Unsubscribe;

  close(): Promise<void>;
}
