import { z } from 'zod';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof DAYS)[number];

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time as HH:MM (24 h)');

export const detectionWindowSchema = z.object({
  /** Days on which the window starts; a window crossing midnight ends on the next day. */
  days: z.array(z.enum(DAYS)).min(1).default([...DAYS]),
  start: timeOfDay,
  end: timeOfDay,
});

export const scheduleSchema = z
  .object({
    /** IANA time zone of the site, e.g. Europe/Berlin. */
    timeZone: z.string().default('UTC'),
    windows: z.array(detectionWindowSchema).min(1),
  })
  .refine((s) => isValidTimeZone(s.timeZone), { message: 'unknown time zone', path: ['timeZone'] });

export type Schedule = z.infer<typeof scheduleSchema>;

function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Weekday and minute of day of an instant, in the given time zone. */
function localTime(at: Date, timeZone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = DAYS.indexOf(get('weekday').toLowerCase().slice(0, 3) as Weekday);
  return { day, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** True when detection should run at `at`. No schedule means detection all the time. */
export function isDetectionTime(schedule: Schedule | undefined, at: Date): boolean {
  if (!schedule) return true;
  const { day, minute } = localTime(at, schedule.timeZone);
  const yesterday = DAYS[(day + 6) % 7];
  const today = DAYS[day];
  return schedule.windows.some((w) => {
    const start = minutes(w.start);
    const end = minutes(w.end);
    if (start === end) return w.days.includes(today); // a whole day
    if (start < end) return w.days.includes(today) && minute >= start && minute < end;
    // Crosses midnight: the evening part belongs to today's window, the morning part to yesterday's.
    return (w.days.includes(today) && minute >= start) || (w.days.includes(yesterday) && minute < end);
  });
}

/**
 * Follows a schedule over time and says when detection switches on or off. The clock is
 * injected so window boundaries can be tested without waiting for them.
 */
export class ScheduleGate {
  detecting: boolean;

  constructor(
    private readonly schedule: Schedule | undefined,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.detecting = isDetectionTime(schedule, clock());
  }

  /** Re-reads the clock; true when the mode changed. */
  update(): boolean {
    const detecting = isDetectionTime(this.schedule, this.clock());
    const changed = detecting !== this.detecting;
    this.detecting = detecting;
    return changed;
  }
}
