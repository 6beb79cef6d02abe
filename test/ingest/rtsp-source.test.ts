import { afterEach, describe, expect, it } from 'vitest';
import { createFrameSource } from '../../src/ingest';
import { type RtspServer, startRtspServer } from '../helpers/rtsp';
import { SAMPLE, ffmpegChildren, sleep, sourceTracker, startStallableProxy, waitFor } from './support';

const sources = sourceTracker();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await sources.stopAll();
  expect(ffmpegChildren()).toEqual([]); // reconnects and stop() left no ffmpeg behind, not even a zombie
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function camera(port?: number): Promise<RtspServer> {
  const server = await startRtspServer({ file: SAMPLE, port });
  cleanups.push(() => server.stop());
  return server;
}

describe('RTSP source', () => {
  it('streams frames from an RTSP camera at the capped rate', async () => {
    const server = await camera();
    const source = sources.track(createFrameSource({ url: server.url, fps: 5 }));
    const states: string[] = [];
    source.onState((state) => states.push(state));
    source.start();
    await waitFor('first frames', () => source.stats().framesDecoded >= 3);
    const frame = source.latest()!;
    expect([frame.width, frame.height, frame.data.length]).toEqual([640, 360, 640 * 360 * 3]);
    // Past the start (where what ffmpeg read while probing comes out at once), 5 per second.
    const before = source.stats().framesDecoded;
    const since = Date.now();
    await sleep(3000);
    const perSecond = ((source.stats().framesDecoded - before) * 1000) / (Date.now() - since);
    expect(perSecond).toBeGreaterThan(3.5); // slack for a loaded CI machine
    expect(perSecond).toBeLessThan(6.2); // uncapped: 30
    expect(states).toEqual(['connecting', 'streaming']);
  });

  it('reconnects by itself when the camera goes away and comes back on the same address', async () => {
    const first = await camera();
    const source = sources.track(
      createFrameSource({ url: first.url, fps: 5, reconnect: { initialMs: 200, maxMs: 1000 }, ioTimeoutMs: 2000 }),
    );
    const states: string[] = [];
    source.onState((state) => states.push(state));
    source.start();
    await waitFor('streaming', () => source.stats().framesDecoded >= 3);

    first.kill(); // power cut: connections drop without an RTSP TEARDOWN
    await waitFor('source notices the camera is gone', () => source.stats().state !== 'streaming', 5000);
    const framesWhileDown = source.stats().framesDecoded;
    await sleep(1500); // a few refused reconnects
    expect(source.stats().framesDecoded).toBe(framesWhileDown);
    expect(ffmpegChildren().filter((p) => p.state === 'Z')).toEqual([]);

    await camera(first.port);
    await waitFor('frames again', () => source.stats().framesDecoded >= framesWhileDown + 5, 15_000);
    const stats = source.stats();
    expect(stats.state).toBe('streaming');
    expect(stats.reconnects).toBeGreaterThanOrEqual(2);
    expect(states[0]).toBe('connecting');
    expect(states.at(-1)).toBe('streaming');
    expect(states).toContain('offline');
  });

  it('survives a link that stalls without a reset: frames stop, then resume once the link is back', async () => {
    const server = await camera();
    const link = await startStallableProxy(server.port);
    cleanups.push(link.close);
    const source = sources.track(
      createFrameSource({
        url: `rtsp://127.0.0.1:${link.port}/stream`,
        fps: 5,
        reconnect: { initialMs: 200, maxMs: 1000 },
        ioTimeoutMs: 1500,
      }),
    );
    source.start();
    await waitFor('streaming', () => source.stats().framesDecoded >= 3);

    // The link dies silently; new connections are accepted and hang. (When ffmpeg gives up on the
    // dead connection it flushes the frames its parser and decoder still hold; the source must
    // not pass those seconds-old pictures on as if the camera were alive.)
    link.freeze();
    const frozenAt = Date.now();
    await sleep(300);
    const lastFrameAt = source.stats().lastFrameAt!;
    await waitFor('ffmpeg gives up on the dead connection', () => source.stats().state !== 'streaming', 5000);
    await sleep(2000); // reconnects into the stalled link: still nothing
    expect(source.stats().lastFrameAt).toBe(lastFrameAt); // the worker's watchdog sees the stall
    expect(Date.now() - lastFrameAt).toBeGreaterThan(2000);
    expect(lastFrameAt).toBeLessThanOrEqual(frozenAt + 300);

    link.thaw();
    await waitFor('streaming again', () => source.stats().state === 'streaming', 10_000);
    expect(source.stats().lastFrameAt).toBeGreaterThan(lastFrameAt);
  });
});
