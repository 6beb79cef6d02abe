import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, Client, SAMPLE_VIDEO, startApi, startWithUsers, waitFor, type TestSystem } from './helpers';

const RTSP = 'rtsp://operator:pa55@word@192.0.2.10:554/stream1';

describe('cameras through the API', () => {
  let system: TestSystem;
  let admin: Client;

  beforeAll(async () => {
    system = await startWithUsers({ env: { METRICS_TOKEN: 'scrape-token-0123456789' } });
    admin = new Client(system.url);
    await admin.login(ADMIN.name, ADMIN.password);
  });
  afterAll(async () => {
    await system?.close();
  });

  const storedUrl = (id: string) =>
    JSON.parse((system.db.prepare('SELECT config FROM cameras WHERE id = ?').get(id) as { config: string }).config).url;

  it('stores credentials but only ever shows them masked, and keeps them when the masked URL comes back', async () => {
    const created = await admin.post('/api/cameras', {
      id: 'gate-1',
      name: 'Gate 1',
      location: 'North',
      url: RTSP,
      enabled: false,
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      id: 'gate-1',
      name: 'Gate 1',
      url: 'rtsp://***:***@192.0.2.10:554/stream1',
      enabled: false,
      status: 'stopped',
      fps: 5,
    });
    expect(created.text).not.toContain('pa55');
    expect((await admin.get('/api/cameras')).text).not.toContain('pa55');
    expect((await admin.get('/api/cameras/gate-1')).text).not.toContain('pa55');
    expect(storedUrl('gate-1')).toBe(RTSP);

    // The dashboard sends back what it got, with a new name: credentials are kept.
    const got = (await admin.get('/api/cameras/gate-1')).json;
    const renamed = await admin.put('/api/cameras/gate-1', { ...got, name: 'Main gate' });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ name: 'Main gate', url: 'rtsp://***:***@192.0.2.10:554/stream1' });
    expect(storedUrl('gate-1')).toBe(RTSP);

    // A new path on the same host with the masked credentials keeps the user and password.
    const moved = await admin.patch('/api/cameras/gate-1', { url: 'rtsp://***:***@192.0.2.10/stream2' });
    expect(moved.status).toBe(200);
    expect(storedUrl('gate-1')).toBe('rtsp://operator:pa55@word@192.0.2.10/stream2');

    // New credentials replace the old ones.
    await admin.patch('/api/cameras/gate-1', { url: 'rtsp://viewer:n3w@192.0.2.11:554/stream2' });
    expect(storedUrl('gate-1')).toBe('rtsp://viewer:n3w@192.0.2.11:554/stream2');

    // Masked credentials for a camera that has none cannot be restored.
    await admin.post('/api/cameras', { id: 'plain', name: 'Plain', url: 'rtsp://192.0.2.12/s', enabled: false });
    const lost = await admin.patch('/api/cameras/plain', { url: 'rtsp://***:***@192.0.2.12/s' });
    expect(lost.status).toBe(400);
    expect(lost.json.error).toMatch(/^url: holds masked credentials/);
    expect(storedUrl('plain')).toBe('rtsp://192.0.2.12/s');

    // Unknown schemes and missing files (in the media folder) are refused up front.
    expect((await admin.post('/api/cameras', { id: 'ftp', name: 'F', url: 'ftp://u:p@h/x' })).json.error).toMatch(
      /^url: unsupported source URL scheme "ftp:" in ftp:\/\/\*\*\*:\*\*\*@h\/x/,
    );
    expect(
      (
        await admin.post('/api/cameras', {
          id: 'nofile',
          name: 'F',
          url: SAMPLE_VIDEO.replace(/[^/]+$/, 'no-such-video.mp4'),
        })
      ).json.error,
    ).toMatch(/^url: video file not found/);
    expect((await admin.post('/api/cameras', { id: 'plain', name: 'Dup', url: 'rtsp://h/s' })).status).toBe(409);
  });

  it('starts a worker for a camera added through the API and stops it when the camera is deleted', async () => {
    const created = await admin.post('/api/cameras', {
      id: 'line-2',
      name: 'Line 2',
      location: 'Hall B',
      url: SAMPLE_VIDEO,
      fps: 5,
    });
    expect(created.status).toBe(201);
    const ids = (await admin.get('/api/cameras')).json.map((c: { id: string }) => c.id);
    expect(ids).toContain('line-2');

    const camera = await waitFor(
      async () => {
        const c = (await admin.get('/api/cameras/line-2')).json;
        return c.status === 'streaming' || c.status === 'detecting' ? c : undefined;
      },
      60_000,
      'the new camera to stream',
    );
    expect(camera.stats.inputFps).toBeGreaterThanOrEqual(0);
    const snap = await admin.get('/api/cameras/line-2/snapshot.jpg');
    expect(snap.status).toBe(200);
    expect(snap.headers.get('content-type')).toBe('image/jpeg');
    expect((await sharp(snap.body).metadata()).width).toBe(640);

    // Changing another camera leaves this camera's worker running.
    const restartsBefore = camera.restarts;
    expect((await admin.patch('/api/cameras/gate-1', { name: 'Gate one' })).status).toBe(200);
    expect(
      (await admin.post('/api/cameras', { id: 'other', name: 'Other', url: 'rtsp://192.0.2.13/s', enabled: false }))
        .status,
    ).toBe(201);
    const after = (await admin.get('/api/cameras/line-2')).json;
    expect(['streaming', 'detecting']).toContain(after.status);
    expect(after.restarts).toBe(restartsBefore);
    await admin.delete('/api/cameras/other');

    // Ready: every enabled camera has a worker.
    const ready = await admin.get('/ready');
    expect(ready.status, ready.text).toBe(200);
    expect(ready.json).toEqual({ status: 'ready', reasons: [] });

    // Metrics: per-camera series, for a session or the scrape token, not for anyone.
    // Sampled from the worker's reports once a second: the first with fps may precede the first inference.
    await waitFor(
      async () => {
        const text = (await admin.get('/metrics')).text;
        return (
          /cctv_camera_input_fps\{camera="line-2"\} [1-9]/.test(text) &&
          /cctv_inference_ms_count\{camera="line-2"\} [1-9]/.test(text)
        );
      },
      20_000,
      'fps and inference time in metrics',
    );
    const metrics = (await admin.get('/metrics')).text;
    for (const name of [
      'cctv_camera_detect_fps',
      'cctv_camera_dropped_frames',
      'cctv_camera_up{camera="line-2"} 1',
      'cctv_camera_worker_restarts',
      'cctv_storage_bytes',
      'cctv_inference_ms_bucket',
    ]) {
      expect(metrics).toContain(name);
    }
    expect((await new Client(system.url).get('/metrics')).status).toBe(401);
    const scraped = await new Client(system.url).get('/metrics', { authorization: 'Bearer scrape-token-0123456789' });
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain('cctv_camera_input_fps');
    expect(
      (await new Client(system.url).get('/metrics', { authorization: 'Bearer wrong-token-0123456789' })).status,
    ).toBe(401);

    // Disable: the worker stops, the camera stays.
    const disabled = await admin.patch('/api/cameras/line-2', { enabled: false });
    expect(disabled.json).toMatchObject({ enabled: false, status: 'stopped' });
    const enabled = await admin.patch('/api/cameras/line-2', { enabled: true });
    expect(enabled.json.enabled).toBe(true);

    const deleted = await admin.delete('/api/cameras/line-2');
    expect(deleted.status).toBe(204);
    expect((await admin.get('/api/cameras')).json.map((c: { id: string }) => c.id)).not.toContain('line-2');
    expect((await admin.get('/api/cameras/line-2')).status).toBe(404);
    expect(system.supervisor.get('line-2')).toBeUndefined();
    expect((await admin.get('/metrics')).text.split('\n').filter((l) => l.includes('camera="line-2"'))).toEqual([]);
  });

  it('reports not ready, with the camera, when an enabled camera has no worker', async () => {
    await admin.post('/api/cameras', { id: 'dock', name: 'Dock', url: SAMPLE_VIDEO, enabled: false });
    expect((await admin.get('/ready')).status).toBe(200); // disabled cameras need no worker
    // The supervisor loses the camera's worker (as if it had never been started).
    system.supervisor.apply([]);
    await admin.patch('/api/cameras/dock', { enabled: true }); // applies again: back
    expect((await admin.get('/ready')).status).toBe(200);
    system.supervisor.apply([]);
    const res = await new Client(system.url).get('/ready'); // open, for load balancers
    expect(res.status).toBe(503);
    expect(res.json).toEqual({ status: 'not-ready', reasons: ['camera dock: no worker'] });
    system.cameras.apply();
    await admin.delete('/api/cameras/dock');
  });

  it('probes a URL before it is saved: a JPEG, or a 422 with a masked reason', async () => {
    const ok = await admin.post('/api/cameras/probe', { url: SAMPLE_VIDEO });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/jpeg');
    expect(await sharp(ok.body).metadata()).toMatchObject({ format: 'jpeg', width: 640, height: 360 });

    const refused = await admin.post('/api/cameras/probe', { url: 'rtsp://admin:hunter22@127.0.0.1:1/stream' });
    expect(refused.status).toBe(422);
    expect(refused.json.error).toMatch(/^url: /);
    expect(refused.text).not.toContain('hunter22');

    // The masked URL of a saved camera is probed with its stored credentials.
    await admin.post('/api/cameras', {
      id: 'probe-me',
      name: 'P',
      url: 'rtsp://admin:hunter22@127.0.0.1:1/stream',
      enabled: false,
    });
    const masked = await admin.post('/api/cameras/probe', {
      url: 'rtsp://***:***@127.0.0.1:1/stream',
      cameraId: 'probe-me',
    });
    expect(masked.status).toBe(422);
    expect(masked.text).not.toContain('hunter22');
    expect((await admin.post('/api/cameras/probe', { url: 'rtsp://***:***@127.0.0.1:1/stream' })).status).toBe(400);
  });
});

