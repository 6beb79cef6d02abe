// The PM2 supervisor with the real `pm2` package, in a PM2_HOME of its own (killed at the end).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/config/paths';
import type { CameraView } from '../../src/hosting/supervisor';
import { sampleVideo } from '../helpers/media';
import { startTestSystem, waitFor } from '../helpers/system';

// PM2 reads PM2_HOME when it is first imported, which the pm2 supervisor does on its first launch.
const pm2Home = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-pm2-'));
process.env.PM2_HOME = pm2Home;
// Not something a worker needs: it must stay out of PM2's copy of the environment.
process.env.CCTV_TEST_SECRET = 'secret-that-stays-with-the-server';

const run = promisify(execFile);
const pm2Cli = path.join(repoRoot, 'node_modules', '.bin', 'pm2');

interface Pm2Process {
  name: string;
  pid: number;
  pm2_env: { status: string; restart_time: number; env: Record<string, string>; args?: string[] };
}

/** `pm2 jlist`: what an operator's `pm2 list` shows, as JSON. */
async function pm2List(): Promise<Pm2Process[]> {
  const { stdout } = await run(pm2Cli, ['jlist'], { env: { ...process.env, PM2_HOME: pm2Home } });
  return JSON.parse(stdout) as Pm2Process[];
}

const named = async (name: string) => (await pm2List()).find((p) => p.name === name);

describe('PM2 supervisor: one PM2 process per camera', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const api = (url: string, init?: RequestInit) => fetch(`${system.url}${url}`, init);
  const camera = async (id: string) => (await (await api(`/api/cameras/${id}`)).json()) as CameraView;
  const detecting = (id: string) => async () => (await camera(id)).status === 'detecting' || undefined;

  beforeAll(async () => {
    system = await startTestSystem({ supervisor: 'pm2', cameras: [] });
  });

  afterAll(async () => {
    await system?.close();
    await run(pm2Cli, ['kill'], { env: { ...process.env, PM2_HOME: pm2Home } }).catch(() => undefined);
    fs.rmSync(pm2Home, { recursive: true, force: true });
    fs.rmSync(system?.dataDir ?? '', { recursive: true, force: true });
  });

  it('runs an added camera as cctv-cam-<id>, restarts it with PM2 or after a crash, and deletes it with the camera', async () => {
    const added = await api('/api/cameras', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'yard', name: 'Yard', url: sampleVideo, fps: 5 }),
    });
    expect(added.status).toBe(201);

    // Status, previews and captures come back over the worker's socket. (The pm2 CLI is asked
    // only once the server has started PM2's daemon: two clients must not both start one.)
    await waitFor(detecting('yard'), 90_000, 'the yard camera detecting');
    const started = (await named('cctv-cam-yard'))!;
    expect(started.pm2_env.status).toBe('online');
    expect(system.supervisor.workerPid('yard')).toBe(started.pid);
    // Only what a worker needs is in PM2's copy of its environment; the camera URL is not in it.
    const env = JSON.stringify(started.pm2_env.env);
    expect(env).toContain('CCTV_HOST_SOCKET');
    expect(env).not.toContain('CCTV_TEST_SECRET');
    expect(env).not.toContain(sampleVideo);
    expect(started.pm2_env.args ?? []).toEqual([]);

    // An operator's `pm2 restart` is a restart like any other: the new process takes over.
    await run(pm2Cli, ['restart', 'cctv-cam-yard'], { env: { ...process.env, PM2_HOME: pm2Home } });
    await waitFor(async () => (await camera('yard')).restarts === 1 || undefined, 60_000, 'the restart counted');
    await waitFor(detecting('yard'), 90_000, 'the yard camera detecting after pm2 restart');
    const restarted = (await named('cctv-cam-yard'))!;
    expect(restarted.pid).not.toBe(started.pid);
    expect(system.supervisor.workerPid('yard')).toBe(restarted.pid);

    // A worker that dies is restarted by the supervisor, as its own children are.
    process.kill(restarted.pid, 'SIGKILL');
    await waitFor(async () => (await camera('yard')).restarts === 2 || undefined, 60_000, 'the crash counted');
    await waitFor(detecting('yard'), 90_000, 'the yard camera detecting after a crash');
    expect((await named('cctv-cam-yard'))?.pid).not.toBe(restarted.pid);

    expect((await api('/api/cameras/yard', { method: 'DELETE' })).status).toBe(204);
    await waitFor(
      async () => (await named('cctv-cam-yard')) === undefined || undefined,
      30_000,
      'cctv-cam-yard gone from pm2 list',
    );
  });

  it('streams without detecting outside the schedule, as with the built-in supervisor', async () => {
    const now = new Date();
    // A one-minute window twelve hours away: never open during the test.
    const start = `${String((now.getUTCHours() + 12) % 24).padStart(2, '0')}:00`;
    const end = `${String((now.getUTCHours() + 12) % 24).padStart(2, '0')}:01`;
    const added = await api('/api/cameras', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'gate',
        name: 'Gate',
        url: sampleVideo,
        schedule: { timeZone: 'UTC', windows: [{ start, end }] },
      }),
    });
    expect(added.status).toBe(201);
    const streaming = await waitFor(
      async () => {
        const view = await camera('gate');
        return view.status === 'streaming' && view.stats.inputFps > 0 ? view : undefined;
      },
      90_000,
      'the gate camera streaming',
    );
    expect(streaming.detecting).toBe(false);
    expect((await named('cctv-cam-gate'))?.pm2_env.status).toBe('online');
    expect((await api('/api/cameras/gate', { method: 'DELETE' })).status).toBe(204);
    await waitFor(async () => (await named('cctv-cam-gate')) === undefined || undefined, 30_000, 'cctv-cam-gate gone');
  });

  it('runs the inference engine as cctv-engine, which PM2 restarts after kill -9 while the camera waits for it', async () => {
    const added = await api('/api/cameras', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'dock', name: 'Dock', url: sampleVideo, fps: 5 }),
    });
    expect(added.status).toBe(201);
    await waitFor(detecting('dock'), 90_000, 'the dock camera detecting');
    const engine = (await named('cctv-engine'))!;
    expect(engine.pm2_env.status).toBe('online');
    expect(JSON.stringify(engine.pm2_env.env)).not.toContain('CCTV_TEST_SECRET');
    const worker = system.supervisor.workerPid('dock');
    process.kill(engine.pid, 'SIGKILL');
    let reconnecting = false;
    await waitFor(
      async () => {
        const view = await camera('dock');
        if (view.lastError?.startsWith('detector reconnecting')) reconnecting = true;
        return reconnecting && view.status === 'detecting' && !view.lastError ? true : undefined;
      },
      30_000,
      'the dock camera to say "detector reconnecting", then detect again',
      100,
    );
    const restarted = (await named('cctv-engine'))!;
    expect(restarted.pid).not.toBe(engine.pid);
    expect(restarted.pm2_env.status).toBe('online');
    expect(system.supervisor.workerPid('dock')).toBe(worker);
    expect((await api('/api/cameras/dock', { method: 'DELETE' })).status).toBe(204);
  });
});
