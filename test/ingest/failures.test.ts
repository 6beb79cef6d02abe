import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FrameSourceOptions, type IngestLogger, createFrameSource } from '../../src/ingest';
import { freePort, startRtspServer } from '../helpers/rtsp';
import { ffmpegChildren, makeGarbageFile, sleep, sourceTracker, waitFor } from './support';

const sources = sourceTracker();
const closers: Array<() => Promise<unknown>> = [];
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ingest-fail-'));
});
afterAll(async () => {
  await sources.stopAll();
  expect(ffmpegChildren()).toEqual([]);
  await Promise.all(closers.map((close) => close()));
  rmSync(dir, { recursive: true, force: true });
});

/** Fast retries so the tests reach 'failed' (after 3 attempts) within a couple of seconds. */
function failingSource(url: string, extra: Partial<FrameSourceOptions> = {}) {
  const source = sources.track(
    createFrameSource({
      url,
      fps: 5,
      reconnect: { initialMs: 100, maxMs: 500, failAfter: 3 },
      ioTimeoutMs: 1000,
      ...extra,
    }),
  );
  const states: string[] = [];
  source.onState((state) => states.push(state));
  source.start();
  return { source, states };
}

function recordingLogger(lines: string[]): IngestLogger {
  const record = (obj: Record<string, unknown>, msg?: string) => lines.push(`${msg} ${JSON.stringify(obj)}`);
  return { debug: record, info: record, warn: record, error: record };
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as net.AddressInfo).port;
}

describe.concurrent('sources that do not work', () => {
  it('a refused port fails with "Connection refused", never shows the password, and streams once a camera appears', async () => {
    const port = await freePort();
    const logLines: string[] = [];
    const { source, states } = failingSource(`rtsp://admin:s3cret@127.0.0.1:${port}/stream`, {
      log: recordingLogger(logLines),
    });
    await waitFor("state 'failed'", () => source.stats().state === 'failed');
    expect(source.stats().lastError).toBe(`rtsp://***:***@127.0.0.1:${port}/stream: Connection refused`);
    expect(states.slice(0, 2)).toEqual(['connecting', 'offline']);

    // 'failed' is a report, not giving up: it keeps retrying, and a camera showing up is picked up.
    const camera = await startRtspServer({ port });
    closers.push(camera.stop);
    await waitFor('streaming', () => source.stats().state === 'streaming', 15_000);
    expect(source.latest()!.width).toBe(640);
    expect(logLines.length).toBeGreaterThan(3);
    expect(logLines.join('\n')).not.toContain('s3cret');
  });

  it('an HTTP 404 fails with "404 Not Found"', async () => {
    const port = await listen(http.createServer((_req, res) => res.writeHead(404).end('no such camera')));
    const { source } = failingSource(`http://127.0.0.1:${port}/cam/video.mjpg`);
    await waitFor("state 'failed'", () => source.stats().state === 'failed');
    expect(source.stats().lastError).toBe(`http://127.0.0.1:${port}/cam/video.mjpg: Server returned 404 Not Found`);
  });

  it('a file that is not a video fails with "Invalid data found when processing input"', async () => {
    const { source } = failingSource(makeGarbageFile(dir));
    await waitFor("state 'failed'", () => source.stats().state === 'failed');
    expect(source.stats().lastError).toMatch(/garbage\.mp4: Invalid data found when processing input$/);
    expect(source.stats().framesDecoded).toBe(0);
  });

  it('a server that accepts and says nothing gives no frames, no crash, and a readable error', async () => {
    // Accepts, reads and ignores the request, never answers.
    const port = await listen(net.createServer((socket) => socket.resume()));
    const { source, states } = failingSource(`rtsp://127.0.0.1:${port}/stream`);
    await waitFor("state 'failed'", () => source.stats().state === 'failed', 15_000);
    await sleep(500);
    const stats = source.stats();
    expect(stats.framesDecoded).toBe(0);
    expect(stats.lastFrameAt).toBeUndefined();
    expect(stats.reconnects).toBeGreaterThanOrEqual(2);
    expect(stats.lastError).toMatch(/no answer within 1 s/);
    expect(states).not.toContain('streaming');
  });
});
