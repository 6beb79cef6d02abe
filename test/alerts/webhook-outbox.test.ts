import { afterEach, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/config/schema';
import { alertsConfigSchema } from '../../src/alerts/config';
import { saveCapture, startApi, type TestSystem } from '../api/helpers';
import { startReceiver, waitFor } from './receiver';

const SECRET = 'whsec-test-0123456789';
const fastTiming = { pollMs: 50, retryBaseMs: 100, maxRetryMs: 400, rateWindowMs: 3000 };

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

function alerts(url: string, extra: Record<string, unknown> = {}): Partial<AppConfig> {
  return {
    alerts: alertsConfigSchema.parse({
      channels: [
        {
          id: 'hook',
          type: 'webhook',
          url,
          secret: SECRET,
          includeCrop: true,
          headers: { 'X-Site': 'plant-1' },
          ...extra,
        },
      ],
      rules: [{ channels: ['hook'], kinds: ['no-helmet'] }],
    }),
  };
}

async function start(
  url: string,
  extra?: Record<string, unknown>,
  dataDir?: string,
  alertTiming = fastTiming,
): Promise<TestSystem> {
  return startApi({ overrides: alerts(url, extra), dataDir, system: { alertTiming } });
}

describe('webhook alerts through the outbox', () => {
  it('delivers one signed alert per capture with its fields and the crop as a JPEG', async () => {
    const receiver = await startReceiver(SECRET);
    cleanup.push(receiver.close);
    const system = await start(receiver.url);
    cleanup.push(() => system.close());

    const record = await saveCapture(system, { zone: 'loading bay', confidence: 0.91 });
    await saveCapture(system, { kinds: ['no-vest'] }); // no rule takes it
    await waitFor(() => receiver.received.length >= 1);
    await new Promise((r) => setTimeout(r, 500));

    expect(receiver.received).toHaveLength(1);
    const [alert] = receiver.received;
    expect(alert.signatureValid).toBe(true);
    expect(alert.headers['idempotency-key']).toBe(`${record.id}:hook`);
    expect(alert.headers['x-site']).toBe('plant-1');
    expect(alert.body).toMatchObject({
      type: 'violation',
      captureId: record.id,
      cameraId: 'cam-a',
      cameraName: 'Camera A',
      location: 'Yard',
      zone: 'loading bay',
      kinds: ['no-helmet'],
      confidence: 0.91,
      trackId: record.trackId,
    });
    expect(alert.body.link).toBe(`${system.url}/#/violations/${record.id}`);
    const crop = Buffer.from(alert.body.cropJpegBase64, 'base64');
    expect([...crop.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const image = await fetch(alert.body.cropUrl);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).equals(crop)).toBe(true);
  });

  it('retries a receiver answering 500 with the same idempotency key, and counts it', async () => {
    const receiver = await startReceiver(SECRET);
    cleanup.push(receiver.close);
    receiver.failures.push(500, 500);
    const system = await start(receiver.url);
    cleanup.push(() => system.close());

    const record = await saveCapture(system);
    await waitFor(() => receiver.received.length === 1);
    expect(receiver.received[0].headers['idempotency-key']).toBe(`${record.id}:hook`);
    const metrics = await system.metrics.registry.metrics();
    expect(metrics).toMatch(/cctv_alerts_retried_total\{channel="hook"\} 2/);
    expect(metrics).toMatch(/cctv_alerts_sent_total\{channel="hook"\} 1/);
    expect(system.logs()).toContain('HTTP 500: receiver is down');
    expect(system.logs()).not.toContain(SECRET);
  });

  it('gives an alert up naming its camera and channel; credential header values stay out of the log', async () => {
    // A token pasted with a line break: fetch refuses the header, quoting its value in the error.
    const headers = { Authorization: 'Bearer hdr-line\nbreak-991', 'X-Site': 'plant-1' };
    const system = await startApi({
      overrides: alerts('http://127.0.0.1:9/hook', { headers }),
      system: { alertTiming: { ...fastTiming, maxAgeMs: 300 } },
    });
    cleanup.push(() => system.close());

    const record = await saveCapture(system, { cameraId: 'gate-3' });
    const lines = () =>
      system
        .logs()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    await waitFor(() => lines().some((l) => l.msg === 'alert given up after retries'), 10_000);
    const givenUp = lines().find((l) => l.msg === 'alert given up after retries')!;
    expect(givenUp).toMatchObject({ camera: 'gate-3', channel: 'hook', capture: record.id });
    expect(givenUp.reason).toContain('"***" is an invalid header value');
    expect(lines().find((l) => l.msg === 'alert not delivered; will retry')).toMatchObject({ camera: 'gate-3' });
    expect(system.logs()).not.toMatch(/hdr-line|break-991/);
  });

  it('keeps an undelivered alert across a restart and delivers it once', async () => {
    const receiver = await startReceiver(SECRET);
    cleanup.push(receiver.close);
    receiver.failures.push(503, 503, 503, 503, 503, 503, 503, 503);
    const first = await start(receiver.url);
    const record = await saveCapture(first);
    await waitFor(() => receiver.failures.length < 8);
    await first.close();

    receiver.failures.length = 0;
    const second = await start(receiver.url, {}, first.dataDir);
    cleanup.push(() => second.close());
    await waitFor(() => receiver.received.length === 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received.map((r) => r.body.captureId)).toEqual([record.id]);
  });

  it('a flood of 50 captures gives the rate-limited alerts and one summary', async () => {
    const receiver = await startReceiver(SECRET);
    cleanup.push(receiver.close);
    // A window long enough that all 50 are saved inside it, however slow the machine (one of 3 s
    // saw its first five leave the window before the 50th capture, which then went out too).
    const rateWindowMs = 20_000;
    const system = await start(receiver.url, { perMinute: 5 }, undefined, { ...fastTiming, rateWindowMs });
    cleanup.push(() => system.close());

    for (let i = 0; i < 50; i++) await saveCapture(system, { cameraId: `cam-${i % 3}` });
    await waitFor(() => receiver.received.some((r) => r.body.type === 'summary'), rateWindowMs + 20_000);
    await new Promise((r) => setTimeout(r, 500));

    const violations = receiver.received.filter((r) => r.body.type === 'violation');
    const summaries = receiver.received.filter((r) => r.body.type === 'summary');
    expect(violations).toHaveLength(5);
    expect(summaries).toHaveLength(1);
    expect(summaries[0].body.text).toBe('45 more violations on 3 cameras in the last 1 minute');
    expect(summaries[0].body.link).toBe(`${system.url}/#/violations`);
  });
});

describe('escalation', () => {
  it('a capture still new after the delay goes to the escalation channel; a reviewed one does not', async () => {
    const officer = await startReceiver(SECRET);
    const manager = await startReceiver(SECRET);
    cleanup.push(officer.close, manager.close);
    const system = await startApi({
      overrides: {
        alerts: alertsConfigSchema.parse({
          channels: [
            { id: 'officer', type: 'webhook', url: officer.url, secret: SECRET },
            { id: 'manager', type: 'webhook', url: manager.url, secret: SECRET },
          ],
          rules: [{ channels: ['officer'], escalation: { afterMinutes: 0.02, channels: ['manager'] } }],
        }),
      },
      system: { alertTiming: fastTiming },
    });
    cleanup.push(() => system.close());
    const open = await saveCapture(system);
    const reviewed = await saveCapture(system);
    const res = await fetch(`${system.url}/api/violations/${reviewed.id}/review`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'acknowledged' }),
    });
    expect(res.status).toBe(200);

    await waitFor(() => manager.received.length >= 1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(officer.received.map((r) => r.body.captureId).sort()).toEqual([open.id, reviewed.id].sort());
    expect(manager.received.map((r) => r.body)).toEqual([
      expect.objectContaining({ captureId: open.id, escalated: true }),
    ]);
  });
});
