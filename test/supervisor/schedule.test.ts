import { describe, expect, it } from 'vitest';
import { isDetectionTime, scheduleSchema } from '../../src/schedule/schedule';

const at = (iso: string) => new Date(iso);

describe('detection schedule', () => {
  it('detects all the time without a schedule', () => {
    expect(isDetectionTime(undefined, at('2026-11-26T03:00:00Z'))).toBe(true);
  });

  it('switches exactly at the window boundaries', () => {
    const s = scheduleSchema.parse({ timeZone: 'UTC', windows: [{ days: ['thu'], start: '07:00', end: '18:00' }] });
    expect(isDetectionTime(s, at('2026-11-26T06:59:59Z'))).toBe(false);
    expect(isDetectionTime(s, at('2026-11-26T07:00:00Z'))).toBe(true);
    expect(isDetectionTime(s, at('2026-11-26T17:59:59Z'))).toBe(true);
    expect(isDetectionTime(s, at('2026-11-26T18:00:00Z'))).toBe(false);
    // Friday is not in the window.
    expect(isDetectionTime(s, at('2026-11-27T08:00:00Z'))).toBe(false);
  });

  it('handles a night shift crossing midnight', () => {
    const s = scheduleSchema.parse({ timeZone: 'UTC', windows: [{ days: ['fri'], start: '22:00', end: '06:00' }] });
    expect(isDetectionTime(s, at('2026-11-27T23:00:00Z'))).toBe(true); // Friday night
    expect(isDetectionTime(s, at('2026-11-28T05:30:00Z'))).toBe(true); // Saturday early morning
    expect(isDetectionTime(s, at('2026-11-28T06:00:00Z'))).toBe(false);
    expect(isDetectionTime(s, at('2026-11-27T05:30:00Z'))).toBe(false); // Friday early morning: Thursday has no shift
  });

  it('uses the site time zone', () => {
    const s = scheduleSchema.parse({ timeZone: 'Asia/Tokyo', windows: [{ start: '09:00', end: '17:00' }] });
    expect(isDetectionTime(s, at('2026-11-26T00:30:00Z'))).toBe(true); // 09:30 in Tokyo
    expect(isDetectionTime(s, at('2026-11-26T08:30:00Z'))).toBe(false); // 17:30 in Tokyo
  });

  it('rejects an unknown time zone and a malformed time, naming the field', () => {
    const bad = scheduleSchema.safeParse({ timeZone: 'Mars/Olympus', windows: [{ start: '25:00', end: '06:00' }] });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('windows.0.start');
  });
});

describe('schedule gate', () => {
  it('reports a change exactly when the clock crosses a boundary', async () => {
    const { ScheduleGate } = await import('../../src/schedule/schedule');
    const s = scheduleSchema.parse({ timeZone: 'UTC', windows: [{ start: '12:00', end: '13:00' }] });
    let now = at('2026-11-26T11:59:59Z');
    const gate = new ScheduleGate(s, () => now);
    expect(gate.detecting).toBe(false);
    expect(gate.update()).toBe(false);
    now = at('2026-11-26T12:00:00Z');
    expect(gate.update()).toBe(true);
    expect(gate.detecting).toBe(true);
    expect(gate.update()).toBe(false);
    now = at('2026-11-26T13:00:00Z');
    expect(gate.update()).toBe(true);
    expect(gate.detecting).toBe(false);
  });
});
