import { afterEach, describe, expect, it } from 'vitest';
import { alertsConfigSchema } from '../../src/alerts/config';
import { ConfigError } from '../../src/config/load';
import { freePort } from '../helpers/redis';
import { Client, saveCapture, startApi, type TestSystem } from '../api/helpers';
import { startReceiver, waitFor } from './receiver';

const SECRET = 'whsec-never-shown-42';

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function start(hookUrl: string, deadUrl: string): Promise<TestSystem> {
  process.env.TEST_HOOK_SECRET = SECRET;
  const alerts = alertsConfigSchema.parse({
    channels: [
      { id: 'hook', type: 'webhook', url: hookUrl, secret: '${TEST_HOOK_SECRET}' },
      { id: 'dead', name: 'Site manager', type: 'webhook', url: deadUrl, secret: SECRET, timeoutMs: 500 },
    ],
    rules: [{ channels: ['hook', 'dead'] }],
  });
  const system = await startApi({
    env: { ADMIN_USER: 'boss', ADMIN_PASSWORD: 'correct-horse-9' },
    overrides: { alerts },
    system: { alertTiming: { pollMs: 50, retryBaseMs: 200, maxRetryMs: 400 } },
  });
  cleanup.push(() => system.close());
  return system;
}

describe('alerts API', () => {
  it('lists channels without secrets, shows a failing one, and reports deliveries per capture', async () => {
    const receiver = await startReceiver(SECRET);
    cleanup.push(receiver.close);
    const deadPort = await freePort();
    const system = await start(`${receiver.url}?token=${SECRET}`, `http://127.0.0.1:${deadPort}/hook`);
    const admin = new Client(system.url);
    await admin.login('boss', 'correct-horse-9');

    const record = await saveCapture(system);
    await waitFor(() => receiver.received.length === 1);
    expect(receiver.received[0].signatureValid).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));

    const channels = await admin.get('/api/alerts/channels');
    expect(channels.status).toBe(200);
    expect(channels.text).not.toContain(SECRET);
    const byId = Object.fromEntries(channels.json.map((c: { id: string }) => [c.id, c]));
    expect(byId.hook.health.failing).toBe(false);
    expect(byId.dead.health).toMatchObject({ failing: true, lastError: expect.stringMatching(/ECONNREFUSED/) });

    const deliveries = await admin.get(`/api/violations/${record.id}/deliveries`);
    expect(deliveries.status).toBe(200);
    const state = Object.fromEntries(deliveries.json.map((d: { channelId: string }) => [d.channelId, d]));
    expect(state.hook).toMatchObject({ channelName: 'hook', kind: 'capture', state: 'delivered', attempts: 1 });
    expect(state.dead).toMatchObject({
      channelName: 'Site manager',
      state: 'pending',
      lastError: expect.stringMatching(/ECONNREFUSED/),
    });
    expect(state.dead.attempts).toBeGreaterThan(1);
    expect((await admin.get('/api/violations/nope/deliveries')).status).toBe(404);
    expect(system.logs()).not.toContain(SECRET);

    // A viewer sees what became of the alerts, not the channels' settings.
    await system.users.add('victor', 'viewer', 'viewer password 1');
    const viewer = new Client(system.url);
    await viewer.login('victor', 'viewer password 1');
    const seen = await viewer.get(`/api/violations/${record.id}/deliveries`);
    expect(seen.json.map((d: { channelName: string }) => d.channelName).sort()).toEqual(['Site manager', 'hook']);
    expect((await viewer.get('/api/alerts/channels')).status).toBe(403);
  });

  it('sends a test alert and reports the receiver’s error; only admins may', async () => {
    const receiver = await startReceiver(SECRET);
    cleanup.push(receiver.close);
    const system = await start(receiver.url, `http://127.0.0.1:${await freePort()}/hook`);
    const admin = new Client(system.url);
    await admin.login('boss', 'correct-horse-9');

    const ok = await admin.post('/api/alerts/channels/hook/test');
    expect(ok.status).toBe(200);
    expect(receiver.received[0].body).toMatchObject({ type: 'test' });
    receiver.failures.push(500);
    const refused = await admin.post('/api/alerts/channels/hook/test');
    expect(refused.status).toBe(502);
    expect(refused.json.error).toBe('channel: HTTP 500: receiver is down');
    expect((await admin.post('/api/alerts/channels/nope/test')).status).toBe(404);
    expect((await new Client(system.url).get('/api/alerts/channels')).status).toBe(401);
  });

  it('channels and rules added through the API route captures; secrets are write-only', async () => {
    const receiver = await startReceiver('api-secret-123');
    cleanup.push(receiver.close);
    const system = await start(`http://127.0.0.1:${await freePort()}/a`, `http://127.0.0.1:${await freePort()}/b`);
    const admin = new Client(system.url);
    await admin.login('boss', 'correct-horse-9');

    const local = await admin.post('/api/alerts/channels', { id: 'x', type: 'webhook', url: 'file:///etc/passwd' });
    expect(local.status).toBe(400);
    expect(local.json.error).toMatch(/^url: a URL starting with http:\/\//);
    const scheme = await admin.post('/api/alerts/channels', { id: 'x', type: 'webhook', url: 'ftp://host/x' });
    expect(scheme.status).toBe(400);

    const channel = {
      id: 'officer',
      type: 'webhook',
      url: `${receiver.url}?token=tok-999`,
      secret: 'api-secret-123',
      headers: { Authorization: 'Bearer hdr-bearer-881', 'X-Site': 'plant-1' },
    };
    const created = await admin.post('/api/alerts/channels', channel);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: 'officer', source: 'api', hasSecret: true });
    expect(created.json.headers).toEqual({ Authorization: '***', 'X-Site': 'plant-1' });
    for (const secret of ['api-secret-123', 'tok-999', 'hdr-bearer-881']) {
      expect(created.text).not.toContain(secret);
      expect((await admin.get('/api/alerts/channels')).text).not.toContain(secret);
    }
    // Sent back as read (masked URL and header, no secret): the stored ones stay.
    const { source: _s, hasSecret: _h, health: _health, ...asRead } = created.json;
    expect((await admin.put('/api/alerts/channels/officer', { ...asRead, perMinute: 20 })).status).toBe(200);
    // A masked value with nothing stored under its header cannot be restored.
    const unknownHeader = { ...asRead, headers: { ...asRead.headers, 'X-Auth-Token': '***' } };
    expect((await admin.put('/api/alerts/channels/officer', unknownHeader)).json.error).toBe(
      'headers.X-Auth-Token: holds a masked value (***); send the value',
    );

    expect((await admin.post('/api/alerts/rules', { id: 'gate-only', channels: ['nope'] })).json.error).toBe(
      'channels[0]: no channel with id nope',
    );
    const rule = await admin.post('/api/alerts/rules', { id: 'gate-only', channels: ['officer'], cameras: ['gate'] });
    expect(rule.status).toBe(201);
    const rules = await admin.get('/api/alerts/rules');
    expect(rules.json.map((r: { id: string; source: string }) => `${r.id}/${r.source}`)).toEqual([
      'config-0/config',
      'gate-only/api',
    ]);

    await saveCapture(system, { cameraId: 'yard' });
    const gate = await saveCapture(system, { cameraId: 'gate' });
    await waitFor(() => receiver.received.length === 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received.map((r) => r.body.captureId)).toEqual([gate.id]);
    expect(receiver.received[0].signatureValid).toBe(true);
    expect(receiver.received[0].headers.authorization).toBe('Bearer hdr-bearer-881');

    expect((await admin.delete('/api/alerts/channels/officer')).status).toBe(409); // a rule uses it
    expect((await admin.delete('/api/alerts/channels/hook')).json.error).toBe(
      'id: channel hook is defined in the config file; change it there',
    );
    expect((await admin.delete('/api/alerts/rules/gate-only')).status).toBe(204);
    expect((await admin.delete('/api/alerts/channels/officer')).status).toBe(204);
    expect(system.logs()).not.toContain('api-secret-123');
    expect(system.logs()).not.toContain('hdr-bearer-881');
  });

  it('the config refuses a local file or an unknown scheme as channel URL, naming the field', () => {
    const parsed = alertsConfigSchema.safeParse({
      channels: [{ id: 'x', type: 'webhook', url: 'file:///etc/passwd' }],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({
      path: ['channels', 0, 'url'],
      message: expect.stringMatching(/http:\/\//),
    });
    const mqtt = alertsConfigSchema.safeParse({ channels: [{ id: 'm', type: 'mqtt', url: 'gopher://x' }] });
    expect(mqtt.error!.issues[0].path).toEqual(['channels', 0, 'url']);
    const rule = alertsConfigSchema.safeParse({ rules: [{ channels: ['missing'] }] });
    expect(rule.error!.issues[0]).toMatchObject({
      path: ['rules', 0, 'channels', 0],
      message: 'no channel with id missing',
    });
  });

  it('a secret from an unset environment variable stops the start, naming the field', async () => {
    const alerts = alertsConfigSchema.parse({
      channels: [{ id: 'hook', type: 'webhook', url: 'http://127.0.0.1:9/x', secretEnv: 'NO_SUCH_SECRET_VAR' }],
    });
    await expect(startApi({ overrides: { alerts } })).rejects.toThrow(ConfigError);
    await expect(startApi({ overrides: { alerts } })).rejects.toThrow(
      'alerts.channels[0].secret: environment variable NO_SUCH_SECRET_VAR is not set',
    );
  });
});
