import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CaptureArchive } from '../../src/capture/archive';
import type { DedupMemory } from '../../src/capture/dedup';
import { Retention } from '../../src/capture/retention';
import type { RetentionConfig } from '../../src/capture/config';
import { CaptureStore, type CaptureRecord } from '../../src/store/captures';
import { openDatabase } from '../../src/store/db';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 15, 12, 0, 0);
const admitAll = { admit: async () => true, refresh: async () => {} } as unknown as DedupMemory;

function setup(config: Partial<RetentionConfig> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-retention-'));
  const store = new CaptureStore(openDatabase(path.join(dir, 'cctv.sqlite')));
  const archive = new CaptureArchive(dir, store, admitAll);
  const removed: string[] = [];
  const retention = new Retention({
    config: { days: 30, maxBytes: 10 * 1024 ** 3, keepReviewed: true, ...config },
    store,
    archive,
    onRemoved: (r) => removed.push(r.id),
    now: () => NOW,
  });
  const image = sharp({ create: { width: 40, height: 40, channels: 3, background: '#888' } })
    .jpeg()
    .toBuffer();
  async function capture(ageDays: number, cameraId = 'cam'): Promise<CaptureRecord> {
    const buf = await image;
    const { record } = await archive.save({
      id: randomUUID(),
      time: new Date(NOW - ageDays * DAY).toISOString(),
      cameraId,
      cameraName: 'Cam',
      location: '',
      trackId: 1,
      kinds: ['no-helmet'],
      confidence: 0.9,
      box: [0, 0, 10, 10],
      crop: buf,
      frame: buf,
    });
    return record!;
  }
  const exists = (r: CaptureRecord) =>
    fs.existsSync(path.join(dir, r.cropPath)) && fs.existsSync(path.join(dir, r.framePath));
  return { dir, store, archive, retention, capture, removed, exists };
}

describe('retention', () => {
  it('deletes captures older than the configured days, rows and files together', async () => {
    const t = setup({ days: 30 });
    const old = await t.capture(40);
    const young = await t.capture(20);
    const report = await t.retention.sweep();
    expect(report).toMatchObject({ byAge: 1, byBudget: 0 });
    expect(t.store.get(old.id)).toBeUndefined();
    expect(fs.existsSync(path.join(t.dir, old.cropPath))).toBe(false);
    expect(fs.existsSync(path.join(t.dir, old.framePath))).toBe(false);
    // The emptied day folder goes too.
    expect(fs.existsSync(path.dirname(path.join(t.dir, old.cropPath)))).toBe(false);
    expect(t.store.get(young.id)).toBeDefined();
    expect(t.exists(young)).toBe(true);
    expect(t.removed).toEqual([old.id]);
  });

  it('keeps old captures a person confirmed, unless keepReviewed is off; false positives go', async () => {
    for (const keepReviewed of [true, false]) {
      const t = setup({ days: 30, keepReviewed });
      const acknowledged = await t.capture(40);
      const resolved = await t.capture(41);
      const falsePositive = await t.capture(42);
      t.store.review(acknowledged.id, 'acknowledged', 'sam', undefined);
      t.store.review(resolved.id, 'acknowledged', 'sam', undefined);
      t.store.review(resolved.id, 'resolved', 'sam', undefined);
      t.store.review(falsePositive.id, 'false-positive', 'sam', undefined);
      await t.retention.sweep();
      expect(t.store.get(falsePositive.id)).toBeUndefined();
      expect(t.store.get(acknowledged.id) !== undefined).toBe(keepReviewed);
      expect(t.store.get(resolved.id) !== undefined).toBe(keepReviewed);
    }
  });

  it('keeps the folder under the disk budget, oldest first, confirmed captures last', async () => {
    const probe = setup();
    const one = (await probe.capture(1)).bytes!;
    const t = setup({ maxBytes: one * 3 });
    const c = [await t.capture(5), await t.capture(4), await t.capture(3), await t.capture(2), await t.capture(1)];
    t.store.review(c[0].id, 'acknowledged', 'sam', undefined); // the oldest, but confirmed
    const report = await t.retention.sweep();
    expect(report).toMatchObject({ byAge: 0, byBudget: 2, totalBytes: one * 3 });
    expect(c.map((r) => t.store.get(r.id) !== undefined)).toEqual([true, false, false, true, true]);
    expect(c.map((r) => t.exists(r))).toEqual([true, false, false, true, true]);

    // Room for one: every unconfirmed capture goes before the confirmed one, however new.
    const tight = (maxBytes: number) =>
      new Retention({
        config: { days: 30, maxBytes, keepReviewed: true },
        store: t.store,
        archive: t.archive,
        now: () => NOW,
      });
    await tight(one).sweep();
    expect(c.map((r) => t.store.get(r.id) !== undefined)).toEqual([true, false, false, false, false]);
    // Room for none: the confirmed one goes too (a full disk would stop all new captures).
    await tight(one - 1).sweep();
    expect(t.store.count()).toBe(0);
  });

  it('measures captures saved before sizes were recorded', async () => {
    const t = setup();
    const c = await t.capture(1);
    const db = (t.store as unknown as { db: import('better-sqlite3').Database }).db;
    db.prepare('UPDATE captures SET bytes = NULL').run();
    expect(t.store.totalBytes()).toBe(0);
    const report = await t.retention.sweep();
    expect(report.totalBytes).toBe(c.bytes);
  });
});

