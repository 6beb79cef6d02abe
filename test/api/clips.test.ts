// Clips through the real bus, archive, API and retention: a capture is saved at once with its clip
// pending; the clip event that follows stores the clip beside the stills (served with Range
// requests) and is announced live, or the capture says why it has none. None is kept for refused
// duplicates, amendments or deleted captures; clips still owed by a gone worker are settled;
// retention deletes clips before the stills.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Retention } from '../../src/capture/retention';
import { clipMaxWaitMs, WORKER_STOPPED } from '../../src/clip/clip-maker';
import type { CaptureClip, CaptureEvent } from '../../src/domain/events';
import type { CaptureRecord } from '../../src/store/captures';
import { sampleClip } from '../helpers/media';
import { ADMIN, Client, saveCapture, signedIn, startWithUsers, VIEWER, waitFor, type TestSystem } from './helpers';

describe('capture clips', () => {
  let system: TestSystem;
  let viewer: Client;
  let mp4: Buffer;

  beforeAll(async () => {
    system = await startWithUsers();
    viewer = await signedIn(system, VIEWER);
    mp4 = fs.readFileSync(sampleClip(0, 4));
  });
  afterAll(async () => {
    await system?.close();
  });

  /** The clip of `capture` as its worker sends it, through the bus; the capture as stored then. */
  async function clipArrives(capture: Pick<CaptureRecord, 'id' | 'cameraId'>, clip: CaptureClip) {
    await system.bus.publishClip({ captureId: capture.id, cameraId: capture.cameraId, clip });
    return system.captures.get(capture.id)!;
  }

  /** A capture saved with its clip pending, and that clip arriving. */
  async function withClip(clip: CaptureClip, over: Partial<CaptureEvent> = {}): Promise<CaptureRecord> {
    return clipArrives(await saveCapture(system, { clip: 'pending', ...over }), clip);
  }

  /** Server-sent events received while `act` runs. */
  async function eventsDuring(act: () => Promise<void>): Promise<string> {
    const chunks: string[] = [];
    const req = http.get(`${system.url}/api/events`, { headers: { cookie: viewer.cookie! } });
    const response = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    response.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk));
    await new Promise((r) => setTimeout(r, 100));
    try {
      await act();
      await new Promise((r) => setTimeout(r, 200));
      return chunks.join('');
    } finally {
      req.destroy();
    }
  }

  it('saves the capture at once saying its clip is being prepared; the clip follows, announced live', async () => {
    const pending = await saveCapture(system, { clip: 'pending' });
    const before = (await viewer.get(`/api/violations/${pending.id}`)).json;
    expect(before).toMatchObject({ clipPending: true, clipUrl: null, clipError: null });
    const early = await viewer.get(`/api/violations/${pending.id}/clip.mp4`);
    expect(early.status).toBe(404);
    expect(early.json.error).toContain('being prepared');

    let stored: CaptureRecord | undefined;
    const events = await eventsDuring(async () => {
      stored = await clipArrives(pending, { mp4, startMs: 0 });
    });
    expect(events).toMatch(
      new RegExp(
        `event: capture-updated\\ndata: \\{"id":"${pending.id}".*"clipUrl":"/api/violations/${pending.id}/clip.mp4"`,
      ),
    );
    // The row links the clip; the file is the bytes sent, written the safe way (no .tmp left).
    expect(stored!.clipPath).toBe(pending.cropPath.replace('_crop.jpg', '_clip.mp4'));
    expect(stored!.bytes).toBe(pending.bytes! + mp4.length);
    const file = path.join(system.dataDir, stored!.clipPath!);
    expect(fs.readFileSync(file).equals(mp4)).toBe(true);
    expect(fs.existsSync(`${file}.tmp`)).toBe(false);
  });

  it('serves the clip whole (200) and by range (206), to signed-in users only', async () => {
    const c = await withClip({ mp4, startMs: 0 });
    const api = await viewer.get(`/api/violations/${c.id}`);
    expect(api.json).toMatchObject({
      clipUrl: `/api/violations/${c.id}/clip.mp4`,
      clipPending: false,
      clipError: null,
    });

    const whole = await viewer.get(api.json.clipUrl);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.body.equals(mp4)).toBe(true);

    const part = await viewer.get(api.json.clipUrl, { range: 'bytes=100-1099' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-1099/${mp4.length}`);
    expect(part.body.equals(mp4.subarray(100, 1100))).toBe(true);
    const tail = await viewer.get(api.json.clipUrl, { range: 'bytes=-500' });
    expect(tail.status).toBe(206);
    expect(tail.body.equals(mp4.subarray(mp4.length - 500))).toBe(true);
    const outside = await viewer.get(api.json.clipUrl, { range: `bytes=${mp4.length}-` });
    expect(outside.status).toBe(416);

    // Like the images: for signed-in users only.
    const stranger = await new Client(system.url).get(api.json.clipUrl);
    expect(stranger.status).toBe(401);

    // Playing it is one entry of the audit trail, however many ranges the player fetched.
    const admin = await signedIn(system, ADMIN);
    const played = await waitFor(
      async () => {
        const items = (await admin.get(`/api/audit?captureId=${c.id}&action=capture.clip`)).json.items;
        return items.length ? items : undefined;
      },
      10_000,
      'the clip access in the audit trail',
    );
    expect(played).toHaveLength(1);
    expect(played[0]).toMatchObject({ user: VIEWER.name, captureId: c.id, cameraId: c.cameraId });
  });

  it('tells where the capture frame is in the clip', async () => {
    const at = Date.now() - 60_000;
    const c = await withClip({ mp4, startMs: at - 6200 }, { time: new Date(at).toISOString() });
    const api = await viewer.get(`/api/violations/${c.id}`);
    expect(api.json.clipOffsetSeconds).toBeCloseTo(6.2, 3);
  });

  it('a capture whose clip could not be made exists and says why', async () => {
    const c = await withClip({ error: 'clip recorder stopped: Connection refused' });
    const api = await viewer.get(`/api/violations/${c.id}`);
    expect(api.status).toBe(200);
    expect(api.json).toMatchObject({
      clipUrl: null,
      clipPending: false,
      clipError: 'clip recorder stopped: Connection refused',
    });
    const clip = await viewer.get(`/api/violations/${c.id}/clip.mp4`);
    expect(clip.status).toBe(404);
    expect(clip.json.error).toContain('Connection refused');
  });

  it('keeps one clip per capture: a clip delivered again changes nothing', async () => {
    const c = await withClip({ mp4, startMs: 0 });
    const again = await clipArrives(c, { mp4: Buffer.from('not this one'), startMs: 5 });
    expect(again).toEqual(c);
    expect(fs.readFileSync(path.join(system.dataDir, c.clipPath!)).equals(mp4)).toBe(true);
  });

  it('keeps no clip of a capture the dedup refuses, nor of a later sighting saved in its place', async () => {
    const first = await withClip({ mp4, startMs: 0 });
    const dir = path.dirname(path.join(system.dataDir, first.clipPath!));
    const clipFiles = () => fs.readdirSync(dir).filter((f) => f.includes('_clip.mp4'));
    const before = clipFiles();
    const { crop, frame } = { crop: Buffer.from('x'), frame: Buffer.from('y') };
    const again = { ...first, id: `${first.id}-again`, time: new Date(Date.parse(first.time) + 2000).toISOString() };
    expect((await system.archive.save({ ...again, crop, frame, clip: 'pending' })).outcome).toBe('duplicate');
    // The refused capture's clip is dropped: no file, no row.
    expect(
      (await system.archive.saveClip({ captureId: again.id, cameraId: again.cameraId, clip: { mp4, startMs: 0 } }))
        .outcome,
    ).toBe('dropped');
    expect(clipFiles()).toEqual(before);
    expect(system.captures.get(again.id)).toBeUndefined();

    // Its person's later kind is saved under the refused id, with no clip of its own; the refused
    // capture's clip arriving after that is not taken for it.
    const later = await saveCapture(system, { id: again.id, amendment: true, kinds: ['no-vest'] });
    expect(later).toMatchObject({ clipError: 'no clip: saved from a later sighting of the person' });
    expect(later.clipPending).toBeUndefined();
    const clip = await clipArrives(later, { mp4, startMs: 0 });
    expect(clip.clipPath).toBeUndefined();
  });

  it('drops the clip of a capture deleted before it arrived', async () => {
    const c = await saveCapture(system, { clip: 'pending' });
    await system.archive.remove(c.id);
    const { outcome } = await system.archive.saveClip({
      captureId: c.id,
      cameraId: c.cameraId,
      clip: { mp4, startMs: 0 },
    });
    expect(outcome).toBe('dropped');
    expect(fs.existsSync(path.join(system.dataDir, c.cropPath.replace('_crop.jpg', '_clip.mp4')))).toBe(false);
  });

  it('settles the clips a gone worker owed: its camera, taken before the time given; the server does it at start', async () => {
    const now = Date.now();
    const old = await saveCapture(system, {
      clip: 'pending',
      cameraId: 'cam-gone',
      time: new Date(now - 120_000).toISOString(),
    });
    const recent = await saveCapture(system, {
      clip: 'pending',
      cameraId: 'cam-gone',
      time: new Date(now - 1000).toISOString(),
    });
    const elsewhere = await saveCapture(system, {
      clip: 'pending',
      cameraId: 'cam-other',
      time: new Date(now - 120_000).toISOString(),
    });
    const events = await eventsDuring(() =>
      system.bus.publishClip({ cameraId: 'cam-gone', takenBeforeMs: now - 60_000, reason: WORKER_STOPPED }),
    );
    expect(events).toMatch(
      new RegExp(`event: capture-updated\\ndata: \\{"id":"${old.id}".*"clipError":"${WORKER_STOPPED}"`),
    );
    expect(system.captures.get(old.id)).toMatchObject({ clipError: WORKER_STOPPED });
    expect(system.captures.get(old.id)!.clipPending).toBeUndefined();
    expect(system.captures.get(recent.id)!.clipPending).toBe(true);
    expect(system.captures.get(elsewhere.id)!.clipPending).toBe(true);
    // A clip owed no more is not taken when it comes after all.
    expect((await clipArrives(old, { mp4, startMs: 0 })).clipPath).toBeUndefined();

    // A restarted server settles every camera's pending clips older than the longest wait for one.
    const dataDir = system.dataDir;
    await system.close();
    system = await startWithUsers({ dataDir });
    viewer = await signedIn(system, VIEWER);
    await waitFor(() => !system.captures.get(elsewhere.id)!.clipPending, 5000, 'the pending clip settled');
    const api = await viewer.get(`/api/violations/${elsewhere.id}`);
    expect(api.json).toMatchObject({ clipPending: false, clipUrl: null, clipError: WORKER_STOPPED });
    // One taken within that wait may still come from a worker that lives on (Redis mode).
    expect(Date.now() - Date.parse(recent.time)).toBeLessThan(clipMaxWaitMs(system.config.clip));
    expect(system.captures.get(recent.id)!.clipPending).toBe(true);
  });

  it('retention deletes clips before stills: by clipDays, and first under a tight budget', async () => {
    const [oldest] = system.captures.clips.withClips(Number.MAX_SAFE_INTEGER, 1);
    const b = await withClip({ mp4, startMs: 0 });
    const capturesBefore = system.captures.count();
    // One byte over budget: deleting the oldest clip is enough, and no capture goes.
    const retention = new Retention({
      config: { days: 30, maxBytes: system.captures.totalBytes() - 1, keepReviewed: true },
      store: system.captures,
      archive: system.archive,
    });
    const report = await retention.sweep();
    expect(report.byBudget).toBe(0);
    expect(report.clips).toBe(1);
    expect(system.captures.count()).toBe(capturesBefore);
    const trimmed = system.captures.get(oldest.id)!;
    expect(trimmed.clipError).toBe('clip deleted to keep within the disk budget');
    expect(trimmed.bytes).toBe(oldest.bytes! - mp4.length);
    expect(fs.existsSync(path.join(system.dataDir, oldest.clipPath!))).toBe(false);
    expect(fs.existsSync(path.join(system.dataDir, trimmed.cropPath))).toBe(true);

    // Keep stills longer: clipDays deletes every clip older than that; the captures stay.
    const byAge = new Retention({
      config: { days: 30, clipDays: 1, maxBytes: 10 * 1024 ** 3, keepReviewed: true },
      store: system.captures,
      archive: system.archive,
    });
    await byAge.sweep();
    const kept = system.captures.get(b.id)!;
    expect(kept.clipPath).toBeUndefined();
    expect(kept.clipError).toBe('clip deleted after 1 days');
    expect(fs.existsSync(path.join(system.dataDir, b.clipPath!))).toBe(false);
    expect(fs.existsSync(path.join(system.dataDir, kept.framePath))).toBe(true);
    const api = await viewer.get(`/api/violations/${b.id}`);
    expect(api.json.clipError).toBe('clip deleted after 1 days');
  });
});
