import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db';
import { CaptureStore } from '../../src/store/captures';

function capture(i: number, cameraId = 'cam-a', kinds: ('no-helmet' | 'no-vest')[] = ['no-helmet']) {
  return {
    id: `id-${String(i).padStart(3, '0')}`,
    time: new Date(Date.UTC(2026, 10, 26, 8, 0, i)).toISOString(),
    cameraId,
    cameraName: 'Camera',
    location: 'Yard',
    trackId: i,
    kinds,
    confidence: 0.8,
    box: [1, 2, 3, 4] as [number, number, number, number],
    cropPath: `c${i}.jpg`,
    framePath: `f${i}.jpg`,
  };
}

const tempDb = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-store-')), 'cctv.sqlite');

describe('capture store', () => {
  it('pages newest first without gaps or repeats, even when captures arrive between pages', () => {
    const store = new CaptureStore(openDatabase(tempDb()));
    for (let i = 0; i < 25; i++) store.add(capture(i));
    const first = store.list({ limit: 10 });
    expect(first.items.map((c) => c.trackId)).toEqual([24, 23, 22, 21, 20, 19, 18, 17, 16, 15]);
    store.add(capture(99)); // a new capture must not shift the next page
    const second = store.list({ limit: 10, before: first.nextCursor! });
    expect(second.items[0].trackId).toBe(14);
    const third = store.list({ limit: 10, before: second.nextCursor! });
    expect(third.items.map((c) => c.trackId)).toEqual([4, 3, 2, 1, 0]);
    expect(third.nextCursor).toBeNull();
  });

  it('filters by camera and by violation kind', () => {
    const store = new CaptureStore(openDatabase(tempDb()));
    store.add(capture(1, 'cam-a', ['no-helmet']));
    store.add(capture(2, 'cam-b', ['no-vest']));
    store.add(capture(3, 'cam-b', ['no-helmet', 'no-vest']));
    expect(store.list({ limit: 10, cameraId: 'cam-b' }).items.map((c) => c.trackId)).toEqual([3, 2]);
    expect(store.list({ limit: 10, kind: 'no-helmet' }).items.map((c) => c.trackId)).toEqual([3, 1]);
    expect(store.list({ limit: 10, kind: 'no-vest', cameraId: 'cam-a' }).items).toEqual([]);
  });

  it('stores a redelivered capture once', () => {
    const store = new CaptureStore(openDatabase(tempDb()));
    expect(store.add(capture(1))).toBe(true);
    expect(store.add(capture(1))).toBe(false);
    expect(store.count()).toBe(1);
  });

  it('keeps captures across a restart of the server', () => {
    const file = tempDb();
    const db = openDatabase(file);
    new CaptureStore(db).add(capture(7));
    db.close();
    const reopened = new CaptureStore(openDatabase(file));
    expect(reopened.get('id-007')).toMatchObject({
      trackId: 7,
      kinds: ['no-helmet'],
      box: [1, 2, 3, 4],
      status: 'new',
    });
  });

  it('rejects a cursor it did not issue', () => {
    const store = new CaptureStore(openDatabase(tempDb()));
    expect(() => store.list({ limit: 10, before: "'; DROP TABLE captures; --" })).toThrow(RangeError);
  });
});