describe('start-up sweep', () => {
  it('removes capture files without a row and .tmp leftovers, and nothing else', async () => {
    const t = setup();
    const kept = await t.capture(1);
    const dayDir = path.dirname(path.join(t.dir, kept.cropPath));
    // An interrupted save: the files were written, the row never was.
    fs.writeFileSync(path.join(dayDir, 'orphan_crop.jpg'), 'x');
    fs.writeFileSync(path.join(dayDir, 'orphan_frame.jpg'), 'x');
    // Interrupted mid-write: only the temporary file exists.
    fs.writeFileSync(path.join(dayDir, 'half_crop.jpg.tmp'), 'x');
    const emptyDay = path.join(t.dir, 'captures', 'cam', '2020-01-01');
    fs.mkdirSync(emptyDay, { recursive: true });
    fs.writeFileSync(path.join(emptyDay, 'lost_frame.jpg'), 'x');
    // The database itself is never touched.
    const dbFile = path.join(t.dir, 'cctv.sqlite');

    const report = await t.archive.sweepOrphans();
    expect(report).toEqual({ orphans: 3, temporaries: 1, bytes: 4, tightenedFolders: 0 });
    expect(fs.readdirSync(dayDir).sort()).toEqual([path.basename(kept.cropPath), path.basename(kept.framePath)].sort());
    expect(fs.existsSync(emptyDay)).toBe(false);
    expect(fs.existsSync(dbFile)).toBe(true);
    expect(t.store.get(kept.id)).toBeDefined();
  });

  it('never resolves a stored path outside the capture folder', () => {
    const t = setup();
    expect(t.archive.resolve('../cctv.sqlite')).toBeUndefined();
    expect(t.archive.resolve('captures/../cctv.sqlite')).toBeUndefined();
    expect(t.archive.resolve('/etc/passwd')).toBeUndefined();
    expect(t.archive.resolve('captures/cam/x.jpg')).toBe(path.join(t.dir, 'captures', 'cam', 'x.jpg'));
  });
});

describe('a failed save', () => {
  it('leaves neither a row nor a file, and the same event can be saved again', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-failsave-'));
    const store = new CaptureStore(openDatabase(path.join(dir, 'cctv.sqlite')));
    const archive = new CaptureArchive(dir, store, admitAll);
    const buf = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .jpeg()
      .toBuffer();
    const event = {
      id: randomUUID(),
      time: new Date(NOW).toISOString(),
      cameraId: 'cam',
      cameraName: 'Cam',
      location: '',
      trackId: 3,
      kinds: ['no-vest' as const],
      confidence: 0.8,
      box: [0, 0, 4, 4] as [number, number, number, number],
      crop: buf,
      frame: buf,
    };
    const add = store.add.bind(store);
    store.add = () => {
      throw new Error('disk I/O error');
    };
    await expect(archive.save(event)).rejects.toThrow(/disk I\/O error/);
    expect(store.count()).toBe(0);
    const files = fs
      .readdirSync(path.join(dir, 'captures'), { recursive: true })
      .filter((f) => String(f).includes('.jpg'));
    expect(files).toEqual([]);
    store.add = add;
    expect((await archive.save(event)).outcome).toBe('saved');
    expect(store.count()).toBe(1);
  });
});
