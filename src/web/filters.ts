// Violation filters: their URL form (`?camera=&kind=&status=&zone=&range=&from=&to=`), the time range
// they stand for, and whether a capture matches them.

import {
  isCaptureStatus,
  isRangePreset,
  isViolationKind,
  type Capture,
  type RangePreset,
  type ViolationFilters,
} from './types';
import type { StatsRange } from './router';

const HOUR = 3_600_000;

/** The relative ranges of the gallery's filters and of the statistics page. */
export const RANGE_MS: Record<RangePreset | StatsRange, number> = {
  '1h': HOUR,
  '24h': 24 * HOUR,
  '7d': 7 * 24 * HOUR,
  '30d': 30 * 24 * HOUR,
  '90d': 90 * 24 * HOUR,
};

export const RANGE_LABELS: Record<RangePreset | StatsRange, string> = {
  '1h': 'Last hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
};

function validIso(value: string | null): string | undefined {
  if (!value) return undefined;
  return Number.isNaN(Date.parse(value)) ? undefined : value;
}

export function filtersToQuery(filters: ViolationFilters = {}): string {
  const query = new URLSearchParams();
  if (filters.cameraId) query.set('camera', filters.cameraId);
  if (filters.kind) query.set('kind', filters.kind);
  if (filters.status) query.set('status', filters.status);
  if (filters.zone) query.set('zone', filters.zone);
  if (filters.from || filters.to) {
    if (filters.from) query.set('from', filters.from);
    if (filters.to) query.set('to', filters.to);
  } else if (filters.range) {
    query.set('range', filters.range);
  }
  const qs = query.toString();
  return qs ? `?${qs}` : '';
}

export function queryToFilters(query: URLSearchParams): ViolationFilters {
  const filters: ViolationFilters = {};
  const camera = query.get('camera');
  const kind = query.get('kind');
  const status = query.get('status');
  const zone = query.get('zone');
  const range = query.get('range');
  const from = validIso(query.get('from'));
  const to = validIso(query.get('to'));
  if (camera) filters.cameraId = camera;
  if (isViolationKind(kind)) filters.kind = kind;
  if (isCaptureStatus(status)) filters.status = status;
  if (zone) filters.zone = zone;
  if (from || to) {
    if (from) filters.from = from;
    if (to) filters.to = to;
  } else if (isRangePreset(range)) {
    filters.range = range;
  }
  return filters;
}

/** The absolute time range of the filters at `now` (ISO strings, either may be absent). */
export function resolveRange(filters: ViolationFilters, now = Date.now()): { from?: string; to?: string } {
  if (filters.from || filters.to) return { from: filters.from, to: filters.to };
  if (filters.range) return { from: new Date(now - RANGE_MS[filters.range]).toISOString() };
  return {};
}

export function hasActiveFilters(filters: ViolationFilters): boolean {
  return Boolean(
    filters.cameraId || filters.kind || filters.status || filters.zone || filters.range || filters.from || filters.to,
  );
}

/** A stable key for a set of filters (a relative range is the same key whatever the time). */
export function filterKey(filters: ViolationFilters): string {
  return filtersToQuery(filters);
}

export function matchesFilters(capture: Capture, filters: ViolationFilters, now = Date.now()): boolean {
  if (filters.cameraId && capture.cameraId !== filters.cameraId) return false;
  if (filters.kind && !capture.kinds.includes(filters.kind)) return false;
  if (filters.status && capture.status !== filters.status) return false;
  if (filters.zone && capture.zone !== filters.zone) return false;
  const { from, to } = resolveRange(filters, now);
  const t = Date.parse(capture.time);
  if (from && t < Date.parse(from)) return false;
  if (to && t >= Date.parse(to)) return false;
  return true;
}

/** `datetime-local` input value (local time, minutes) for an ISO instant. */
export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** ISO instant (UTC) for a `datetime-local` input value, read in the viewer's time zone. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
