import type { CameraStatus, CaptureEvent, ClipEvent, Sightings } from '../domain/events';

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
  /** Like a capture, on the same ordered way: a clip reaches the consumer after its capture. */
  publishClip(event: ClipEvent): Promise<void>;
  /**
   * The server's single consumer of captures and clip events, in the order published; each
   * handler's promise resolves before the event is acknowledged. Without `onClip`, clip events are
   * acknowledged and dropped.
   */
  consumeCaptures(
    onCapture: (event: CaptureEvent) => Promise<void>,
    onClip?: (event: ClipEvent) => Promise<void>,
  ): void;

  /** Best effort: a lost report only makes the dedup place a little stale. */
  publishSightings(report: Sightings): void;
  onSightings(listener: (report: Sightings) => void): Unsubscribe;

  close(): Promise<void>;
}
