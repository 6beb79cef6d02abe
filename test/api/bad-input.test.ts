// Bad requests of every kind get a 4xx with `{ error: "field: reason" }` and change nothing:
// the database rows and the capture folder are compared before and after each one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  Client,
  rawRequest,
  saveCapture,
  snapshotState,
  startWithUsers,
  VIEWER,
  type TestSystem,
} from './helpers';

describe('bad input', () => {
  let system: TestSystem;
  let admin: Client;
  let viewer: Client;
  let anonymous: Client;
  let captureId: string;

  beforeAll(async () => {
    system = await startWithUsers();
    admin = new Client(system.url);
    viewer = new Client(system.url);
    anonymous = new Client(system.url);
    await admin.login(ADMIN.name, ADMIN.password);
    await viewer.login(VIEWER.name, VIEWER.password);
    const created = await admin.post('/api/cameras', {
      id: 'gate',
      name: 'Gate',
      url: 'rtsp://u:secret@127.0.0.1:1/s',
      enabled: false,
    });
    expect(created.status).toBe(201);
    captureId = (await saveCapture(system, { cameraId: 'gate' })).id;
  });
  afterAll(async () => {
    await system?.close();
  });

  /** Sends the request, expects `status` and an error naming `reason`, and that nothing changed. */
  async function refused(
    send: () => Promise<{ status: number; json: any; text?: string }>,
    status: number,
    reason: RegExp,
  ) {
    const before = snapshotState(system);
    const res = await send();
    expect(res.status, res.text).toBe(status);
    expect(res.json).toEqual({ error: expect.stringMatching(reason) });
    expect(snapshotState(system)).toEqual(before);
  }

  it('refuses malformed JSON, naming the body', async () => {
    await refused(
      () =>
        admin.req('POST', '/api/cameras', {
          body: '{"id": "x", "name": ',
          headers: { 'content-type': 'application/json' },
        }),
      400,
      /^body: not valid JSON/,
    );
    await refused(
      () =>
        admin.req('POST', '/api/violations/' + captureId + '/review', {
          body: '{status:new}',
          headers: { 'content-type': 'application/json' },
        }),
      400,
      /^body: not valid JSON/,
    );
  });

  it('refuses a body that is not JSON', async () => {
    await refused(
      () =>
        admin.req('POST', '/api/cameras', {
          body: 'id=x&name=y',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      415,
      /^body: send JSON/,
    );
  });

  it('names each field with a wrong type', async () => {
    const res = await admin.post('/api/cameras', { id: 5, name: [], url: true, fps: 'fast' });
    expect(res.status).toBe(400);
    for (const field of ['id', 'name', 'url', 'fps']) expect(res.json.error).toMatch(new RegExp(`(^|; )${field}: `));
    await refused(() => admin.post('/api/cameras', { id: 'x', name: 'X', url: 'rtsp://h/s', fps: -1 }), 400, /^fps: /);
    await refused(() => admin.post('/api/cameras', ['not', 'an', 'object']), 400, /^body: /);
    await refused(
      () => admin.post('/api/cameras', { id: 'x', name: 'X', url: 'rtsp://h/s', colour: 'red' }),
      400,
      /unknown field colour/,
    );
    await refused(() => admin.patch('/api/cameras/gate', { enabled: 'yes' }), 400, /^enabled: /);
    await refused(() => admin.post(`/api/violations/${captureId}/review`, { status: 'done' }), 400, /^status: /);
    await refused(
      () => admin.post(`/api/violations/${captureId}/review`, { status: 'acknowledged', note: 42 }),
      400,
      /^note: /,
    );
    await refused(() => admin.post('/api/auth/login', { username: 'alice' }), 400, /^password: /);
  });

  it('refuses a prototype-poisoning body', async () => {
    await refused(
      () =>
        admin.req('PATCH', '/api/cameras/gate', {
          body: '{"__proto__": {"enabled": false}}',
          headers: { 'content-type': 'application/json' },
        }),
      400,
      /^body: /,
    );
  });

  it('refuses a huge body with 413 without reading it into a camera', async () => {
    const huge = { id: 'big', name: 'x'.repeat(2 * 1024 * 1024), url: 'rtsp://h/s' };
    await refused(() => admin.post('/api/cameras', huge), 413, /^body: larger than/);
  });

  it('refuses path traversal in image paths and camera ids', async () => {
    await refused(() => admin.get('/api/violations/..%2F..%2Fcctv.sqlite/crop.jpg'), 400, /^id: not a capture id/);
    await refused(() => admin.get('/api/violations/..%5C..%5Ccctv.sqlite/frame.jpg'), 400, /^id: /);
    await refused(() => admin.get('/api/cameras/..%2F..%2Fetc%2Fpasswd/snapshot.jpg'), 400, /^id: letters, digits/);
    await refused(() => admin.put('/api/cameras/..%2Fgate', { name: 'x', url: 'rtsp://h/s' }), 400, /^id: /);
    await refused(() => admin.delete('/api/cameras/gate%00'), 400, /^id: /);
    await refused(
      () => admin.post('/api/cameras', { id: '../../etc', name: 'x', url: 'rtsp://h/s' }),
      400,
      /^id: letters, digits/,
    );
    // A raw `..` path is not normalised into another route: it matches nothing.
    const before = snapshotState(system);
    const raw = await rawRequest(system.url, 'GET', `/api/violations/${captureId}/../../../cctv.sqlite`, {
      cookie: admin.cookie!,
    });
    expect(raw.status).toBe(404);
    expect(raw.body).not.toContain('SQLite format');
    expect(snapshotState(system)).toEqual(before);
  });

  it('treats SQL-like filter values as plain values', async () => {
    await refused(
      () => admin.get(`/api/violations?cameraId=${encodeURIComponent("gate' OR 1=1 --")}`),
      400,
      /^cameraId: /,
    );
    await refused(() => admin.get(`/api/violations?status=${encodeURIComponent("new' OR '1'='1")}`), 400, /^status: /);
    await refused(() => admin.get(`/api/violations?kind=${encodeURIComponent('no-helmet%')}`), 400, /^kind: /);
    await refused(
      () => admin.get(`/api/violations.csv?cameraId=${encodeURIComponent('x; DROP TABLE captures')}`),
      400,
      /^cameraId: /,
    );
    // Zone names are free text: an SQL-looking one simply matches no zone.
    const before = snapshotState(system);
    const res = await admin.get(`/api/violations?zone=${encodeURIComponent("x' OR '1'='1")}`);
    expect(res.status).toBe(200);
    expect(res.json.items).toEqual([]);
    expect(snapshotState(system)).toEqual(before);
    expect((await admin.get('/api/violations')).json.items).toHaveLength(1);
  });

  it('refuses an unknown cursor, a bad date, a bad range and a bad limit', async () => {
    await refused(() => admin.get('/api/violations?before=not-a-cursor'), 400, /^before: not a cursor/);
    await refused(
      () => admin.get(`/api/violations?before=${Buffer.from('{"a":1}').toString('base64url')}`),
      400,
      /^before: /,
    );
    await refused(() => admin.get('/api/violations?from=yesterday'), 400, /^from: /);
    await refused(
      () => admin.get('/api/violations?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z'),
      400,
      /^from: must be before to/,
    );
    await refused(() => admin.get('/api/violations?limit=0'), 400, /^limit: /);
    await refused(() => admin.get('/api/violations?limit=100000'), 400, /^limit: /);
    await refused(() => admin.get('/api/violations?sort=time'), 400, /unknown field sort/);
    await refused(
      () => admin.get('/api/stats?from=2020-01-01&to=2026-01-01'),
      400,
      /^from: the range may span at most 366 days/,
    );
  });

  it('answers unknown things with 404 and a reason', async () => {
    await refused(() => admin.get('/api/cameras/nope'), 404, /^id: no camera with id nope/);
    await refused(() => admin.patch('/api/cameras/nope', { enabled: false }), 404, /^id: no camera/);
    await refused(() => admin.get('/api/violations/00000000-0000-0000-0000-000000000000'), 404, /^id: no violation/);
    await refused(() => admin.delete('/api/violations/00000000-0000-0000-0000-000000000000'), 404, /^id: no violation/);
    await refused(() => admin.get('/api/nothing-here'), 404, /^path: no route GET \/api\/nothing-here/);
  });

  it('asks anonymous callers to sign in, for reads, writes, streams and images', async () => {
    const requests: Array<[string, string, unknown?]> = [
      ['GET', '/api/cameras'],
      ['GET', '/api/cameras/gate'],
      ['POST', '/api/cameras', { id: 'x', name: 'X', url: 'rtsp://h/s' }],
      ['PATCH', '/api/cameras/gate', { enabled: true }],
      ['DELETE', '/api/cameras/gate'],
      ['GET', '/api/cameras/gate/live.mjpeg'],
      ['GET', '/api/cameras/gate/snapshot.jpg'],
      ['POST', '/api/cameras/probe', { url: 'rtsp://h/s' }],
      ['GET', '/api/violations'],
      ['GET', '/api/violations.csv'],
      ['GET', `/api/violations/${captureId}`],
      ['GET', `/api/violations/${captureId}/crop.jpg`],
      ['GET', `/api/violations/${captureId}/frame.jpg`],
      ['POST', `/api/violations/${captureId}/review`, { status: 'acknowledged' }],
      ['DELETE', `/api/violations/${captureId}`],
      ['GET', '/api/stats'],
      ['GET', '/api/events'],
      ['GET', '/api/docs'],
      ['GET', '/metrics'],
    ];
    for (const [method, url, json] of requests) {
      await refused(() => anonymous.req(method, url, json === undefined ? {} : { json }), 401, /^auth: sign in/);
    }
    // An unauthenticated huge body is refused before it is read.
    await refused(
      () => anonymous.post('/api/cameras', { id: 'x', name: 'x'.repeat(2 * 1024 * 1024), url: 'rtsp://h/s' }),
      401,
      /^auth: /,
    );
    // A forged cookie is no session.
    const forged = new Client(system.url);
    forged.cookie = 'cctv_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    await refused(() => forged.get('/api/cameras'), 401, /^auth: /);
  });

  it('lets viewers read and review but not change cameras or delete', async () => {
    expect((await viewer.get('/api/cameras')).status).toBe(200);
    const requests: Array<[string, string, unknown?]> = [
      ['POST', '/api/cameras', { id: 'x', name: 'X', url: 'rtsp://h/s' }],
      ['PUT', '/api/cameras/gate', { name: 'Renamed', url: 'rtsp://h/s' }],
      ['PATCH', '/api/cameras/gate', { enabled: true }],
      ['DELETE', '/api/cameras/gate'],
      ['POST', '/api/cameras/probe', { url: 'rtsp://h/s' }],
      ['DELETE', `/api/violations/${captureId}`],
    ];
    for (const [method, url, json] of requests) {
      await refused(() => viewer.req(method, url, json === undefined ? {} : { json }), 403, /^auth: only an admin/);
    }
  });

  it('refuses state changes sent from another site', async () => {
    await refused(
      () => admin.post('/api/cameras', { id: 'x', name: 'X', url: 'rtsp://h/s' }, { origin: 'https://evil.example' }),
      403,
      /^origin: cross-site/,
    );
    await refused(
      () => admin.req('DELETE', `/api/violations/${captureId}`, { headers: { 'sec-fetch-site': 'cross-site' } }),
      403,
      /^origin: /,
    );
    // The same origin is fine.
    const ok = await admin.post(
      `/api/violations/${captureId}/review`,
      { status: 'acknowledged' },
      { origin: system.url },
    );
    expect(ok.status).toBe(200);
  });
});
