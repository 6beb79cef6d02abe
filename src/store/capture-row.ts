// A capture row as SQLite holds it, and as the store hands it out.
import type { Box, ViolationKind } from '../domain/detection';
import type { ReviewStatus } from '../domain/review';
import type { CaptureRecord } from './captures';

export interface Row {
  id: string;
  time: string;
  time_ms: number;
  camera_id: string;
  camera_name: string;
  location: string;
  track_id: number;
  kinds: string;
  confidence: number;
  box: string;
  zone: string | null;
  crop_path: string;
  frame_path: string;
  status: ReviewStatus;
  reviewer: string | null;
  reviewed_at: string | null;
  note: string | null;
  bytes: number | null;
  clip_path: string | null;
  clip_start_ms: number | null;
  clip_bytes: number | null;
  clip_error: string | null;
  clip_pending: number;
}

export const fromRow = (r: Row): CaptureRecord => ({
  id: r.id,
  time: r.time,
  cameraId: r.camera_id,
  cameraName: r.camera_name,
  location: r.location,
  trackId: r.track_id,
  kinds: r.kinds.split(',') as ViolationKind[],
  confidence: r.confidence,
  box: JSON.parse(r.box) as Box,
  ...(r.zone ? { zone: r.zone } : {}),
  cropPath: r.crop_path,
  framePath: r.frame_path,
  status: r.status,
  ...(r.reviewer ? { reviewer: r.reviewer } : {}),
  ...(r.reviewed_at ? { reviewedAt: r.reviewed_at } : {}),
  ...(r.note ? { note: r.note } : {}),
  ...(r.bytes !== null ? { bytes: r.bytes } : {}),
  ...(r.clip_path ? { clipPath: r.clip_path } : {}),
  ...(r.clip_start_ms !== null ? { clipStartMs: r.clip_start_ms } : {}),
  ...(r.clip_bytes !== null ? { clipBytes: r.clip_bytes } : {}),
  ...(r.clip_error ? { clipError: r.clip_error } : {}),
  ...(r.clip_pending ? { clipPending: true as const } : {}),
});
