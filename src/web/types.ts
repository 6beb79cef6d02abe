// Data shapes of the dashboard's REST/SSE contract with the server (docs/api.md, /api/docs). The API's
// shapes are the types of its zod schemas (src/server/schemas.ts), imported with `import type` only: erased
// by the build, so neither zod nor server code enters the bundle. The values come from the pure src/domain.
// Written here: the dashboard's own shapes (filters, ranges).

import type { Box, ViolationKind } from '../domain/detection';
import { DEFAULT_REQUIRED, ITEM_ID_PATTERN } from '../domain/ppe-items';
import type { CameraState, CameraStats } from '../domain/events';
import { REVIEW_STATUSES, nextReviewSteps, type ReviewStatus } from '../domain/review';
import type { Schedule, Weekday } from '../schedule/schedule';
import type {
  AlertChannelInput,
  AlertChannelJson,
  AlertDeliveryJson,
  AlertRuleInput,
  AlertRuleJson,
  CameraInput,
  CameraJson,
  CaptureDetailJson,
  CaptureJson,
  CapturePageJson,
  MeJson,
  PpeItemJson,
  PpeItemsJson,
  ReviewEntryJson,
  StatsJson,
  UserJson,
} from '../server/schemas';
import type { AuditEntryJson, AuditPageJson, RetentionSettingsJson } from '../server/audit-schemas';

export type { Box, CameraStats, Schedule, ViolationKind, Weekday };
export { DEFAULT_REQUIRED };

export type CameraStatus = CameraState;

export const CAMERA_STATUSES: readonly CameraStatus[] = [
  'detecting',
  'streaming',
  'connecting',
  'offline',
  'failed',
  'stopped',
];

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** HH:MM, 24 h. A window with end < start crosses midnight; start == end is the whole day. */
export type DetectionWindow = Schedule['windows'][number];

/** Points [x, y] normalised 0..1 of the frame width/height, origin top-left; `required` omitted = the camera's. */
export type Zone = NonNullable<PpeSettings['zones']>[number];

/** A privacy mask: points as a zone's; black or blurred (pixelated) in every picture of the camera. */
export type PrivacyMask = NonNullable<CameraInput['privacyMasks']>[number];

/**
 * PPE settings as sent. Only `required` and `zones` are edited by the dashboard; every other field (tracker,
 * thresholds, …) is kept as the server sent it and sent back unchanged.
 */
export type PpeSettings = NonNullable<CameraInput['ppe']>;

/** The editable settings of a camera (`CameraInput`). The URL's credentials are masked by the server. */
export type CameraSettings = CameraInput;

/** A camera as GET /api/cameras and the `camera` event send it: its settings and its live state. */
export type Camera = CameraJson;

export type CaptureStatus = ReviewStatus;

export const CAPTURE_STATUSES: readonly CaptureStatus[] = REVIEW_STATUSES;

export { nextReviewSteps };

/** A capture as the API sends it (time ISO 8601 UTC; image URLs; absent fields null). */
export type Capture = CaptureJson;

/** One step of a capture's review history, as the API sends it (no note = null). */
export type ReviewEntry = ReviewEntryJson;

export type CaptureDetail = CaptureDetailJson;

/** A page of captures; pass `nextCursor` as `before` to get the next (older) one (null: there is none). */
export type CapturePage = CapturePageJson;

export type Stats = StatsJson;

/** A PPE item of the catalogue (GET /api/ppe/items), with the model classes that show it. */
export type PpeItem = PpeItemJson;
export type PpeItems = PpeItemsJson;

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

/** An alert channel as GET /api/alerts/channels sends it: settings without secrets, source, health. */
export type AlertChannel = AlertChannelJson;
export type AlertChannelType = AlertChannel['type'];
/** What POST / PUT /api/alerts/channels accept; a secret left out keeps the stored one. */
export type AlertChannelSettings = AlertChannelInput;
export type AlertRule = AlertRuleJson;
export type AlertRuleSettings = AlertRuleInput;
/** What became of a capture's alert on one channel. */
export type AlertDelivery = AlertDeliveryJson;

export type User = UserJson;
export type Role = User['role'];

export type Me = MeJson;

/** `no-<item id>`: whether such an item is configured is the server's to say. */
export function isViolationKind(value: unknown): value is ViolationKind {
  return typeof value === 'string' && value.startsWith('no-') && ITEM_ID_PATTERN.test(value.slice(3));
}

export function isCaptureStatus(value: unknown): value is CaptureStatus {
  return typeof value === 'string' && (CAPTURE_STATUSES as readonly string[]).includes(value);
}

export function isRangePreset(value: unknown): value is RangePreset {
  return typeof value === 'string' && (RANGE_PRESETS as readonly string[]).includes(value);
}

// ---- audit trail ----

export { AUDIT_ACTIONS, AUDIT_ACTION_LABELS, type AuditAction } from '../domain/audit';
export type AuditEntry = AuditEntryJson;
export type AuditPage = AuditPageJson;
export type RetentionSettings = RetentionSettingsJson;

/** The audit page's filters (all optional; `from`/`to` ISO instants), as in its URL. */
export interface AuditFilters {
  user?: string;
  action?: AuditEntry['action'];
  cameraId?: string;
  captureId?: string;
  from?: string;
  to?: string;
}
