// The host's inference engine in the real system (workers, ffmpeg, the engine process): killed
// with -9 it is restarted and every camera detects again within 10 s without its worker being
// restarted (tracks, pending captures and clips stay with the worker); a worker's death leaves the
// engine alone; a model the engine refuses fails every camera with the same readable error; a
// camera whose picture changes size mid-stream is restarted alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cameraConfigSchema, configSchema } from '../../src/config/schema';
import { modelConfigSchema } from '../../src/detect/config';
import type { CameraView } from '../../src/hosting/supervisor';
import { pictureChangingClip, sampleModel, sampleVideo } from '../helpers/media';
import { startTestSystem, waitFor } from '../helpers/system';

type System = Awaited<ReturnType<typeof startTestSystem>>;

const cameraOf = async (system: System, id: string): Promise<CameraView> =>
  (await (await fetch(`${system.url}/api/cameras/${id}`)).json()) as CameraView;

const IDS = ['dock', 'gate', 'yard'];

describe('one inference engine per host, in the running system', () => {
  let system: System;
  const cameras = IDS.map((id) => cameraConfigSchema.parse({ id, name: id, url: sampleVideo }));
  const all = () => Promise.all(IDS.map((id) => cameraOf(system, id)));

  beforeAll(async () => {
    system = await startTestSystem({ cameras, detect: { engine: 'host' } });
  });
  afterAll(async () => {
    await system?.close();
  });

  it('runs every camera through one engine process that loads the model once', async () => {
    await waitFor(
      async () => ((await all()).every((c) => c.status === 'detecting' && c.stats.detectFps > 0) ? true : undefined),
      90_000,
      'every camera to detect',
    );
    const engine = system.supervisor.enginePid();
    expect(engine).toBeDefined();
    // The model is mapped into the engine's memory, and into no worker's.
    const mapsModel = (pid: number) => fs.readFileSync(`/proc/${pid}/maps`, 'utf8').includes('libonnxruntime');
    expect(mapsModel(engine!)).toBe(true);
    for (const id of IDS) expect(mapsModel(system.supervisor.workerPid(id)!), id).toBe(false);
  });

  it('kill -9 of the engine: it comes back, every camera detects again within 10 s, no worker restarted, never failed', async () => {
    const workers = IDS.map((id) => system.supervisor.workerPid(id));
    const capturesBefore = system.captures.list({ limit: 500 }).items.map((c) => c.id);
    const engine = system.supervisor.enginePid()!;
    process.kill(engine, 'SIGKILL');
    const killedAt = Date.now();
    // Per camera: it said its detector is reconnecting, then detected again (it reports every second).
    const reconnecting = new Set<string>();
    const resumed = new Set<string>();
    const states = new Set<string>();
    await waitFor(
      async () => {
        for (const c of await all()) {
          states.add(c.status);
          if (c.lastError?.startsWith('detector reconnecting')) reconnecting.add(c.id);
          else if (c.lastError) throw new Error(`${c.id}: ${c.lastError}`);
          if (reconnecting.has(c.id) && c.status === 'detecting' && !c.lastError) resumed.add(c.id);
        }
        return resumed.size === IDS.length ? true : undefined;
      },
      10_000,
      'every camera to say "detector reconnecting", then detect again',
      100,
    );
    console.log(
      `cameras detecting again ${Date.now() - killedAt} ms after kill -9 of the engine; states seen: ${[...states]}`,
    );
    expect(states.has('failed')).toBe(false);
    expect(system.supervisor.enginePid()).not.toBe(engine);
    expect(IDS.map((id) => system.supervisor.workerPid(id))).toEqual(workers);
    // Captures saved before the kill are all still there, each once.
    const after = system.captures.list({ limit: 500 }).items.map((c) => c.id);
    expect(after).toEqual(expect.arrayContaining(capturesBefore));
    expect(new Set(after).size).toBe(after.length);
  });

  it("a worker's death leaves the engine and the other cameras alone", async () => {
    const engine = system.supervisor.enginePid();
    const before = await cameraOf(system, 'dock');
    process.kill(system.supervisor.workerPid('dock')!, 'SIGKILL');
    await waitFor(
      async () => {
        const c = await cameraOf(system, 'dock');
        return c.restarts > before.restarts && c.status === 'detecting' ? true : undefined;
      },
      60_000,
      'the killed worker to detect again',
    );
    expect(system.supervisor.enginePid()).toBe(engine);
    for (const id of ['gate', 'yard']) expect((await cameraOf(system, id)).status, id).toBe('detecting');
  });
});

