// Finding 4: only a fixed list of query names was masked, and userinfos with a space, a second `@`
// and `#`, or no `//` were shown in part or in full; then a `/` in a password, a query value with a
// space and parameters after `#`. Every way a URL leaves the server is checked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, Client, saveCapture, startWithUsers, VIEWER, waitFor, type TestSystem } from '../api/helpers';
import { sampleModel } from '../helpers/media';
import { loadConfig } from '../../src/config/load';
import { cameraConfigSchema } from '../../src/config/schema';
import { workerSettings } from '../../src/hosting/supervisor';
import { SOURCE_REASONS } from '../../src/server/source-errors';
import { closedPort, loggedWorker, openStream } from './support';

const SECRETS = [
  'my secret',
  'TOKEN-SECRET-1',
  'APIKEY-SECRET-2',
  'se@cr#et',
  'cr#et',
  'pw-no-slashes',
  'PWD-SECRET-3',
  'SIG-SECRET-4',
  'FTP-SECRET-5',
  'SLASH-SECRET-6',
  'TOKEN-SECRET-7',
  'FRAGMENT-SECRET-8',
];

function expectNoSecret(text: string, where: string): void {
  for (const secret of SECRETS) expect(text, `${where} shows "${secret}"`).not.toContain(secret);
}

describe('URL secrets never leave the server', () => {
  let system: TestSystem;
  let admin: Client;
  let viewer: Client;
  let urls: Record<string, string>;
  let events: Awaited<ReturnType<typeof openStream>>;
  let eventText = '';

  beforeAll(async () => {
    system = await startWithUsers();
    admin = new Client(system.url);
    viewer = new Client(system.url);
    await admin.login(ADMIN.name, ADMIN.password);
    await viewer.login(VIEWER.name, VIEWER.password);
    const port = await closedPort();
    urls = {
      spaced: `rtsp://user:my secret@127.0.0.1:${port}/s?access_token=TOKEN-SECRET-1&api_key=APIKEY-SECRET-2&channel=1`,
      hashed: `rtsp://admin:se@cr#et@127.0.0.1:${port}/s`,
      slashless: `rtsp:user:pw-no-slashes@127.0.0.1:${port}/s`,
      query: `http://127.0.0.1:${port}/snap.cgi?usr=camuser&pwd=PWD-SECRET-3&sig=SIG-SECRET-4`,
      slashed: `rtsp://admin:pa/SLASH-SECRET-6@127.0.0.1:${port}/s`,
      fragment: `https://127.0.0.1:${port}/live.m3u8?token=my TOKEN-SECRET-7&channel=1#access_token=FRAGMENT-SECRET-8`,
    };
    events = await openStream(system.url, '/api/events', viewer.cookie);
    events.onData((chunk) => (eventText += chunk));
  });
  afterAll(async () => {
    events?.close();
    await system?.close();
  });

  it('masks them in every API response, for admins and viewers', async () => {
    for (const [id, url] of Object.entries(urls)) {
      // Only the first runs a worker, for its lastError.
      const created = await admin.post('/api/cameras', { id, name: id, url, enabled: id === 'spaced' });
      expect(created.status, created.text).toBe(201);
      expectNoSecret(created.text, `POST ${id}`);
      const patched = await admin.patch(`/api/cameras/${id}`, { location: 'Yard' });
      expect(patched.status, patched.text).toBe(200);
      expectNoSecret(patched.text, `PATCH ${id}`);
    }
    const listed = (await viewer.get('/api/cameras')).json as Array<{ id: string; url: string }>;
    expect(Object.fromEntries(listed.map((c) => [c.id, c.url]))).toEqual({
      spaced: expect.stringMatching(
        /^rtsp:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:\d+\/s\?access_token=\*\*\*&api_key=\*\*\*&channel=1$/,
      ),
      hashed: expect.stringMatching(/^rtsp:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:\d+\/s$/),
      slashless: expect.stringMatching(/^rtsp:\*\*\*:\*\*\*@127\.0\.0\.1:\d+\/s$/),
      query: expect.stringMatching(/\/snap\.cgi\?usr=\*\*\*&pwd=\*\*\*&sig=\*\*\*$/),
      slashed: expect.stringMatching(/^rtsp:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:\d+\/s$/),
      fragment: expect.stringMatching(/\/live\.m3u8\?token=\*\*\*&channel=1#access_token=\*\*\*$/),
    });
    for (const id of Object.keys(urls)) expectNoSecret((await viewer.get(`/api/cameras/${id}`)).text, `GET ${id}`);
  });

  it('shows a failing camera with a generic reason, also in live events', async () => {
    const camera = await waitFor(
      async () => {
        const c = (await viewer.get('/api/cameras/spaced')).json;
        return c.lastError ? c : undefined;
      },
      90_000,
      'the camera to report its error',
    );
    expect(Object.values(SOURCE_REASONS)).toContain(camera.lastError);
    await waitFor(() => eventText.includes('"lastError"'), 30_000, 'a camera event with the error');
    expect(eventText).toContain('"id":"spaced"');
    expectNoSecret(eventText, 'the event stream');
  });

  it('masks them in probe and validation errors', async () => {
    for (const url of Object.values(urls)) {
      const res = await admin.post('/api/cameras/probe', { url });
      expect(res.status, res.text).toBe(422);
      expectNoSecret(res.text, `probe of ${url}`);
    }
    const ftp = await admin.post('/api/cameras', {
      id: 'ftp',
      name: 'F',
      url: 'ftp://u:FTP-SECRET-5@h/x?k=FTP-SECRET-5',
    });
    expect(ftp.status).toBe(400);
    expect(ftp.json.error).toBe('url: unsupported source URL scheme "ftp:" in ftp://***:***@h/x?k=***');
  });

  it('masks them in metrics, the CSV export and the log', async () => {
    await saveCapture(system, { cameraId: 'spaced', cameraName: 'spaced' });
    const metrics = await admin.get('/metrics');
    expect(metrics.text).toContain('camera="spaced"');
    expectNoSecret(metrics.text, 'metrics');
    const csv = await viewer.get('/api/violations.csv');
    expect(csv.text).toContain('spaced');
    expectNoSecret(csv.text, 'the CSV export');
    expect(system.logs()).toMatch(/probe failed/);
    expectNoSecret(system.logs(), 'the server log');
  });
});

describe("a camera worker's log", () => {
  it('never carries the secrets of a URL that fails, at debug level', async () => {
    const port = await closedPort();
    const url =
      `http://admin:pa/SLASH-SECRET-6@127.0.0.1:${port}/live.m3u8` +
      '?token=my TOKEN-SECRET-7&channel=1#access_token=FRAGMENT-SECRET-8';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-worker-log-'));
    const config = loadConfig({ env: { DATA_DIR: dir }, cwd: os.tmpdir() });
    const camera = cameraConfigSchema.parse({ id: 'gate', name: 'Gate', url });
    const settings = {
      ...workerSettings({ ...config, model: { ...config.model, path: sampleModel } }, camera, 1),
      reconnect: { initialMs: 200, maxMs: 500, failAfter: 2 },
    };
    const logFile = path.join(dir, 'worker-gate.log');
    const worker = loggedWorker(settings, logFile, { LOG_LEVEL: 'debug', LOG_FORMAT: 'json' });
    try {
      await waitFor(
        () => worker.messages.some((m) => m.type === 'status' && m.state === 'failed'),
        90_000,
        'the worker to report the camera failed',
      );
    } finally {
      await worker.stop();
    }
    const log = fs.readFileSync(logFile, 'utf8');
    expect(log).toContain('"msg":"source unreachable"');
    expect(log).toContain(`"url":"http://***:***@127.0.0.1:${port}/live.m3u8?token=***&channel=1#access_token=***"`);
    expectNoSecret(log, 'the worker log');
    expectNoSecret(JSON.stringify(worker.messages), "the worker's reports");
  });
});
