import { describe, expect, it } from 'vitest';
import type { Box, Detection } from '../../src/domain/detection';
import { KalmanBoxFilter } from '../../src/track/kalman';
import { frameSettings } from '../../src/track/tracker';
import { createTracker, trackerParamsSchema, type TrackerAlgorithm } from '../../src/track/index';

const person = (box: Box, score = 0.9): Detection => ({ box, score, classId: 0, className: 'person', role: 'person' });

function tracker(algorithm: TrackerAlgorithm, params: Record<string, number> = {}) {
  return createTracker({ algorithm, ...trackerParamsSchema.parse(params) });
}

describe('settings meant at 5 fps', () => {
  it('apply per frame as written when no frame rate is given', () => {
    const f = frameSettings(trackerParamsSchema.parse({ minHits: 3, maxAge: 10, buffer: 0.3, newTrackBuffer: 1 }));
    expect(f).toEqual({ interval: 1, frameSeconds: 0.2, minHits: 3, maxAge: 10, buffer: 0.3, newTrackBuffer: 1 });
  });

  it('convert to 30 fps: same lost duration, minHits by √6, buffers by the interval and its square', () => {
    const f = frameSettings(trackerParamsSchema.parse({ frameRate: 30, minHits: 3, maxAge: 10, buffer: 0.3 }));
    expect(f.interval).toBeCloseTo(1 / 6, 12);
    expect(f.frameSeconds).toBeCloseTo(1 / 30, 12);
    expect(f.maxAge).toBe(60);
    expect(f.minHits).toBe(7); // 3·√6 = 7.3
    expect(f.buffer).toBeCloseTo(0.3 / 36, 12);
    expect(f.newTrackBuffer).toBeCloseTo(1 / 6, 12);
    expect(frameSettings(trackerParamsSchema.parse({ frameRate: 2.5, minHits: 1, maxAge: 10 }))).toMatchObject({
      minHits: 1,
      maxAge: 5,
    });
  });

  it('make the Kalman velocity noise grow with the interval to the power 1.5', () => {
    const at30fps = new KalmanBoxFilter([0, 0, 10, 20]);
    at30fps.predict(1 / 6);
    expect(at30fps.P[4 * 7 + 4]).toBeCloseTo(1e4 + 0.01 + (200 * 0.02 ** 2) / 216, 9);
    const none = new KalmanBoxFilter([0, 0, 10, 20], 0);
    none.predict();
    expect(none.P[4 * 7 + 4]).toBeCloseTo(1e4 + 0.01, 9); // SORT's Q alone
  });

  it('hold a tracker at 30 fps back for 7 frames before it reports a new person', () => {
    const t = tracker('sort', { frameRate: 30, minHits: 3 });
    const reported = Array.from({ length: 10 }, (_, k) => t.update([person([100 + k, 100, 140 + k, 220])], k).length);
    expect(reported).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
  });
});

describe('lost tracks', () => {
  /** Walking right 10 px per frame. */
  const walker = (k: number): Box => [100 + 10 * k, 100, 140 + 10 * k, 220];

  it('are reported as not matched, on their prediction', () => {
    const t = tracker('bytetrack', { minHits: 1 });
    for (let k = 0; k < 5; k++) expect(t.update([person(walker(k))], k)[0].matched).toBe(true);
    const lost = t.update([], 5);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ id: 1, matched: false, timeSinceUpdate: 1 });
  });

  it('keep their size under ByteTrack, and follow the trend under SORT', () => {
    const growing = (k: number): Box => [100, 100, 140 + 4 * k, 220 + 12 * k];
    const area = (b: Box) => (b[2] - b[0]) * (b[3] - b[1]);
    for (const [algorithm, grows] of [
      ['bytetrack', false],
      ['sort', true],
    ] as const) {
      const t = tracker(algorithm, { minHits: 1 });
      for (let k = 0; k < 8; k++) t.update([person(growing(k))], k);
      const first = area(t.update([], 8)[0].box);
      for (let k = 9; k < 11; k++) t.update([], k);
      const later = area(t.update([], 11)[0].box);
      if (grows) expect(later).toBeGreaterThan(first * 1.1);
      else expect(later).toBeCloseTo(first, 6);
    }
  });

  it('are found again where they were last seen by ByteTrack, the search growing with time lost', () => {
    // Hidden for 5 frames (1 s at 5 fps) while stopping: the prediction walks 60 px on, the
    // person is found 25 px past the last box (IoU 0.23; 0.38 with boxes grown by 0.2·√1 s).
    const run = (algorithm: TrackerAlgorithm, lostSearchGrowth: number) => {
      const t = tracker(algorithm, { minHits: 1, lostSearchGrowth });
      for (let k = 0; k < 10; k++) t.update([person(walker(k))], k);
      for (let k = 10; k < 15; k++) t.update([], k);
      const back = walker(9).map((v, i) => (i % 2 === 0 ? v + 25 : v)) as Box;
      return t.update([person(back)], 15).find((tr) => tr.matched)!.id;
    };
    expect(run('bytetrack', 0.2)).toBe(1);
    expect(run('bytetrack', 0)).toBe(2);
    expect(run('sort', 0.2)).toBe(2);
  });
});

describe('ByteTrack score fusion', () => {
  it('gives a track the surer of two boxes overlapping it alike', () => {
    const t = tracker('bytetrack', { minHits: 1 });
    t.update([person([100, 100, 140, 220], 0.9)], 0);
    // IoU 0.90 at score 0.6 against IoU 0.82 at score 0.95: 0.54 < 0.78 after fusion.
    const out = t.update([person([102, 100, 142, 220], 0.6), person([104, 100, 144, 220], 0.95)], 1);
    expect(out.find((tr) => tr.id === 1)!.score).toBe(0.95);
  });
});
