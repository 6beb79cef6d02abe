import { describe, expect, it } from 'vitest';
import { ViolationVotes } from '../../src/ppe/confirm';

const V = true;
const C = false;
const _ = null;

/** Frames (1-based) at which the sequence raises the violation. */
function raisedAt(seq: (boolean | null)[], params = { hits: 3, window: 5, clearAfter: 5 }): number[] {
  const votes = new ViolationVotes(params);
  const out: number[] = [];
  seq.forEach((v, i) => {
    if (votes.vote(v)) out.push(i + 1);
  });
  return out;
}

describe('ViolationVotes (M of N with hysteresis)', () => {
  it('raises when M of the last N frames violate', () => {
    expect(raisedAt([V, V, V])).toEqual([3]);
    expect(raisedAt([V, C, V, _, V])).toEqual([5]);
  });

  it('does not raise on sparse flicker', () => {
    expect(raisedAt([V, C, C, V, C, C, V, C, C, V, C, C])).toEqual([]);
    const oneInTen = Array.from({ length: 200 }, (_, i) => (i % 10 === 3 ? V : C));
    expect(raisedAt(oneInTen)).toEqual([]);
  });

  it('stays active through short gaps and clears after K frames without the violation', () => {
    const votes = new ViolationVotes({ hits: 3, window: 5, clearAfter: 4 });
    [V, V, V].forEach((v) => votes.vote(v));
    expect(votes.active).toBe(true);
    [C, _, C].forEach((v) => votes.vote(v));
    expect(votes.active).toBe(true);
    votes.vote(C);
    expect(votes.active).toBe(false);
  });

  it('raises at most once: a re-activation shows but is not captured again', () => {
    const votes = new ViolationVotes({ hits: 3, window: 5, clearAfter: 2 });
    const raised = [V, V, V, C, C, V, V, V, V].map((v) => votes.vote(v));
    expect(raised.filter(Boolean)).toHaveLength(1);
    expect(votes.active).toBe(true);
  });

  it('needs M fresh frames after clearing, even when K is shorter than the window', () => {
    const votes = new ViolationVotes({ hits: 3, window: 5, clearAfter: 1 });
    [V, V, V, C].forEach((v) => votes.vote(v));
    expect(votes.active).toBe(false);
    votes.vote(V);
    expect(votes.active).toBe(false);
  });

  it('tells pending and clean apart', () => {
    const votes = new ViolationVotes({ hits: 3, window: 5, clearAfter: 5 });
    expect(votes.pending).toBe(false);
    expect(votes.clean).toBe(false); // nothing seen: unknown
    votes.vote(C);
    expect(votes.clean).toBe(true);
    votes.vote(V);
    expect(votes.pending).toBe(true);
    expect(votes.clean).toBe(false);
    [C, C, C, C, C].forEach((v) => votes.vote(v));
    expect(votes.pending).toBe(false); // the violation left the window
  });
});
