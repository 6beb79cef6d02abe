// Display formatting. Times are shown in the viewer's local time zone and locale.

import { DEFAULT_REQUIRED, type CameraStatus, type PpeItem, type ViolationKind } from './types';

const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const dayTimeFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

function toDate(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "26 Nov 2025, 14:03:07" in the viewer's locale and time zone. */
export function formatDateTime(iso: string): string {
  const date = toDate(iso);
  return date ? dateTimeFormat.format(date) : iso;
}

/** "14:03:07" if `iso` is today, "26 Nov, 14:03:07" within this year, else the full date and time. */
export function formatShortTime(iso: string, now: number = Date.now()): string {
  const date = toDate(iso);
  if (!date) return iso;
  const today = new Date(now);
  if (today.toDateString() === date.toDateString()) return timeFormat.format(date);
  if (today.getFullYear() === date.getFullYear()) return dayTimeFormat.format(date);
  return dateTimeFormat.format(date);
}

/** "26 Nov, 14:03:07" within this year, else the full date and time; for cards. */
export function formatCardTime(iso: string, now: number = Date.now()): string {
  const date = toDate(iso);
  if (!date) return iso;
  return new Date(now).getFullYear() === date.getFullYear() ? dayTimeFormat.format(date) : dateTimeFormat.format(date);
}

export function formatClock(now: number): string {
  return timeFormat.format(new Date(now));
}

/** "12 s ago", "5 min ago", "yesterday" … */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const date = toDate(iso);
  if (!date) return '';
  const seconds = Math.round((date.getTime() - now) / 1000);
  // A moment "in the future" is a clock that ticks coarsely (or a server clock slightly ahead).
  if (seconds > 0 && seconds < 120) return 'just now';
  const abs = Math.abs(seconds);
  if (abs < 5) return 'just now';
  if (abs < 60) return relativeFormat.format(seconds, 'second');
  if (abs < 3600) return relativeFormat.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relativeFormat.format(Math.round(seconds / 3600), 'hour');
  return relativeFormat.format(Math.round(seconds / 86_400), 'day');
}

export function formatUtc(iso: string): string {
  const date = toDate(iso);
  return date
    ? date
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z')
    : iso;
}

export function formatFps(fps: number | undefined): string {
  return typeof fps === 'number' && Number.isFinite(fps) ? fps.toFixed(1) : '–';
}

export function formatMs(ms: number | undefined): string {
  return typeof ms === 'number' && Number.isFinite(ms) ? `${Math.round(ms)} ms` : '–';
}

export function formatPercent(value: number): string {
  return Number.isFinite(value) ? `${Math.round(value * 100)}%` : '–';
}

/**
 * "No helmet", "No ear protection": the item's name from the catalogue when given, else the words
 * of the kind itself (the label of a kind whose item is no longer configured).
 */
export function kindLabel(kind: string, items?: readonly Pick<PpeItem, 'kind' | 'name'>[]): string {
  const name = items?.find((item) => item.kind === kind)?.name ?? (kind.startsWith('no-') ? kind.slice(3) : undefined);
  if (name === undefined) return kind;
  const words = name.replace(/-/g, ' ');
  return `No ${words.charAt(0).toLowerCase()}${words.slice(1)}`;
}

/**
 * The kinds worth offering in filters and charts: those of the items the model can show (the
 * default helmet and vest until the catalogue has loaded), then `also` (kinds with captures, the
 * one selected) in their order.
 */
export function shownKinds(items: readonly PpeItem[] | undefined, also: readonly string[] = []): ViolationKind[] {
  const kinds: string[] = items
    ? items.filter((item) => item.judgeable).map((item) => item.kind)
    : [...DEFAULT_REQUIRED];
  for (const kind of also) if (!kinds.includes(kind)) kinds.push(kind);
  return kinds as ViolationKind[];
}

/** A kind's colour: its own CSS variable (`--kind-no-mask`), else the one for configured items. */
export function kindColor(kind: string): string {
  return `var(--kind-${kind}, var(--kind-other))`;
}

export const STATUS_LABELS: Record<CameraStatus, string> = {
  connecting: 'Connecting',
  streaming: 'Streaming',
  detecting: 'Detecting',
  offline: 'Offline',
  failed: 'Failed',
  stopped: 'Stopped',
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status as CameraStatus] ?? status;
}

/** Whether the server has frames for this camera, i.e. whether asking for its stream makes sense. */
export function hasVideo(status: CameraStatus): boolean {
  return status === 'streaming' || status === 'detecting';
}

export function captureStatusLabel(status: string): string {
  switch (status) {
    case 'new':
      return 'New';
    case 'acknowledged':
      return 'Acknowledged';
    case 'resolved':
      return 'Resolved';
    case 'false-positive':
      return 'False positive';
    default:
      return status;
  }
}
