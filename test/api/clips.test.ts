// Clips through the real archive, API and retention: stored beside the stills, served with Range
// requests, "no clip" with the reason, none kept for refused duplicates, deleted before the stills.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Retention } from '../../src/capture/retention';
import { sampleClip } from '../helpers/media';
import { Client, saveCapture, startWithUsers, VIEWER, type TestSystem } from './helpers';

describe('capture clips', () => {
  let system: TestSystem;
  let viewer: Client;
  let mp4: Buffer;

  beforeAll(async () => {
    system = await startWithUsers();
    viewer = new Client(system.url);
    await viewer.login(VIEWER.name, VIEWER.password);
    mp4 = fs.readFileSync(sampleClip(0, 4));
  });
  afterAll(async () => {
    await system?.close();
  });

  it('stores the clip beside the stills and serves it whole (200) and by range (206)', async () => {
    const withClip = await saveCapture(system, { clip: { mp4, startMs: 0 } });
    // The row links the clip; the file is the bytes sent, written the safe way (no .tmp left).
    expect(withClip.clipPath).toMatch(/_clip\.mp4$/);
    const file = path.join(system.dataDir, withClip.clipPath!);
    expect(fs.readFileSync(file).equals(mp4)).toBe(true);
    expect(fs.existsSync(`${file}.tmp`)).toBe(false);

    const api = await viewer.get(`/api/violations/${withClip.id}`);
    expect(api.json.clipUrl).toBe(`/api/violations/${withClip.id}/clip.mp4`);
    expect(api.json.clipError).toBeNull();

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
  });

  it('tells where the capture frame is in the clip', async () => {
    const at = Date.now() - 60_000;
    const c = await saveCapture(system, { time: new Date(at).toISOString(), clip: { mp4, startMs: at - 6200 } });
    const api = await viewer.get(`/api/violations/${c.id}`);
    expect(api.json.clipOffsetSeconds).toBeCloseTo(6.2, 3);
  });

  it('a capture whose clip could not be made exists and says why', async () => {
    const c = await saveCapture(system, { clip: { error: 'clip recorder stopped: Connection refused' } });
    const api = await viewer.get(`/api/violations/${c.id}`);
    expect(api.status).toBe(200);
    expect(api.json.clipUrl).toBeNull();
    expect(api.json.clipError).toBe('clip recorder stopped: Connection refused');
    const clip = await viewer.get(`/api/violations/${c.id}/clip.mp4`);
    expect(clip.status).toBe(404);
    expect(clip.json.error).toContain('Connection refused');
  });

  it('keeps no clip of a capture the dedup refuses', async () => {
    const first = await saveCapture(system, { clip: { mp4, startMs: 0 } });
    const again = {
      ...first,
      id: `${first.id}-again`,
      time: new Date(Date.parse(first.time) + 2000).toISOString(),
      crop: Buffer.from('x'),
      frame: Buffer.from('y'),
      clip: { mp4, startMs: 0 },
    };
    const dir = path.dirname(path.join(system.dataDir, first.clipPath!));
    const clipFiles = () => fs.readdirSync(dir).filter((f) => f.includes('_clip.mp4'));
    const before = clipFiles();
    const { outcome } = await system.archive.save(again);
    expect(outcome).toBe('duplicate');
    expect(clipFiles()).toEqual(before);
  });

  it('retention deletes clips before stills: by clipDays, and first under a tight budget', async () => {
    const [oldest] = system.captures.withClips(Number.MAX_SAFE_INTEGER, 1);
    const b = await saveCapture(system, { clip: { mp4, startMs: 0 } });
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
