import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/domain/detection';
import { LatestFrameSlot } from '../../src/ingest';
import { RawFrameReader } from '../../src/ingest/raw-frame-reader';

const frame = (seq: number, bytes = 12): Frame => ({
  data: Buffer.alloc(bytes, seq),
  width: 2,
  height: 2,
  seq,
  time: seq,
});

describe('RawFrameReader', () => {
  it('cuts a byte stream into exact frames whatever the chunk boundaries', () => {
    const frameBytes = 2 * 2 * 3;
    const stream = Buffer.concat([0, 1, 2, 3, 4].map((n) => Buffer.alloc(frameBytes, n)));
    const got: number[][] = [];
    const reader = new RawFrameReader(frameBytes, (data) => got.push([...data]));
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
    const reader = new RawFrameReader(4, (data) => delivered.push(data));
    reader.push(Buffer.from([1, 1, 1, 1, 2, 2])); // frame 1 out, frame 2 half in
    expect([...delivered[0]]).toEqual([1, 1, 1, 1]);
    reader.push(Buffer.from([2, 2, 3])); // frame 2 out, frame 3 started: may reuse frame 1's buffer
    expect([...delivered[1]]).toEqual([2, 2, 2, 2]);
  });

  it('drops a partial frame on reset (the ffmpeg writing it is gone)', () => {
    const got: number[][] = [];
    const reader = new RawFrameReader(3, (data) => got.push([...data]));
    reader.push(Buffer.from([9, 9]));
    reader.reset();
    reader.push(Buffer.from([7, 7, 7]));
    expect(got).toEqual([[7, 7, 7]]);
  });
});

describe('LatestFrameSlot', () => {
  it('gives a busy consumer the newest frame and counts the ones it never saw', async () => {
    const slot = new LatestFrameSlot();
    slot.put(frame(0));
    slot.put(frame(1));
    slot.put(frame(2));
    expect((await slot.next())?.seq).toBe(2);
    expect(slot.dropped).toBe(2);
  });

  it('waits for a newer frame instead of handing out the same one twice', async () => {
    const slot = new LatestFrameSlot();
    slot.put(frame(0));
    expect((await slot.next())?.seq).toBe(0);
    const waiting = slot.next();
    slot.put(frame(1));
    expect((await waiting)?.seq).toBe(1);
  });

  it('keeps the frame the consumer holds intact while newer ones arrive', async () => {
    const slot = new LatestFrameSlot();
    const source = frame(5);
    slot.put(source);
    const held = (await slot.next())!;
    source.data.fill(0); // the producer reuses its buffer
    slot.put(frame(6));
    slot.put(frame(7));
    expect(held.data.every((b) => b === 5)).toBe(true);
    expect((await slot.next())?.seq).toBe(7);
  });

  it('resolves undefined once closed, for a waiting consumer and for a frame left behind', async () => {
    const slot = new LatestFrameSlot();
    const waiting = slot.next();
    slot.close();
    expect(await waiting).toBeUndefined();

    const other = new LatestFrameSlot();
    other.put(frame(1));
    other.close();
    expect(await other.next()).toBeUndefined();
  });
});
