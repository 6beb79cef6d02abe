// Data shapes of the dashboard's REST/SSE contract with the server (see api.ts).
// Kept here, separate from the server's own domain types, because this is the wire format.

export type CameraStatus = 'connecting' | 'streaming' | 'detecting' | 'offline' | 'failed' | 'stopped';

export interface CameraStats {
  inputFps: number;
  detectFps: number;
  droppedFrames: number;
  inferenceMs: number;
}

export interface Camera {
  id: string;
  name: string;
  location: string;
  /** Stream URL with credentials already masked by the server. */
  url: string;
  enabled: boolean;
  /** True while the camera is inside its detection schedule. */
  detecting: boolean;
  status: CameraStatus;
  lastError?: string;
  stats: CameraStats;
}

export type ViolationKind = 'no-helmet' | 'no-vest';

export const VIOLATION_KINDS: readonly ViolationKind[] = ['no-helmet', 'no-vest'];

export type CaptureStatus = 'new' | 'acknowledged' | 'resolved' | 'false-positive';

/** Axis-aligned box in source-frame pixels: x1, y1 (top-left), x2, y2 (bottom-right). */
export type Box = [number, number, number, number];

export interface Capture {
  id: string;
  /** ISO 8601, UTC. */
  time: string;
  cameraId: string;
  cameraName: string;
  location: string;
  trackId: number;
  kinds: ViolationKind[];
  confidence: number;
  box: Box;
  status: CaptureStatus;
  cropUrl: string;
  frameUrl: string;
}

export interface CapturePage {
  items: Capture[];
  /** Pass as `before` to get the next (older) page; null when there is none. */
  nextCursor: string | null;
}

export interface ViolationFilters {
  cameraId?: string;
  kind?: ViolationKind;
}

export function isViolationKind(value: unknown): value is ViolationKind {
  return typeof value === 'string' && (VIOLATION_KINDS as readonly string[]).includes(value);
}
