// Detection schedules: human-readable summaries and the checks the editor makes before saving.
// Whether detection runs at a given time is the server's own rule, shared with the worker.
export { isDetectionTime, isValidTimeZone } from '../schedule/time';

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
