import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cameraConfigSchema, configSchema } from '../../src/config/schema';
import type { CameraView } from '../../src/hosting/supervisor';
import { sampleVideo } from '../helpers/media';
import { startTestSystem, waitFor } from '../helpers/system';

const listen = (server: net.Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((r) => server.close(r));
  return port;
}

describe('camera faults: dead cameras show why, never take the others down', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const sockets = new Set<net.Socket>();
  const notFound = http.createServer((_req, res) => res.writeHead(404).end('no such stream'));
  // Accepts the connection, then never sends a byte: a camera that hangs.
  const stalled = net.createServer((socket) => sockets.add(socket));

  const camera = async (id: string): Promise<CameraView> =>
    (await (await fetch(`${system.url}/api/cameras/${id}`)).json()) as CameraView;

  beforeAll(async () => {
    const media = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-garbage-'));
    const garbage = path.join(media, 'garbage.mp4');
    fs.writeFileSync(garbage, crypto.randomBytes(200_000));
    const [refusedPort, notFoundPort, stalledPort] = [
      await closedPort(),
      await listen(notFound),
      await listen(stalled),
    ];
    const cameras = [
      { id: 'good', name: 'Good', url: sampleVideo },
      { id: 'refused', name: 'Refused', url: `rtsp://admin:secret@127.0.0.1:${refusedPort}/stream` },
      { id: 'missing', name: 'Missing', url: `http://127.0.0.1:${notFoundPort}/video.mjpg` },
      { id: 'garbage', name: 'Garbage', url: garbage },
      { id: 'stalled', name: 'Stalled', url: `http://127.0.0.1:${stalledPort}/video.mjpg` },
    ].map((c) => cameraConfigSchema.parse(c));
    const tuning = configSchema.shape.reconnect.parse({ initialMs: 200, maxMs: 2000, failAfter: 2 });
    const mediaDirs = [path.dirname(sampleVideo), media];
    system = await startTestSystem({ cameras, mediaDirs, watchdogSeconds: 5, reconnect: tuning });
  });

  afterAll(async () => {
    await system?.close();
    sockets.forEach((s) => s.destroy());
    notFound.close();
    stalled.close();
  });

  it('marks unreadable cameras failed with a readable error, while the good one keeps detecting', async () => {
    // Users get one of a few reasons (ffmpeg's own words, which map hosts and files, go to the log).
    const expectations: Record<string, RegExp> = {
      refused: /^the source could not be reached$/,
      missing: /^the source could not be reached$/,
      // Random bytes named .mp4: ffprobe finds no video container, so no worker starts for it.
      garbage: /^the source is not allowed \(/,
    };
    for (const [id, error] of Object.entries(expectations)) {
      const view = await waitFor(
        async () => {
          const c = await camera(id);
          return c.status === 'failed' && c.lastError ? c : undefined;
        },
        60_000,
        `camera ${id} to show as failed`,
      );
      expect(view.lastError).toMatch(error);
      console.log(`${id}: ${view.lastError}`);
    }
    await waitFor(
      async () => ((await camera('good')).status === 'detecting' ? true : undefined),
      60_000,
      'the good camera to detect',
    );
    expect((await fetch(`${system.url}/health`)).status).toBe(200);
  });

  it('never shows a camera password in the API', async () => {
    const body = await (await fetch(`${system.url}/api/cameras`)).text();
    expect(body).not.toContain('secret');
    expect((await camera('refused')).url).toMatch(/^rtsp:\/\/\*\*\*:\*\*\*@127\.0\.0\.1/);
  });

  it('restarts the worker of a stream that stalls (watchdog)', async () => {
    const view = await waitFor(
      async () => {
        const c = await camera('stalled');
        return c.restarts >= 1 ? c : undefined;
      },
      60_000,
      'the stalled camera to be restarted by the watchdog',
    );
    expect(view.status).not.toBe('detecting');
    expect((await camera('good')).status).toBe('detecting');
  });

  it('restarts a killed worker and the camera comes back', async () => {
    const pid = system.supervisor.workerPid('good');
    expect(pid).toBeDefined();
    const before = await camera('good');
    process.kill(pid!, 'SIGKILL');
    const after = await waitFor(
      async () => {
        const c = await camera('good');
        return c.restarts > before.restarts && c.status === 'detecting' ? c : undefined;
      },
      60_000,
      'the killed worker to come back',
    );
    expect(system.supervisor.workerPid('good')).not.toBe(pid);
    expect(after.status).toBe('detecting');
  });
});
