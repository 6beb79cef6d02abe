import { afterEach, describe, expect, it } from 'vitest';
import { alertsConfigSchema } from '../../src/alerts/config';
import { Client, saveCapture, startApi } from '../api/helpers';
import { startReceiver, waitFor } from './receiver';

const SECRET = 'whsec-quiet-0451';
const EVERY_DAY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

describe('quiet hours per channel', () => {
  it('holds the alerts of the night and sends one summary when the quiet hours end', async () => {
    const receiver = await startReceiver(SECRET);
    cleanup.push(receiver.close);
    // The dispatcher's clock: 23:00 UTC, inside 22:00–06:00; moved to the morning below.
    let now = Date.parse('2026-03-02T23:00:00Z');
    const system = await startApi({
      overrides: {
        alerts: alertsConfigSchema.parse({
          channels: [
            {
              id: 'officer',
              type: 'webhook',
              url: receiver.url,
              secret: SECRET,
              quietHours: { timeZone: 'UTC', windows: [{ days: EVERY_DAY, start: '22:00', end: '06:00' }] },
            },
          ],
          rules: [{ channels: ['officer'] }],
        }),
      },
      system: { alertTiming: { pollMs: 50, retryBaseMs: 100, maxRetryMs: 400 }, alertClock: () => now },
    });
    cleanup.push(() => system.close());

    const night = [
      await saveCapture(system, { cameraId: 'gate' }),
      await saveCapture(system, { cameraId: 'yard' }),
      await saveCapture(system, { cameraId: 'gate' }),
    ];
    const client = new Client(system.url);
    const held = await waitForState(client, night[2].id, 'suppressed');
    expect(held.lastError).toBe('quiet hours: in the summary when they end');
    // A test alert is asked for now: quiet hours do not hold it.
    expect((await client.post('/api/alerts/channels/officer/test')).status).toBe(200);
    expect(receiver.received.map((r) => r.body.type)).toEqual(['test']);

    now = Date.parse('2026-03-03T06:00:30Z');
    await waitFor(() => receiver.received.length === 2);
    expect(receiver.received[1].body).toMatchObject({
      type: 'summary',
      text: '3 violations on 2 cameras during quiet hours (the last 7 hours)',
      link: `${system.url}/#/violations`,
    });
    expect(receiver.received[1].signatureValid).toBe(true);

    // Morning: alerts go out one by one again.
    const morning = await saveCapture(system);
    await waitFor(() => receiver.received.length === 3);
    expect(receiver.received[2].body).toMatchObject({ type: 'violation', captureId: morning.id });
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toHaveLength(3);
  });

  it('refuses quiet hours with a malformed time, naming the field', async () => {
    const parsed = alertsConfigSchema.safeParse({
      channels: [
        {
          id: 'officer',
          type: 'webhook',
          url: 'https://hooks.example/ppe',
          quietHours: { windows: [{ start: '22:00', end: '6am' }] },
        },
      ],
    });
    expect(parsed.error!.issues[0].path).toEqual(['channels', 0, 'quietHours', 'windows', 0, 'end']);
  });
});

/** Polls a capture's delivery until it reaches `state`. */
async function waitForState(client: Client, captureId: string, state: string) {
  let last: any;
  for (let i = 0; i < 100; i++) {
    last = (await client.get(`/api/violations/${captureId}/deliveries`)).json[0];
    if (last?.state === state) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`delivery of ${captureId} still ${last?.state}`);
}
