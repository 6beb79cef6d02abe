import type { CaptureRecord, ReviewEntry } from '../store/captures';
import type { CaptureDetailJson, CaptureJson } from './schemas';

/** The API's view of a capture: image URLs instead of file paths, absent fields as null. */
export function captureJson(c: CaptureRecord): CaptureJson {
  const id = encodeURIComponent(c.id);
  return {
    id: c.id,
    time: c.time,
    cameraId: c.cameraId,
    cameraName: c.cameraName,
    location: c.location,
    zone: c.zone ?? null,
    trackId: c.trackId,
    kinds: c.kinds,
    confidence: c.confidence,
    box: c.box,
    status: c.status,
    reviewer: c.reviewer ?? null,
    reviewedAt: c.reviewedAt ?? null,
    note: c.note ?? null,
    cropUrl: `/api/violations/${id}/crop.jpg`,
    frameUrl: `/api/violations/${id}/frame.jpg`,
    clipUrl: c.clipPath ? `/api/violations/${id}/clip.mp4` : null,
    clipOffsetSeconds:
      c.clipPath && c.clipStartMs !== undefined ? Math.max(0, (Date.parse(c.time) - c.clipStartMs) / 1000) : null,
    clipPending: c.clipPending === true,
    clipError: c.clipPath || c.clipPending ? null : (c.clipError ?? 'no clip (saved before clips were recorded)'),
  };
}

/** A capture with its review history (no note = null). */
export function captureDetailJson(c: CaptureRecord, history: ReviewEntry[]): CaptureDetailJson {
  return { ...captureJson(c), history: history.map((h) => ({ ...h, note: h.note ?? null })) };
}
