import { describe, expect, it } from 'vitest';
import { ViolationVotes } from '../../src/ppe/confirm';
import { ppeAtRate, ppeConfigSchema } from '../../src/ppe/config';

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

describe('the confirmation at the camera frame rate (counts meant at 5 fps)', () => {
  const ppe = ppeConfigSchema.parse({});
  const votesAt = (fps: number) => new ViolationVotes(ppeAtRate(ppe, fps).confirm);
  const framesToRaise = (votes: ViolationVotes) => {
    let frames = 1;
    while (!votes.vote(true)) frames++;
    return frames;
  };

  it('a 15 fps camera needs 5 frames of violation (0.33 s), not the 3 (0.2 s) of a 5 fps camera’s 0.6 s', () => {
    expect(framesToRaise(votesAt(5))).toBe(3);
    expect(framesToRaise(votesAt(15))).toBe(5);
  });

  it('flicker of one frame in three, which 3 of 5 frames confirmed at 15 fps, no longer confirms', () => {
    const flicker = Array.from({ length: 60 }, (_, i) => i % 3 === 0);
    const votes = votesAt(15);
    expect(flicker.some((v) => votes.vote(v))).toBe(false);
  });

  it('clears after 9 frames without the violation at 15 fps', () => {
    const votes = votesAt(15);
    framesToRaise(votes);
    for (let i = 0; i < 8; i++) votes.vote(false);
    expect(votes.active).toBe(true);
    votes.vote(false);
    expect(votes.active).toBe(false);
  });

  it('a slow camera keeps the frame counts; a fast one keeps the share of the window, which holds 31 frames at most', () => {
    expect(ppeAtRate(ppe, 2).confirm).toEqual(ppe.confirm);
    expect(ppeAtRate(ppe, 60).confirm).toEqual({ hits: 10, window: 17, clearAfter: 17 });
    expect(ppeAtRate(ppe, 1000).confirm).toEqual({ hits: 19, window: 31, clearAfter: 71 });
  });
});
