import { describe, expect, it } from 'vitest';
import type { Box } from '../../src/domain/detection';
import { isDuplicate, PlaceCooldown } from '../../src/capture/dedup';

const here: Box = [100, 100, 200, 400];
const nearby: Box = [110, 105, 210, 405]; // IoU ≈ 0.84
const elsewhere: Box = [600, 100, 700, 400];
const S = 1000;

describe('isDuplicate', () => {
  it('needs both the same place and the cooldown window', () => {
    expect(isDuplicate({ box: here, time: 0 }, { box: nearby, time: 59 * S }, 60 * S, 0.3)).toBe(true);
    expect(isDuplicate({ box: here, time: 0 }, { box: nearby, time: 60 * S }, 60 * S, 0.3)).toBe(false);
    expect(isDuplicate({ box: here, time: 0 }, { box: elsewhere, time: 1 }, 60 * S, 0.3)).toBe(false);
    // Clocks of two nodes may disagree: an earlier time is still within the window.
    expect(isDuplicate({ box: here, time: 10 * S }, { box: nearby, time: 5 * S }, 60 * S, 0.3)).toBe(true);
  });

  it('does not take somebody beside a captured person who is still in view for them', () => {
    expect(isDuplicate({ box: here, time: 10 * S }, { box: nearby, time: 10.5 * S }, 60 * S, 0.3)).toBe(false);
    expect(isDuplicate({ box: here, time: 10 * S }, { box: nearby, time: 12 * S }, 60 * S, 0.3)).toBe(true);
  });
});

describe('PlaceCooldown', () => {
  let captures = 0;
  const key = (
    box: Box,
    time: number,
    cameraId = 'cam1',
    kind: 'no-helmet' | 'no-vest' = 'no-helmet',
    id = `c${++captures}`,
  ) => ({
    id,
    cameraId,
    kind,
    box,
    time,
  });

  it('refuses a second capture of the same place within the cooldown', async () => {
    const d = new PlaceCooldown({ cooldownMs: 60 * S, iou: 0.3 });
    expect(await d.admit(key(here, 0))).toBe(true);
    expect(await d.admit(key(nearby, 30 * S))).toBe(false);
    expect(await d.admit(key(elsewhere, 30 * S))).toBe(true);
  });

  it('admits again once the cooldown is over, counted from the admitted capture', async () => {
    const d = new PlaceCooldown({ cooldownMs: 60 * S });
    expect(await d.admit(key(here, 0))).toBe(true);
    expect(await d.admit(key(here, 50 * S))).toBe(false); // refused: does not extend the cooldown
    expect(await d.admit(key(here, 61 * S))).toBe(true);
  });

  it('keeps cameras and kinds apart', async () => {
    const d = new PlaceCooldown();
    expect(await d.admit(key(here, 0))).toBe(true);
    expect(await d.admit(key(here, 2 * S, 'cam2'))).toBe(true);
    expect(await d.admit(key(here, 2 * S, 'cam1', 'no-vest'))).toBe(true);
    expect(await d.admit(key(here, 2 * S))).toBe(false);
  });

  it('forgets expired places and caps what it holds', async () => {
    const d = new PlaceCooldown({ cooldownMs: 60 * S, maxEntries: 10 });
    for (let i = 0; i < 100; i++) await d.admit(key([i * 50, 0, i * 50 + 40, 80], i * 100));
    expect(d.size).toBe(10);
    await d.admit(key(here, 10 * 60 * S, 'other'));
    expect(d.size).toBe(1); // everything else expired
  });

  it('follows a captured person who walks away, so a newcomer at the first spot is captured', async () => {
    const d = new PlaceCooldown({ cooldownMs: 30 * S, iou: 0.3 });
    expect(await d.admit(key(here, 0, 'cam1', 'no-helmet', 'first'))).toBe(true);
    // The captured person walks to the other side of the frame.
    await d.refresh(key(nearby, 2 * S, 'cam1', 'no-helmet', 'first'));
    await d.refresh(key(elsewhere, 5 * S, 'cam1', 'no-helmet', 'first'));
    expect(await d.admit(key(here, 10 * S, 'cam1', 'no-helmet', 'newcomer'))).toBe(true);
    // The first person, re-acquired under a new track after a worker restart, is still a duplicate.
    expect(await d.admit(key(elsewhere, 12 * S, 'cam1', 'no-helmet', 'after-restart'))).toBe(false);
  });

  it('carries a walking person along their heading, so their re-capture after a restart gap is a duplicate', async () => {
    const d = new PlaceCooldown({ cooldownMs: 30 * S });
    const walker = (t: number): Box => [100 + 60 * t, 100, 160 + 60 * t, 250]; // 60 px/s to the right
    expect(await d.admit(key(walker(0), 0, 'cam1', 'no-helmet', 'walker'))).toBe(true);
    for (let t = 0.5; t <= 4; t += 0.5) await d.refresh(key(walker(t), t * S, 'cam1', 'no-helmet', 'walker'));
    // The worker restarts; 3 s later the same person, 180 px further on, is confirmed again.
    expect(await d.admit(key(walker(7), 7 * S, 'cam1', 'no-helmet', 'walker-again'))).toBe(false);
    // Someone at the spot where the walker was first captured is somebody else.
    expect(await d.admit(key(walker(0), 7 * S, 'cam1', 'no-helmet', 'newcomer'))).toBe(true);
    // A heading is carried a few seconds at most: far beyond that, the place no longer follows.
    expect(await d.admit(key(walker(16), 16 * S, 'cam1', 'no-helmet', 'much-later'))).toBe(true);
  });

  it('keeps blocking a person who stays in view longer than the cooldown', async () => {
    const d = new PlaceCooldown({ cooldownMs: 30 * S });
    expect(await d.admit(key(here, 0, 'cam1', 'no-helmet', 'worker'))).toBe(true);
    for (let t = 10; t <= 100; t += 10) await d.refresh(key(here, t * S, 'cam1', 'no-helmet', 'worker'));
    expect(await d.admit(key(nearby, 105 * S, 'cam1', 'no-helmet', 'again'))).toBe(false);
    // Sightings under the refused id keep refreshing the same person.
    await d.refresh(key(here, 130 * S, 'cam1', 'no-helmet', 'again'));
    expect(await d.admit(key(nearby, 150 * S, 'cam1', 'no-helmet', 'third'))).toBe(false);
    // Once nobody has seen them for the cooldown, the place is free.
    expect(await d.admit(key(nearby, 200 * S))).toBe(true);
  });

  it('answers a redelivered capture as it did the first time', async () => {
    const d = new PlaceCooldown({ cooldownMs: 30 * S });
    expect(await d.admit(key(here, 0, 'cam1', 'no-helmet', 'a'))).toBe(true);
    expect(await d.admit(key(nearby, 5 * S, 'cam1', 'no-helmet', 'b'))).toBe(false);
    expect(await d.admit(key(here, 0, 'cam1', 'no-helmet', 'a'))).toBe(true);
    expect(await d.admit(key(nearby, 5 * S, 'cam1', 'no-helmet', 'b'))).toBe(false);
  });
});
