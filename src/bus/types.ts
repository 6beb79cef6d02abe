import type { CameraStatus, CaptureEvent, Sightings } from '../domain/events';

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
