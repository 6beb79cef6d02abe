// Pure helpers for lists of captures and cameras received over REST and SSE.

import type { Camera, Capture } from '../types';
import type { CaptureChange } from './context';

function timeOf(capture: Capture): number {
  const t = Date.parse(capture.time);
  return Number.isNaN(t) ? 0 : t;
}

/** Newest first. Ties keep a stable order by id so lists do not jitter. */
export function compareNewestFirst(a: Capture, b: Capture): number {
  return timeOf(b) - timeOf(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Union of two capture lists by id (entries in `incoming` win), newest first. */
export function mergeCaptures(incoming: readonly Capture[], existing: readonly Capture[]): Capture[] {
  const byId = new Map<string, Capture>();
  for (const c of existing) byId.set(c.id, c);
  for (const c of incoming) byId.set(c.id, c);
  return [...byId.values()].sort(compareNewestFirst);
}

/** Replaces a capture by id if the list has it (same order, so nothing moves). */
export function replaceCapture(list: readonly Capture[], capture: Capture): Capture[] {
  let changed = false;
  const next = list.map((c) => {
    if (c.id !== capture.id) return c;
    changed = true;
    return capture;
  });
  return changed ? next : (list as Capture[]);
}

export function removeCapture(list: readonly Capture[], id: string): Capture[] {
  return list.some((c) => c.id === id) ? list.filter((c) => c.id !== id) : (list as Capture[]);
}

/** A list after a review (the capture replaced in place) or a deletion (taken out). */
export function applyCaptureChange(list: readonly Capture[], change: CaptureChange): Capture[] {
  return change.type === 'updated' ? replaceCapture(list, change.capture) : removeCapture(list, change.id);
}

/** Replaces cameras by id, appends unknown ones; keeps the server's order otherwise. */
export function mergeCameras(existing: readonly Camera[], updates: Iterable<Camera>): Camera[] {
  const next = [...existing];
  for (const camera of updates) {
    const index = next.findIndex((c) => c.id === camera.id);
    if (index >= 0) next[index] = camera;
    else next.push(camera);
  }
  return next;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The JSON object of an event's data with a string `id`, or null (not JSON, not an object, no id). */
function parseWithId(json: string): (Record<string, unknown> & { id: string }) | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  return isObject(value) && typeof value.id === 'string' ? (value as Record<string, unknown> & { id: string }) : null;
}

/** Shallow shape check for capture JSON coming off the wire; fills in harmless defaults. */
export function parseCapture(json: string): Capture | null {
  const value = parseWithId(json);
  if (!value || typeof value.time !== 'string' || typeof value.cameraId !== 'string') return null;
  const capture = value as unknown as Capture;
  return { ...capture, kinds: Array.isArray(capture.kinds) ? capture.kinds : [] };
}

/** `{ id }` of capture-removed / camera-removed events. */
export function parseRemoved(json: string): string | null {
  return parseWithId(json)?.id ?? null;
}

/** Shallow shape check for camera JSON coming off the wire. */
export function parseCamera(json: string): Camera | null {
  const value = parseWithId(json);
  return value && typeof value.status === 'string' ? (value as unknown as Camera) : null;
}
