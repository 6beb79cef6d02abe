// Finding 2: masked credentials sent back in a URL were restored whatever its scheme, host and port,
// so an admin could have ffmpeg send a camera's stored password to a listener of their choosing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, Client, startWithUsers, type TestSystem } from '../api/helpers';
import { closedPort, recordingListener } from './support';

describe('stored camera credentials stay with their own address', () => {
  let system: TestSystem;
  let admin: Client;
  let listener: Awaited<ReturnType<typeof recordingListener>>;
  let cameraPort: number;
  let stored: string;

  const storedUrl = (id = 'gate') =>
    JSON.parse((system.db.prepare('SELECT config FROM cameras WHERE id = ?').get(id) as { config: string }).config).url;

  beforeAll(async () => {
    system = await startWithUsers();
    admin = new Client(system.url);
    await admin.login(ADMIN.name, ADMIN.password);
    listener = await recordingListener();
    cameraPort = await closedPort();
    stored = `rtsp://operator:St0red-Secret@127.0.0.1:${cameraPort}/stream1`;
    const created = await admin.post('/api/cameras', { id: 'gate', name: 'Gate', url: stored, enabled: false });
    expect(created.status, created.text).toBe(201);
  });
  afterAll(async () => {
    await listener?.close();
    await system?.close();
  });

  it('refuses to probe masked credentials against another scheme, host or port, and nothing is sent', async () => {
    const elsewhere = [
      `http://***:***@127.0.0.1:${listener.port}/x`,
      `rtsp://***:***@127.0.0.1:${listener.port}/stream1`,
      `rtsp://***:***@localhost:${cameraPort}/stream1`,
      `rtsps://***:***@127.0.0.1:${cameraPort}/stream1`,
      `rtsp:***:***@127.0.0.1:${cameraPort}/stream1`,
    ];
    const responses = [];
    for (const url of elsewhere) responses.push(await admin.post('/api/cameras/probe', { url, cameraId: 'gate' }));
    // First what reached the listener: the stored password must not have.
    expect(listener.requests.filter((r) => r.headers.authorization)).toEqual([]);
    expect(listener.requests).toEqual([]);
    responses.forEach((res, i) => {
      expect(res.status, `${elsewhere[i]}: ${res.text}`).toBe(400);
      expect(res.json.error).toBe(
        `url: the stored credentials (***) are only used for rtsp://127.0.0.1:${cameraPort}; ` +
          'for another scheme, host or port enter the user name and password',
      );
      expect(res.text).not.toContain('St0red-Secret');
    });
  });

  it('refuses PUT and PATCH that would move the stored credentials elsewhere, and keeps the camera as it was', async () => {
    const url = `http://***:***@127.0.0.1:${listener.port}/x`;
    const camera = (await admin.get('/api/cameras/gate')).json;
    for (const res of [
      await admin.put('/api/cameras/gate', { ...camera, url }),
      await admin.patch('/api/cameras/gate', { url }),
      await admin.patch('/api/cameras/gate', { url: `rtsp://***:***@127.0.0.1:${listener.port}/stream1` }),
    ]) {
      expect(res.status, res.text).toBe(400);
      expect(res.json.error).toMatch(
        /^url: the stored credentials \(\*\*\*\) are only used for rtsp:\/\/127\.0\.0\.1:/,
      );
    }
    expect(storedUrl()).toBe(stored);
    expect(listener.requests).toEqual([]);
  });

  it('still keeps them for the same address, with another path', async () => {
    const res = await admin.patch('/api/cameras/gate', { url: `rtsp://***:***@127.0.0.1:${cameraPort}/stream2` });
    expect(res.status, res.text).toBe(200);
    expect(storedUrl()).toBe(`rtsp://operator:St0red-Secret@127.0.0.1:${cameraPort}/stream2`);
    expect(res.json.url).toBe(`rtsp://***:***@127.0.0.1:${cameraPort}/stream2`);
  });

  it('keeps a password with a raw / and a value after # for the same address, with another path', async () => {
    const url = `rtsp://admin:pa/ss-Secret@127.0.0.1:${cameraPort}/s?channel=1#token=Frag-Secret`;
    const created = await admin.post('/api/cameras', { id: 'dock', name: 'Dock', url, enabled: false });
    expect(created.json.url).toBe(`rtsp://***:***@127.0.0.1:${cameraPort}/s?channel=1#token=***`);
    const edited = `rtsp://***:***@127.0.0.1:${cameraPort}/t?channel=2#token=***`;
    const res = await admin.patch('/api/cameras/dock', { url: edited });
    expect(res.status, res.text).toBe(200);
    expect(res.json.url).toBe(edited);
    expect(storedUrl('dock')).toBe(`rtsp://admin:pa/ss-Secret@127.0.0.1:${cameraPort}/t?channel=2#token=Frag-Secret`);
  });
});
