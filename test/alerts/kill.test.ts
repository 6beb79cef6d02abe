import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alertsConfigSchema } from '../../src/alerts/config';
import { startApi } from '../api/helpers';
import { startReceiver, waitFor } from './receiver';

const SECRET = 'whsec-kill-test-77';
let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

describe('kill -9 mid-delivery', () => {
  it('the alert arrives after the restart, every attempt under one idempotency key', async () => {
    const receiver = await startReceiver(SECRET);
    cleanup.push(receiver.close);
    receiver.setDelay(1500); // the first attempt is still waiting for its answer when the server dies
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-kill-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/alerts/server-child.ts'], {
      env: { ...process.env, DATA_DIR: dataDir, RECEIVER_URL: receiver.url, HOOK_SECRET: SECRET, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    const exited = new Promise((r) => child.once('exit', r));
    await waitFor(() => /saved \S+/.test(out), 60_000);
    const captureId = /saved (\S+)/.exec(out)![1];
    await new Promise((r) => setTimeout(r, 500)); // the POST is under way
    child.kill('SIGKILL');
    await exited;

    receiver.setDelay(0);
    const system = await startApi({
      dataDir,
      overrides: {
        alerts: alertsConfigSchema.parse({
          channels: [{ id: 'hook', type: 'webhook', url: receiver.url, secret: SECRET }],
          rules: [{ channels: ['hook'] }],
        }),
      },
      system: { alertTiming: { pollMs: 50, retryBaseMs: 100, maxRetryMs: 400 } },
    });
    cleanup.push(() => system.close());
    await waitFor(() => receiver.received.length >= 1);
    await new Promise((r) => setTimeout(r, 2000));

    const keys = new Set(receiver.received.map((r) => r.headers['idempotency-key']));
    expect([...keys]).toEqual([`${captureId}:hook`]);
    expect(receiver.received.every((r) => r.signatureValid && r.body.captureId === captureId)).toBe(true);
    const deliveries = system.db.prepare(`SELECT state FROM alert_outbox WHERE capture_id = ?`).all(captureId) as {
      state: string;
    }[];
    expect(deliveries).toEqual([{ state: 'delivered' }]);
  });
});
