// One person, one capture: a person's kinds confirmed close together go into one capture, and a
// person seen wearing the item in most of the window is not captured for it.
import { describe, expect, it } from 'vitest';
import type { Box } from '../../src/domain/detection';
import { HEAD, TORSO, det, monitor, person } from './support';

describe('one capture per person', () => {
  it('waits for a kind still being confirmed and captures both kinds together', () => {
    const { step, confirmed } = monitor();
    // The bare head is seen from frame 1, the missing vest only from frame 3.
    for (let i = 1; i <= 8; i++) {
      const dets = [person(), det('no-helmet', HEAD)];
      if (i >= 3) dets.push(det('no-vest', TORSO));
      const out = step(dets);
      if (i === 3) expect(out.people[0].violations).toEqual(['no-helmet']); // shown live at once…
      if (i < 5) expect(out.confirmed).toEqual([]); // …captured once the vest is confirmed too
    }
    expect(confirmed.map((c) => c.kinds)).toEqual([['no-helmet', 'no-vest']]);
  });

  it('does not wait longer than one confirmation window for a kind that never confirms', () => {
    const { step, confirmed } = monitor({ confirm: { hits: 3, window: 5 } });
    let capturedAt = 0;
    for (let i = 1; i <= 20; i++) {
      // A no-vest torso flickers in 1 frame of 4: pending, never confirmed.
      const dets = [person(), det('no-helmet', HEAD), det(i % 4 === 0 ? 'no-vest' : 'vest', TORSO)];
      if (step(dets).confirmed.length > 0) capturedAt = i;
    }
    expect(confirmed.map((c) => c.kinds)).toEqual([['no-helmet']]);
    expect(capturedAt).toBeGreaterThanOrEqual(3);
    expect(capturedAt).toBeLessThanOrEqual(3 + 5);
    expect(confirmed[0].time).toBe(200); // the best frame of the bare head's confirmation, not a later one
  });

  it('captures a person whose track ends while a kind is held back', () => {
    const { step, confirmed } = monitor({ tracking: { minHits: 1, maxAge: 1 } });
    for (let i = 0; i < 3; i++) step([person(), det('no-helmet', HEAD), ...(i === 2 ? [det('no-vest', TORSO)] : [])]);
    expect(confirmed).toEqual([]);
    for (let i = 0; i < 3; i++) step([]); // gone before the vest could be confirmed
    expect(confirmed.map((c) => c.kinds)).toEqual([['no-helmet']]);
  });

  it('hands over a held capture when the stream ends', () => {
    const { m, step, confirmed } = monitor();
    for (let i = 0; i < 3; i++) step([person(), det('no-helmet', HEAD), ...(i === 2 ? [det('no-vest', TORSO)] : [])]);
    expect(confirmed).toEqual([]);
    expect(m.finish().map((c) => c.kinds)).toEqual([['no-helmet']]);
    expect(m.finish()).toEqual([]);
  });

  it('captures a bare head and a no-vest torso of one person (no person class) once, with both kinds', () => {
    const { step, confirmed } = monitor({}, false);
    const H: Box = [140, 100, 170, 135];
    const T: Box = [120, 138, 195, 240];
    for (let i = 1; i <= 8; i++) step(i >= 2 ? [det('no-helmet', H), det('no-vest', T)] : [det('no-helmet', H)]);
    expect(confirmed.map((c) => c.kinds)).toEqual([['no-helmet', 'no-vest']]);
  });
});

describe('helmet seen in most of the window', () => {
  it('keeps a person compliant even when the bare-head frames reach the hit count', () => {
    // 2 of 5 would raise on two bare-head frames; three helmet frames in the same window outweigh them.
    const { step, confirmed } = monitor({ confirm: { hits: 2, window: 5 } });
    const pattern = ['helmet', 'no-helmet', 'helmet', 'no-helmet', 'helmet'] as const;
    for (let round = 0; round < 6; round++)
      for (const role of pattern) step([person(), det(role, HEAD), det('vest', TORSO)]);
    expect(confirmed).toEqual([]);
  });

  it('still raises when the bare head outweighs the helmet', () => {
    const { step, confirmed } = monitor({ confirm: { hits: 2, window: 5 } });
    const pattern = ['no-helmet', 'helmet', 'no-helmet', 'no-helmet', 'helmet'] as const;
    for (const role of pattern) step([person(), det(role, HEAD), det('vest', TORSO)]);
    expect(confirmed.map((c) => c.kinds)).toEqual([['no-helmet']]);
  });
});