describe('cameras from the config file', () => {
  it('are seeded once: the database wins after that, and a deleted one is not re-added', async () => {
    const seeded = [
      { id: 'cfg-a', name: 'A', url: SAMPLE_VIDEO, enabled: false },
      { id: 'cfg-b', name: 'B', url: SAMPLE_VIDEO, enabled: false },
    ].map((c) => ({ location: '', fps: 5, rtspTransport: 'tcp' as const, ...c }));
    const first = await startApi({ overrides: { cameras: seeded as never } });
    const dataDir = first.dataDir;
    const client = new Client(first.url);
    try {
      expect((await client.get('/api/cameras')).json.map((c: { id: string }) => c.id)).toEqual(['cfg-a', 'cfg-b']);
      await client.delete('/api/cameras/cfg-a');
      await client.patch('/api/cameras/cfg-b', { name: 'B renamed' });
      await client.post('/api/cameras', { id: 'api-c', name: 'C', url: SAMPLE_VIDEO, enabled: false });
    } finally {
      await first.close();
    }
    const second = await startApi({ dataDir, overrides: { cameras: seeded as never } });
    try {
      const cameras = (await new Client(second.url).get('/api/cameras')).json;
      expect(cameras.map((c: { id: string; name: string }) => [c.id, c.name])).toEqual([
        ['cfg-b', 'B renamed'],
        ['api-c', 'C'],
      ]);
    } finally {
      await second.close();
    }
  });
});
