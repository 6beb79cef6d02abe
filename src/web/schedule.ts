// Detection schedules: human-readable summaries and the checks the editor makes before saving.

import { WEEKDAYS, type DetectionWindow, type Schedule, type Weekday } from './types';

export const DAY_LABELS: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isTime(value: string): boolean {
  return HHMM.test(value);
}

/** "Mon–Fri", "Mon, Wed, Sat", "every day". */
export function describeDays(days: readonly Weekday[]): string {
  const set = new Set(days);
  if (set.size === 7) return 'every day';
  if (set.size === 0) return 'no days';
  const idx = WEEKDAYS.map((d) => set.has(d));
  // One contiguous run (Mon-first order) of three or more days reads as a range.
  const first = idx.indexOf(true);
  const last = idx.lastIndexOf(true);
  if (last - first + 1 === set.size && set.size >= 3)
    return `${DAY_LABELS[WEEKDAYS[first]]}–${DAY_LABELS[WEEKDAYS[last]]}`;
  return WEEKDAYS.filter((d) => set.has(d))
    .map((d) => DAY_LABELS[d])
    .join(', ');
}

/** How a window's times read: "06:00–18:00", "22:00–06:00 (next day)", "all day". */
export function describeTimes(window: Pick<DetectionWindow, 'start' | 'end'>): string {
  if (window.start === window.end) return 'all day';
  return window.start > window.end ? `${window.start}–${window.end} (next day)` : `${window.start}–${window.end}`;
}

export function describeSchedule(schedule: Schedule | undefined): string {
  if (!schedule || schedule.windows.length === 0) return 'always';
  const tz = schedule.timeZone || 'UTC';
  if (schedule.windows.length === 1) {
    const w = schedule.windows[0];
    return `${describeDays(w.days)} ${describeTimes(w)} (${tz})`;
  }
  return `${schedule.windows.length} windows (${tz})`;
}

/** Time zones the browser knows (for the editor's suggestions). */
export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    const zones = intl.supportedValuesOf?.('timeZone') ?? [];
    return zones.includes('UTC') ? zones : ['UTC', ...zones];
  } catch {
    return ['UTC'];
  }
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const SUN_FIRST: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether detection runs at `at` under `schedule` — the server's rule (a window crossing midnight
 * belongs to the day it starts on; start == end is the whole day), for the editor's preview only.
 */
export function isDetectionTime(schedule: Schedule | undefined, at: Date): boolean {
  if (!schedule) return true;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: schedule.timeZone || 'UTC',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const dayIndex = SUN_FIRST.indexOf(get('weekday').toLowerCase().slice(0, 3) as Weekday);
  const minute = Number(get('hour')) * 60 + Number(get('minute'));
  const today = SUN_FIRST[dayIndex];
  const yesterday = SUN_FIRST[(dayIndex + 6) % 7];
  return schedule.windows.some((w) => {
    if (!isTime(w.start) || !isTime(w.end)) return false;
    const start = minutesOf(w.start);
    const end = minutesOf(w.end);
    if (start === end) return w.days.includes(today);
    if (start < end) return w.days.includes(today) && minute >= start && minute < end;
    return (w.days.includes(today) && minute >= start) || (w.days.includes(yesterday) && minute < end);
  });
}
