import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisBus } from '../../src/bus/redis';
import { CaptureArchive } from '../../src/capture/archive';
import { PlaceCooldown } from '../../src/capture/dedup';
import { CaptureStore } from '../../src/store/captures';
import { openDatabase } from '../../src/store/db';
import { isCaptureEvent, NO_STATS, type CaptureEvent, type ClipEvent } from '../../src/domain/events';
import { startRedis } from '../helpers/redis';
import { waitFor } from '../helpers/system';

let jpeg: Buffer;
let counter = 0;
function capture(): CaptureEvent {
  counter++;
  return {
    id: `capture-${counter}-${Date.now()}`,
    time: new Date().toISOString(),
    cameraId: 'yard',
    cameraName: 'Yard',
    location: 'North',
    trackId: counter,
    kinds: ['no-helmet'],
    confidence: 0.9,
    box: [10 * counter, 10, 10 * counter + 40, 120],
    crop: jpeg,
    frame: jpeg,
  };
}

describe('Redis bus: capture delivery', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  const buses: RedisBus[] = [];
  const newBus = (spool?: { maxEvents: number }) => {
    const bus = new RedisBus({
      url: redis.url,
      ...(spool
        ? {
            spool: {
              dir: fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-spool-')),
              maxEvents: spool.maxEvents,
              maxBytes: 1e9,
            },
          }
        : {}),
    });
    buses.push(bus);
    return bus;
  };

  beforeAll(async () => {
    jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer();
    redis = await startRedis();
  });
  // One server consumer at a time, as in production.
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close()));
  });
  afterAll(async () => {
    await redis?.kill();
  });

  it('delivers a capture again when the server failed before acknowledging it, and the database keeps one row', async () => {
    const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-redis-archive-'));
    const store = new CaptureStore(openDatabase(path.join(storageDir, 'cctv.sqlite')));
    const archive = new CaptureArchive(storageDir, store, new PlaceCooldown());
    const worker = newBus();
    const server = newBus();
    let deliveries = 0;
    let failOnce = true;
    server.consumeCaptures(async (event) => {
      deliveries++;
      if (failOnce) {
        failOnce = false;
        throw new Error('disk full for a moment');
      }
      await archive.save(event);
    });
    const event = capture();
    await worker.publishCapture(event);
    await worker.publishCapture(event); // a worker retrying after a lost acknowledgement
    await waitFor(() => (deliveries >= 3 ? true : undefined), 15_000, 'the failed delivery to be retried');
    expect(store.count()).toBe(1);
    expect(store.get(event.id)).toMatchObject({ trackId: event.trackId, kinds: ['no-helmet'] });
  });

  it("carries each capture's clip event after it: the clip bytes, why there is none, clips owed no more", async () => {
    const worker = newBus();
    const server = newBus();
    const received: Array<CaptureEvent | ClipEvent> = [];
    server.consumeCaptures(
      async (event) => void received.push(event),
      async (event) => void received.push(event),
    );
    const mp4 = Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypisom'), 1, 2, 3]);
    const a: CaptureEvent = { ...capture(), clip: 'pending' };
    const b: CaptureEvent = { ...capture(), clip: 'pending' };
    const sent: Array<CaptureEvent | ClipEvent> = [
      a,
      b,
      { captureId: a.id, cameraId: 'yard', clip: { mp4, startMs: 1234 } },
      { captureId: b.id, cameraId: 'yard', clip: { error: 'clip recorder stopped' } },
      { cameraId: 'yard', takenBeforeMs: 99, reason: 'no clip: the camera worker stopped before the clip was cut' },
    ];
    for (const e of sent) await (isCaptureEvent(e) ? worker.publishCapture(e) : worker.publishClip(e));
    await waitFor(() => (received.length === sent.length ? true : undefined), 15_000, 'every event');
    expect(received).toEqual(sent);
    const clip = received[2] as ClipEvent & { clip: { mp4: Buffer } };
    expect(Buffer.isBuffer(clip.clip.mp4) && clip.clip.mp4.equals(mp4)).toBe(true);
  });

  it('spools captures on disk while Redis is down and delivers them when it returns', async () => {
    const worker = newBus({ maxEvents: 100 });
    const server = newBus();
    const received = new Set<string>();
    const clipsAfter: string[] = [];
    server.consumeCaptures(
      async (event) => void received.add(event.id),
      // A clip spooled after its capture arrives after it.
      async (event) => void ('captureId' in event && received.has(event.captureId) && clipsAfter.push(event.captureId)),
    );
    await redis.kill();
    const events = [capture(), capture(), capture()];
    for (const e of events) {
      await worker.publishCapture({ ...e, clip: 'pending' }); // resolves: safe on disk
      await worker.publishClip({ captureId: e.id, cameraId: e.cameraId, clip: { error: 'test' } });
    }
    await redis.start(); // empty: stream and consumer group are gone too
    await waitFor(
      () => (clipsAfter.length === events.length ? true : undefined),
      30_000,
      'spooled captures and clips to arrive',
    );
    expect(events.every((e) => received.has(e.id))).toBe(true);
    expect(clipsAfter).toEqual(events.map((e) => e.id));
  });

  it('refuses, counts and reports captures beyond the spool bound', async () => {
    const worker = newBus({ maxEvents: 2 });
    await redis.kill();
    await worker.publishCapture(capture());
    await worker.publishCapture(capture());
    await expect(worker.publishCapture(capture())).rejects.toThrow(/spool full/);
    await redis.start();
  });
});

describe('Redis bus: live status and preview frames', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.kill();
  });

  it('reaches a listener that subscribed while the connection was still starting, also after Redis restarts', async () => {
    const publisher = new RedisBus({ url: redis.url });
    const dashboard = new RedisBus({ url: redis.url });
    const errors: unknown[] = [];
    const onRejection = (err: unknown) => errors.push(err);
    process.on('unhandledRejection', onRejection);
    try {
      // The moment that broke ioredis: connected, ready check not yet answered.
      await waitFor(
        () => (dashboard['sub'].status === 'connect' ? true : undefined),
        5000,
        'the subscriber to connect',
        0,
      );
      const seen: string[] = [];
      dashboard.onStatus((s) => seen.push(s.state));
      const frames: number[] = [];
      dashboard.onFrame('yard', (jpeg) => frames.push(jpeg.length));
      const publishUntilSeen = (state: 'streaming' | 'detecting') =>
        waitFor(
          () => {
            publisher.publishStatus({
              cameraId: 'yard',
              state,
              detecting: state === 'detecting',
              stats: NO_STATS,
              restarts: 0,
              updatedAt: new Date().toISOString(),
            });
            publisher.publishFrame('yard', Buffer.alloc(3));
            return seen.includes(state) && frames.length > 0 ? true : undefined;
          },
          20_000,
          `status ${state} and a frame to arrive`,
        );
      await publishUntilSeen('streaming');
      await redis.kill();
      await redis.start();
      frames.length = 0;
      await publishUntilSeen('detecting');
      expect(errors).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
      await Promise.all([publisher.close(), dashboard.close()]);
    }
  });
});
