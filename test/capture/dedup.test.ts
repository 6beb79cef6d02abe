import { describe, expect, it } from 'vitest';
import type { Box } from '../../src/domain.js';
import { isDuplicate, PlaceCooldown } from '../../src/capture/dedup.js';

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
});

describe('PlaceCooldown', () => {
  const key = (box: Box, time: number, cameraId = 'cam1', kind: 'no-helmet' | 'no-vest' = 'no-helmet') => ({
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
    expect(await d.admit(key(here, 1, 'cam2'))).toBe(true);
    expect(await d.admit(key(here, 2, 'cam1', 'no-vest'))).toBe(true);
    expect(await d.admit(key(here, 3))).toBe(false);
  });

  it('forgets expired places and caps what it holds', async () => {
    const d = new PlaceCooldown({ cooldownMs: 60 * S, maxEntries: 10 });
    for (let i = 0; i < 100; i++) await d.admit(key([i * 50, 0, i * 50 + 40, 80], i * 100));
    expect(d.size).toBe(10);
    await d.admit(key(here, 10 * 60 * S, 'other'));
    expect(d.size).toBe(1); // everything else expired
  });
});
