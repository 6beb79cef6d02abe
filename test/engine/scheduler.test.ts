// The engine's choice of the next pass: round-robin over cameras, each camera's passes in order.
import { describe, expect, it } from 'vitest';
import { FairScheduler } from '../../src/engine/scheduler';

/** Takes everything, as "camera:request" in the order served. */
function drain(scheduler: FairScheduler<number>): string[] {
  const served: string[] = [];
  for (let next = scheduler.take(); next; next = scheduler.take()) served.push(`${next.client}:${next.request}`);
  return served;
}

describe('fair scheduler', () => {
  it('serves cameras in turn, each camera in the order it sent', () => {
    const s = new FairScheduler<number>();
    [1, 2, 3].forEach((n) => s.push('a', n));
    s.push('b', 1);
    [1, 2].forEach((n) => s.push('c', n));
    expect(s.size).toBe(6);
    expect(drain(s)).toEqual(['a:1', 'b:1', 'c:1', 'a:2', 'c:2', 'a:3']);
    expect(s.size).toBe(0);
    expect(s.take()).toBeUndefined();
  });

  it('does not starve a camera that sends rarely while another floods', () => {
    const s = new FairScheduler<number>();
    let served = 0;
    let quietServedAt = -1;
    for (let round = 0; round < 100; round++) {
      s.push('busy', round);
      s.push('busy', round + 0.5);
      if (round === 50) s.push('quiet', 0);
      const next = s.take()!;
      served++;
      if (next.client === 'quiet') quietServedAt = served;
    }
    // The quiet camera's frame waits behind at most one pass of the busy one.
    expect(quietServedAt).toBeGreaterThan(50);
    expect(quietServedAt).toBeLessThanOrEqual(52);
  });

  it('gives every camera the same share under load, whatever each sends', () => {
    const s = new FairScheduler<number>();
    const counts = new Map<string, number>();
    const cameras = ['a', 'b', 'c', 'd'];
    for (let i = 0; i < 400; i++) {
      // Camera a sends four passes a round (a tiled camera), the others one.
      cameras.forEach((c) => Array.from({ length: c === 'a' ? 4 : 1 }, () => s.push(c, i)));
      for (let k = 0; k < 4; k++) {
        const next = s.take()!;
        counts.set(next.client, (counts.get(next.client) ?? 0) + 1);
      }
    }
    for (const c of cameras) expect(counts.get(c)).toBe(400);
  });

  it('forgets a camera that went away, and serves the rest', () => {
    const s = new FairScheduler<number>();
    s.push('a', 1);
    s.push('b', 1);
    s.push('a', 2);
    expect(s.drop('a')).toEqual([1, 2]);
    expect(drain(s)).toEqual(['b:1']);
    expect(s.drop('nobody')).toEqual([]);
    s.push('a', 3);
    expect(drain(s)).toEqual(['a:3']);
  });

  it('passes over a camera whose pass is running (two lanes), keeping its turn for later', () => {
    const s = new FairScheduler<number>();
    [1, 2].forEach((n) => s.push('a', n));
    s.push('b', 1);
    const first = s.take()!;
    expect(`${first.client}:${first.request}`).toBe('a:1');
    const second = s.take(new Set(['a']))!; // a's first pass still runs on the other lane
    expect(`${second.client}:${second.request}`).toBe('b:1');
    expect(s.take(new Set(['a']))).toBeUndefined(); // only a waits, and a is busy
    expect(drain(s)).toEqual(['a:2']);
  });
});
