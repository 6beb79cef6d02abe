import { describe, expect, it } from 'vitest';
import type { LentFrame } from '../../src/domain/detection';
import { LatestFrameSlot } from '../../src/ingest';
import { FramePool } from '../../src/ingest/frame-pool';
import { RawFrameReader } from '../../src/ingest/raw-frame-reader';

/** A 2×2 frame filled with `seq`, lent from `pool`. */
const lent = (pool: FramePool, seq: number): LentFrame => pool.lend(pool.acquire().fill(seq), 2, 2, seq, seq);

describe('RawFrameReader', () => {
  it('cuts a byte stream into exact frames whatever the chunk boundaries', () => {
    const frameBytes = 2 * 2 * 3;
    const stream = Buffer.concat([0, 1, 2, 3, 4].map((n) => Buffer.alloc(frameBytes, n)));
    const got: number[][] = [];
    const reader = new RawFrameReader(new FramePool(frameBytes), (data) => got.push([...data]));
    // Chunks of 5, 7, 1 and 30 bytes: frames start and end mid-chunk and span several chunks.
    let offset = 0;
    for (const size of [5, 7, 1, 30, 17]) {
      reader.push(stream.subarray(offset, offset + size));
      offset += size;
    }
    expect(got).toEqual([0, 1, 2, 3, 4].map((n) => new Array(frameBytes).fill(n)));
  });

  it('keeps a delivered frame intact until the next frame is delivered', () => {
    const delivered: Buffer[] = [];
    const reader = new RawFrameReader(new FramePool(4), (data) => delivered.push(data));
    reader.push(Buffer.from([1, 1, 1, 1, 2, 2])); // frame 1 out, frame 2 half in
    expect([...delivered[0]]).toEqual([1, 1, 1, 1]);
    reader.push(Buffer.from([2, 2, 3])); // frame 2 out, frame 3 started: may reuse frame 1's buffer
    expect([...delivered[1]]).toEqual([2, 2, 2, 2]);
  });

  it('drops a partial frame on reset (the ffmpeg writing it is gone)', () => {
    const got: number[][] = [];
    const reader = new RawFrameReader(new FramePool(3), (data) => got.push([...data]));
    reader.push(Buffer.from([9, 9]));
    reader.reset();
    reader.push(Buffer.from([7, 7, 7]));
    expect(got).toEqual([[7, 7, 7]]);
  });
});

describe('LatestFrameSlot', () => {
  it('gives a busy consumer the newest frame and counts the ones it never saw', async () => {
    const slot = new LatestFrameSlot();
    const pool = new FramePool(12);
    slot.put(lent(pool, 0));
    slot.put(lent(pool, 1));
    slot.put(lent(pool, 2));
    expect((await slot.next())?.seq).toBe(2);
    expect(slot.dropped).toBe(2);
  });

  it('waits for a newer frame instead of handing out the same one twice', async () => {
    const slot = new LatestFrameSlot();
    const pool = new FramePool(12);
    slot.put(lent(pool, 0));
    expect((await slot.next())?.seq).toBe(0);
    const waiting = slot.next();
    slot.put(lent(pool, 1));
    expect((await waiting)?.seq).toBe(1);
  });

  it('keeps the frame the consumer holds intact while newer ones arrive', async () => {
    const slot = new LatestFrameSlot();
    const pool = new FramePool(12);
    slot.put(lent(pool, 5));
    const held = (await slot.next())!;
    slot.put(lent(pool, 6));
    slot.put(lent(pool, 7));
    expect(held.data.every((b) => b === 5)).toBe(true);
    expect((await slot.next())?.seq).toBe(7);
    // The producer reuses every buffer given back (frame 6's, replaced by 7), never a held one.
    slot.put(lent(pool, 8));
    slot.put(lent(pool, 9));
    expect(held.data.every((b) => b === 5)).toBe(true);
    expect(pool.allocated).toBe(4);
  });

  it('resolves undefined once closed, for a waiting consumer and for a frame left behind', async () => {
    const slot = new LatestFrameSlot();
    const waiting = slot.next();
    slot.close();
    expect(await waiting).toBeUndefined();

    const other = new LatestFrameSlot();
    const pool = new FramePool(12);
    other.put(lent(pool, 1));
    other.close();
    expect(await other.next()).toBeUndefined();
    pool.acquire(); // the frame left behind was given back: its buffer is reused
    expect(pool.allocated).toBe(1);
  });
});

describe('FramePool', () => {
  it('hands a buffer out again only once its frame is released, however often that is called', () => {
    const pool = new FramePool(3);
    const first = pool.lend(pool.acquire().fill(1), 1, 1, 0, 0);
    expect(pool.acquire()).not.toBe(first.data);
    first.release();
    first.release();
    expect(pool.acquire()).toBe(first.data);
    expect(pool.acquire()).not.toBe(first.data);
    expect(pool.allocated).toBe(3);
  });

  it('lets the reader fill a delivered buffer again only after it is given back', () => {
    const pool = new FramePool(2);
    const delivered: Buffer[] = [];
    const reader = new RawFrameReader(pool, (data) => delivered.push(data));
    reader.push(Buffer.from([1, 1, 2, 2, 3, 3]));
    expect(delivered.map((d) => [...d])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    pool.recycle(delivered[0]);
    reader.push(Buffer.from([4, 4]));
    expect(delivered[3]).toBe(delivered[0]);
    expect(delivered.slice(1).map((d) => [...d])).toEqual([
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
  });
});
