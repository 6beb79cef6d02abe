// Data shapes of the dashboard's REST/SSE contract with the server (docs/api.md, /api/docs).
// Kept here, separate from the server's own domain types, because this is the wire format.

export type CameraStatus = 'connecting' | 'streaming' | 'detecting' | 'offline' | 'failed' | 'stopped';

export const CAMERA_STATUSES: readonly CameraStatus[] = [
  'detecting',
  'streaming',
  'connecting',
  'offline',
  'failed',
  'stopped',
];

export interface CameraStats {
  inputFps: number;
  detectFps: number;
  droppedFrames: number;
  inferenceMs: number;
  /** People judged since the worker started. */
  peopleJudged?: number;
}

export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface DetectionWindow {
  days: Weekday[];
  /** HH:MM, 24 h. A window with end < start crosses midnight; start == end is the whole day. */
  start: string;
  end: string;
}

export interface Schedule {
  /** IANA time zone, default UTC. */
  timeZone: string;
  windows: DetectionWindow[];
}

export interface Zone {
  name: string;
  /** Points [x, y] normalised 0..1 of the frame width/height, origin top-left. */
  polygon: [number, number][];
  /** Omitted = the camera's `required`; [] = exempt. */
  required?: ViolationKind[];
}

/**
 * PPE settings. Only `required` and `zones` are edited by the dashboard; every other field (tracker,
 * thresholds, …) is kept as the server sent it and sent back unchanged.
 */
export interface PpeSettings {
  required?: ViolationKind[];
  zones?: Zone[];
  [other: string]: unknown;
}

/** The editable settings of a camera (`CameraInput`). */
export interface CameraSettings {
  id: string;
  name: string;
  location: string;
  /** Stream URL; credentials are masked by the server (`rtsp://***:***@host/…`). */
  url: string;
  fps: number;
  enabled: boolean;
  rtspTransport: 'tcp' | 'udp';
  schedule?: Schedule;
  ppe: PpeSettings;
}

export interface Camera extends CameraSettings {
  /** True while the camera is inside its detection schedule. */
  detecting: boolean;
  status: CameraStatus;
  lastError?: string;
  stats: CameraStats;
  restarts?: number;
  /** The worker host running the camera (`local` in embedded mode). */
  node?: string;
}

export type ViolationKind = 'no-helmet' | 'no-vest';

export const VIOLATION_KINDS: readonly ViolationKind[] = ['no-helmet', 'no-vest'];

export type CaptureStatus = 'new' | 'acknowledged' | 'resolved' | 'false-positive';

export const CAPTURE_STATUSES: readonly CaptureStatus[] = ['new', 'acknowledged', 'resolved', 'false-positive'];

/** Review steps a capture may take next (docs/api.md: new → acknowledged → resolved; false-positive). */
export function nextReviewSteps(status: CaptureStatus): Exclude<CaptureStatus, 'new'>[] {
  switch (status) {
    case 'new':
      return ['acknowledged', 'false-positive'];
    case 'acknowledged':
      return ['resolved', 'false-positive'];
    default:
      return [];
  }
}

/** Axis-aligned box in source-frame pixels: x1, y1 (top-left), x2, y2 (bottom-right). */
export type Box = [number, number, number, number];

export interface Capture {
  id: string;
  /** ISO 8601, UTC. */
  time: string;
  cameraId: string;
  cameraName: string;
  location: string;
  zone?: string | null;
  trackId: number;
  kinds: ViolationKind[];
  confidence: number;
  box: Box;
  status: CaptureStatus;
  reviewer?: string | null;
  reviewedAt?: string | null;
  note?: string | null;
  cropUrl: string;
  frameUrl: string;
}

export interface ReviewEntry {
  fromStatus: CaptureStatus;
  status: CaptureStatus;
  reviewer: string;
  at: string;
  note: string | null;
}

export interface CaptureDetail extends Capture {
  history: ReviewEntry[];
}

export interface CapturePage {
  items: Capture[];
  /** Pass as `before` to get the next (older) page; null when there is none. */
  nextCursor: string | null;
}

/** Relative time ranges; resolved against the current time whenever a query is made. */
export type RangePreset = '1h' | '24h' | '7d' | '30d';
export const RANGE_PRESETS: readonly RangePreset[] = ['1h', '24h', '7d', '30d'];

export interface ViolationFilters {
  cameraId?: string;
  kind?: ViolationKind;
  status?: CaptureStatus;
  zone?: string;
  /** A relative range ending now; ignored when `from` or `to` is set. */
  range?: RangePreset;
  /** ISO date-times (custom range). */
  from?: string;
  to?: string;
}

export interface StatsCamera {
  cameraId: string;
  cameraName: string | null;
  captures: number;
  peopleJudged: number;
  complianceRate: number | null;
}

export interface Stats {
  from: string;
  to: string;
  cameraId: string | null;
  captures: number;
  falsePositives: number;
  peopleJudged: number;
  complianceRate: number | null;
  byStatus: Partial<Record<CaptureStatus, number>>;
  byKind: Partial<Record<ViolationKind, number>>;
  byCamera: StatsCamera[];
  byHour: { hour: string; captures: number; peopleJudged: number }[];
}

export type Role = 'admin' | 'viewer';

export interface User {
  name: string;
  role: Role;
}

export interface Me {
  user: User | null;
  authRequired: boolean;
}

export function isViolationKind(value: unknown): value is ViolationKind {
  return typeof value === 'string' && (VIOLATION_KINDS as readonly string[]).includes(value);
}

export function isCaptureStatus(value: unknown): value is CaptureStatus {
  return typeof value === 'string' && (CAPTURE_STATUSES as readonly string[]).includes(value);
}

export function isRangePreset(value: unknown): value is RangePreset {
  return typeof value === 'string' && (RANGE_PRESETS as readonly string[]).includes(value);
}
