// The wall-clock span given to each recorded segment, on numbers.
import { describe, expect, it } from 'vitest';
import { segmentSpan } from '../../src/clip/segment-buffer';

describe('segment spans', () => {
  it('a segment spans its listed seconds up to when it closed', () => {
    expect(segmentSpan(undefined, '/s/r0-000000000.mkv', 2, 10_000)).toEqual({
      file: '/s/r0-000000000.mkv',
      startMs: 8000,
      endMs: 10_000,
    });
  });

  it('a slow source leaves no hole: the next segment of the run starts where the last ended', () => {
    const first = segmentSpan(undefined, '/s/r0-000000000.mkv', 2, 10_000);
    // 2 s of video took 3 s to arrive
    expect(segmentSpan(first, '/s/r0-000000001.mkv', 2, 13_000)).toMatchObject({ startMs: 10_000, endMs: 13_000 });
  });

  it('a segment listed longer than the time since the last keeps its listed start', () => {
    const first = segmentSpan(undefined, '/s/r0-000000000.mkv', 2, 10_000);
    expect(segmentSpan(first, '/s/r0-000000001.mkv', 2, 11_500)).toMatchObject({ startMs: 9500 });
  });

  it('after a recorder restart the gap is real: the new run does not reach back over it', () => {
    const last = segmentSpan(undefined, '/s/r0-000000007.mkv', 2, 10_000);
    expect(segmentSpan(last, '/s/r1-000000000.mkv', 2, 30_000)).toMatchObject({ startMs: 28_000 });
  });
});