describe('a model the engine refuses', () => {
  let system: System;

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-bad-model-'));
    const bad = path.join(dir, 'broken.onnx');
    fs.writeFileSync(bad, fs.readFileSync(sampleModel).subarray(0, 50_000)); // a truncated download
    const cameras = ['one', 'two'].map((id) => cameraConfigSchema.parse({ id, name: id, url: sampleVideo }));
    const reconnect = configSchema.shape.reconnect.parse({ initialMs: 200, maxMs: 1000, failAfter: 2 });
    const model = modelConfigSchema.parse({ path: bad });
    system = await startTestSystem({ cameras, detect: { engine: 'host' }, reconnect, model });
  });
  afterAll(async () => {
    await system?.close();
  });

  it('fails every camera with the same readable error, naming the file', async () => {
    const views = await waitFor(
      async () => {
        const v = await Promise.all(['one', 'two'].map((id) => cameraOf(system, id)));
        return v.every((c) => c.status === 'failed' && c.lastError) ? v : undefined;
      },
      60_000,
      'both cameras to fail',
    );
    console.log(`refused model: ${views[0].lastError}`);
    expect(views[0].lastError).toMatch(/broken\.onnx/);
    expect(views[1].lastError).toBe(views[0].lastError);
    expect(system.supervisor.enginePid()).toBeDefined();
  });
});

describe('a camera whose picture changes size mid-stream', () => {
  let system: System;

  beforeAll(async () => {
    const media = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-resized-'));
    const cameras = [
      cameraConfigSchema.parse({ id: 'steady', name: 'Steady', url: sampleVideo }),
      // 640x360 for 4 s, then 480x360: a camera reconfigured while streaming.
      cameraConfigSchema.parse({ id: 'resized', name: 'Resized', url: pictureChangingClip(media, 4) }),
    ];
    const mediaDirs = [path.dirname(sampleVideo), media];
    system = await startTestSystem({ cameras, mediaDirs, detect: { engine: 'host' } });
  });
  afterAll(async () => {
    await system?.close();
  });

  it('is restarted alone, saying why, and detects again; the engine and the other camera carry on', async () => {
    await waitFor(
      async () => ((await cameraOf(system, 'steady')).status === 'detecting' ? true : undefined),
      90_000,
      'the steady camera to detect',
    );
    const steadyWorker = system.supervisor.workerPid('steady');
    const engine = system.supervisor.enginePid();
    const said = await waitFor(
      async () => {
        const c = await cameraOf(system, 'resized');
        return c.lastError?.includes('picture size') ? c : undefined;
      },
      90_000,
      'the resized camera to say its picture changed',
      50,
    );
    expect(said.lastError).toBe('the camera changed its picture size or format mid-stream (it was 640x360)');
    const restarted = await waitFor(
      async () => {
        const c = await cameraOf(system, 'resized');
        return c.restarts >= 1 && c.status === 'detecting' ? c : undefined;
      },
      60_000,
      'the resized camera to be restarted and detect again',
    );
    expect(restarted.lastError).toBeUndefined();
    const steady = await cameraOf(system, 'steady');
    expect(steady).toMatchObject({ status: 'detecting', restarts: 0 });
    expect(system.supervisor.workerPid('steady')).toBe(steadyWorker);
    expect(system.supervisor.enginePid()).toBe(engine);
  });
});
