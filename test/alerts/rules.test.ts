import { describe, expect, it } from 'vitest';
import { ruleConfigSchema } from '../../src/alerts/config';
import { routeCapture } from '../../src/alerts/rules';
import type { CaptureRecord } from '../../src/store/captures';

const capture: CaptureRecord = {
  id: 'c1',
  time: '2026-03-02T09:30:00.000Z', // a Monday
  cameraId: 'gate',
  cameraName: 'Gate',
  location: 'North',
  trackId: 3,
  kinds: ['no-vest'],
  confidence: 0.8,
  box: [0, 0, 10, 10],
  zone: 'bay',
  cropPath: 'a',
  framePath: 'b',
  status: 'new',
};
const all = new Set(['a', 'b', 'c', 'off-duty']);
const rule = (r: Record<string, unknown>) => ruleConfigSchema.parse(r);

describe('alert rules', () => {
  it('each condition filters: camera, zone, kind, confidence, schedule', () => {
    const route = (r: Record<string, unknown>) => routeCapture(capture, [rule({ channels: ['a'], ...r })], all).now;
    expect(route({})).toEqual(['a']);
    expect(route({ cameras: ['yard'] })).toEqual([]);
    expect(route({ zones: ['office'] })).toEqual([]);
    expect(route({ zones: ['bay'] })).toEqual(['a']);
    expect(route({ kinds: ['no-helmet'] })).toEqual([]);
    expect(route({ minConfidence: 0.85 })).toEqual([]);
    const hours = (start: string, end: string) => ({ timeZone: 'UTC', windows: [{ days: ['mon'], start, end }] });
    expect(route({ schedule: hours('08:00', '10:00') })).toEqual(['a']);
    expect(route({ schedule: hours('10:00', '18:00') })).toEqual([]);
  });

  it('several rules give each channel once; disabled channels get nothing; escalation skips channels alerted at once', () => {
    const routing = routeCapture(
      capture,
      [
        rule({ channels: ['a', 'b'], escalation: { afterMinutes: 10, channels: ['b', 'c'] } }),
        rule({ channels: ['a', 'off-duty'], escalation: { afterMinutes: 5, channels: ['c'] } }),
      ],
      new Set(['a', 'b', 'c']),
    );
    expect(routing.now).toEqual(['a', 'b']);
    expect([...routing.later]).toEqual([['c', 5 * 60_000]]);
  });
});
