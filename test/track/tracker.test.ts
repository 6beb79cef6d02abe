import { describe, expect, it } from 'vitest';
import type { Box, Detection } from '../../src/domain/detection';
import { createTracker, trackerParamsSchema, type TrackerAlgorithm } from '../../src/track';

const person = (box: Box, score = 0.9): Detection => ({ box, score, classId: 0, className: 'person', role: 'person' });

function tracker(algorithm: TrackerAlgorithm, params: Record<string, number> = {}) {
  return createTracker({ algorithm, ...trackerParamsSchema.parse(params) });
}

/** A person walking right 4 px per frame. */
const walker = (k: number): Box => [100 + 4 * k, 100, 140 + 4 * k, 220];

describe.each(['sort', 'bytetrack'] as const)('%s tracker', (algorithm) => {
  it('reports a track only after minHits consecutive matches', () => {
    const t = tracker(algorithm, { minHits: 3 });
    expect(t.update([person(walker(0))], 0)).toEqual([]);
    expect(t.update([person(walker(1))], 1)).toEqual([]);
    const out = t.update([person(walker(2))], 2);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ id: 1, hits: 3, age: 3, timeSinceUpdate: 0, role: 'person', score: 0.9, time: 2 });
  });

  it('forgets a tentative track on its first miss', () => {
    const t = tracker(algorithm, { minHits: 3 });
    t.update([person(walker(0))], 0);
    t.update([person(walker(1))], 1);
    t.update([], 2);
    expect(t.trackCount).toBe(0);
  });

  it('keeps the id through a short gap and coasts on the prediction meanwhile', () => {
    const t = tracker(algorithm, { minHits: 1, maxAge: 5 });
    for (let k = 0; k < 10; k++) t.update([person(walker(k))], k);
    for (let k = 10; k < 13; k++) {
      const coasting = t.update([], k);
      expect(coasting).toHaveLength(1);
      expect(coasting[0].timeSinceUpdate).toBe(k - 9);
      expect(coasting[0].box[0]).toBeCloseTo(walker(k)[0], 0); // still walking on the prediction
    }
    const back = t.update([person(walker(13))], 13);
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({ id: 1, timeSinceUpdate: 0, hits: 11 });
  });

  it('drops a lost track after maxAge frames', () => {
    const t = tracker(algorithm, { minHits: 1, maxAge: 4 });
    for (let k = 0; k < 5; k++) t.update([person(walker(k))], k);
    for (let k = 1; k <= 4; k++) expect(t.update([], 5 + k)).toHaveLength(1);
    expect(t.update([], 10)).toEqual([]);
    expect(t.trackCount).toBe(0);
    // A re-appearance is a new person with a new id.
    expect(t.update([person(walker(12))], 11)[0].id).toBe(2);
  });

  it('drops a track walking out of the frame instead of handing it to the next person entering there', () => {
    const frame = { width: 640, height: 480 };
    const t = tracker(algorithm, { minHits: 1, maxAge: 10 });
    // Walking left out of the frame; detections are clipped to it, as a detector's are.
    const leaving = (k: number): Box => [Math.max(0, 200 - 40 * k), 100, Math.max(4, 260 - 40 * k), 220];
    for (let k = 0; k <= 5; k++) t.update([person(leaving(k))], k, frame);
    expect(t.update([], 6, frame)).toEqual([]); // predicted mostly outside: gone, not coasting
    // Someone entering at the same edge gets a new track (and so can be captured).
    expect(t.update([person([0, 100, 50, 220])], 7, frame)[0].id).toBe(2);
    // Someone standing at the edge, partly outside, is kept.
    const edge = tracker(algorithm, { minHits: 1 });
    for (let k = 0; k < 5; k++) edge.update([person([0, 100, 30, 220])], k, frame);
    expect(edge.update([], 5, frame)).toHaveLength(1);
  });

  it('keeps two people crossing each other apart', () => {
    const t = tracker(algorithm, { minHits: 1 });
    const a = (k: number): Box => [100 + 6 * k, 100, 140 + 6 * k, 220];
    const b = (k: number): Box => [340 - 6 * k, 104, 380 - 6 * k, 224];
    for (let k = 0; k <= 40; k++) t.update([person(a(k)), person(b(k))], k);
    const final = t.update([person(a(41)), person(b(41))], 41);
    const idOfA = final.find((tr) => Math.abs(tr.box[0] - a(41)[0]) < 10)!.id;
    const idOfB = final.find((tr) => Math.abs(tr.box[0] - b(41)[0]) < 10)!.id;
    expect([idOfA, idOfB]).toEqual([1, 2]);
  });

  it('stays small and gives unique increasing ids after 10,000 frames of churn', () => {
    const maxAge = 10;
    const t = tracker(algorithm, { minHits: 2, maxAge });
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let lastId = 0;
    let maxCount = 0;
    for (let frame = 0; frame < 10_000; frame++) {
      const dets: Detection[] = [];
      // Two steady walkers that come and go, plus random clutter.
      const phase = frame % 400;
      if (phase < 300) dets.push(person([phase * 2, 50, phase * 2 + 40, 170]));
      if (phase > 100) dets.push(person([900 - phase * 2, 300, 940 - phase * 2, 420]));
      const clutter = Math.floor(rand() * 6);
      for (let c = 0; c < clutter; c++) {
        const x = rand() * 1800;
        const y = rand() * 1000;
        dets.push(person([x, y, x + 30 + rand() * 40, y + 60 + rand() * 80], 0.3 + rand() * 0.7));
      }
      for (const tr of t.update(dets, frame)) {
        if (tr.id > lastId) {
          expect(tr.id).toBe(lastId + 1); // ids are handed out in order, none skipped
          lastId = tr.id;
        }
      }
      maxCount = Math.max(maxCount, t.trackCount);
    }
    // At most: everything seen in the last maxAge + 1 frames (≤ 7 detections each).
    expect(maxCount).toBeLessThanOrEqual(7 * (maxAge + 1));
    expect(lastId).toBeGreaterThan(25); // churn really happened: each walker pass is a new id
  });
});

