import { describe, expect, it } from 'vitest';
import type { Box, Detection } from '../../src/domain/detection';
import { evaluateTracker, productTrackerConfig, trackSequence, type MotSequence } from '../../src/eval/mot-run';
import { createTracker } from '../../src/track/index';

const person = (box: Box): Detection => ({ box, score: 0.9, classId: 0, className: 'person', role: 'person' });
const at = (k: number): Box => [100 + 2 * k, 100, 140 + 2 * k, 220];

/** One person walking for 20 frames, not detected in frames 10 and 11. */
function sequence(frameRate: number): MotSequence {
  const frames = Array.from({ length: 20 }, (_, k) => k);
  return {
    info: { name: 'walk', frameRate, length: 20, width: 640, height: 480 },
    detections: frames.map((k) => (k === 10 || k === 11 ? [] : [person(at(k))])),
    gt: frames.map((k) => [{ id: 1, box: at(k) }]),
  };
}

describe('eval:mot runner', () => {
  it("scores the product's tracker config, reporting only the tracks matched in each frame", () => {
    const config = productTrackerConfig();
    expect(config).toMatchObject({ algorithm: 'bytetrack', minHits: 3, maxAge: 10 });
    const out = trackSequence(sequence(5), createTracker(config));
    expect(out.map((f) => f.length)).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(new Set(out.flat().map((b) => b.id))).toEqual(new Set([1]));
  });

  it("converts the settings to each sequence's frame rate unless told to take them per frame", () => {
    // At 20 fps minHits 3 becomes 6: the first 5 frames are missed.
    const converted = evaluateTracker([sequence(20)], productTrackerConfig('sort'));
    expect(converted.sequences.walk).toMatchObject({ FN: 2 + 5, FP: 0, IDSW: 0 });
    const perFrame = evaluateTracker([sequence(20)], productTrackerConfig('sort'), true);
    expect(perFrame.sequences.walk).toMatchObject({ FN: 2 + 2, FP: 0, IDSW: 0 });
    expect(perFrame.combined.MOTA).toBe(80);
  });

  it('rejects settings the tracker does not accept', () => {
    expect(() => productTrackerConfig('sort', { maxAge: -1 })).toThrow();
  });
});
