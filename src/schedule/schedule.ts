import { z } from 'zod';
import { DAYS, TIME_OF_DAY, isDetectionTime, isValidTimeZone } from './time';

export { isDetectionTime, type Weekday } from './time';

const timeOfDay = z.string().regex(TIME_OF_DAY, 'time as HH:MM (24 h)');

export const detectionWindowSchema = z.object({
  /** Days on which the window starts; a window crossing midnight ends on the next day. */
  days: z
    .array(z.enum(DAYS))
    .min(1)
    .default([...DAYS]),
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