describe('ByteTrack two-stage association', () => {
  it('continues a track with low-score detections but never starts one from them', () => {
    const t = tracker('bytetrack', { minHits: 1, maxAge: 2 });
    for (let k = 0; k < 5; k++) t.update([person(walker(k), 0.9)], k);
    // Half hidden: the detector is unsure, but the box is where the track expects it.
    for (let k = 5; k < 12; k++) {
      const out = t.update([person(walker(k), 0.3)], k);
      expect(out).toHaveLength(1);
      expect(out[0]).toMatchObject({ id: 1, timeSinceUpdate: 0, score: 0.3 });
    }
    const fresh = tracker('bytetrack', { minHits: 1 });
    expect(fresh.update([person(walker(0), 0.3)], 0)).toEqual([]);
    expect(fresh.trackCount).toBe(0);
  });

  it('starts tracks only from detections at or above newTrackScore', () => {
    const t = tracker('bytetrack', { minHits: 1, newTrackScore: 0.6 });
    expect(t.update([person(walker(0), 0.55)], 0)).toEqual([]);
    expect(t.update([person(walker(1), 0.65)], 1)).toHaveLength(1);
  });

  it('lets confident detections win the first association', () => {
    const t = tracker('bytetrack', { minHits: 1 });
    t.update([person([100, 100, 140, 220], 0.9)], 0);
    // A weak box overlapping a little more, and a confident one: the confident one is taken.
    const out = t.update([person([101, 100, 141, 220], 0.2), person([104, 100, 144, 220], 0.8)], 1);
    expect(out).toHaveLength(1);
    expect(out[0].score).toBe(0.8);
  });
});
