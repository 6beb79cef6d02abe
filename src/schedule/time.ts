// When detection runs: pure time-of-day rules with no dependencies, shared by the worker and the
// dashboard's schedule editor (which must not bundle the config schema library).

export const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof DAYS)[number];

export interface DetectionWindowTimes {
  days: readonly Weekday[];
  /** HH:MM, 24 h. */
  start: string;
  end: string;
}

export interface ScheduleTimes {
  timeZone: string;
  windows: readonly DetectionWindowTimes[];
}

/** A time of day as HH:MM, 24 h. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isTimeOfDay(value: string): boolean {
  return TIME_OF_DAY.test(value);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** One formatter per time zone: making one costs far more than using it, and windowEnd asks often. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Weekday and minute of day of an instant, in the given time zone. */
function localTime(at: Date, timeZone: string): { day: number; minute: number } {
  const parts = formatterFor(timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = DAYS.indexOf(get('weekday').toLowerCase().slice(0, 3) as Weekday);
  return { day, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

/**
 * True when detection should run at `at`. No schedule means detection all the time. A window
 * crossing midnight belongs to the day it starts on; start == end is the whole day. Windows with
 * a malformed time (half typed in the editor) never match.
 */
export function isDetectionTime(schedule: ScheduleTimes | undefined, at: Date): boolean {
  if (!schedule) return true;
  const { day, minute } = localTime(at, schedule.timeZone || 'UTC');
  const yesterday = DAYS[(day + 6) % 7];
  const today = DAYS[day];
  return schedule.windows.some((w) => {
    if (!isTimeOfDay(w.start) || !isTimeOfDay(w.end)) return false;
    const start = minutes(w.start);
    const end = minutes(w.end);
    if (start === end) return w.days.includes(today); // a whole day
    if (start < end) return w.days.includes(today) && minute >= start && minute < end;
    // Crosses midnight: the evening part belongs to today's window, the morning part to yesterday's.
    return (w.days.includes(today) && minute >= start) || (w.days.includes(yesterday) && minute < end);
  });
}

const MINUTE_MS = 60_000;

/**
 * When the window `at` lies in ends: the first minute boundary after `at` outside every window, or
 * `at + limitMs` for a schedule that never ends (every day, all day). Windows start and end on whole
 * minutes, so stepping a minute at a time finds the exact end.
 */
export function windowEnd(schedule: ScheduleTimes, at: Date, limitMs = 8 * 86_400_000): Date {
  const limit = at.getTime() + limitMs;
  for (let t = Math.floor(at.getTime() / MINUTE_MS + 1) * MINUTE_MS; t < limit; t += MINUTE_MS) {
    if (!isDetectionTime(schedule, new Date(t))) return new Date(t);
  }
  return new Date(limit);
}
