import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Box } from '../../src/domain/detection';
import { groundTruthFrames, parseMotRows, type LabelledBox } from '../../src/eval/mot-data';
import { addCounts, motScores, scoreSequence } from '../../src/eval/mot-metrics';
import { sharedMotPath } from '../helpers/mot';

/** A box 10 wide at x, so that boxes 10 apart do not overlap and boxes 2 apart overlap by IoU 2/3. */
const at = (x: number): Box => [x, 0, x + 10, 20];
const frames = (...f: [id: number, x: number][][]): LabelledBox[][] =>
  f.map((boxes) => boxes.map(([id, x]) => ({ id, box: at(x) })));

describe('MOTChallenge metrics', () => {
  it('reproduce py-motmetrics and the MOTChallenge devkit on their TUD-Campus check', () => {
    const read = (name: string) => {
      const file = sharedMotPath('metrics-check', 'TUD-Campus', name);
      return parseMotRows(fs.readFileSync(file, 'utf8'), file);
    };
    const gtRows = read('gt.txt');
    const trackerRows = read('test.txt');
    const length = Math.max(...gtRows.map((r) => r.frame), ...trackerRows.map((r) => r.frame));
    const s = motScores(
      scoreSequence({
        gt: groundTruthFrames(gtRows, length, 'gt.txt'),
        tracker: groundTruthFrames(trackerRows, length, 'test.txt'),
      }),
    );
    // Published with the data (/work/shared/mot/README.md), as fractions.
    expect(s.MOTA / 100).toBeCloseTo(0.526462, 6);
    expect(1 - s.MOTP / 100).toBeCloseTo(0.277201, 6);
    expect(s.IDF1 / 100).toBeCloseTo(0.557659, 6);
    expect(s.IDP / 100).toBeCloseTo(0.72973, 6);
    expect(s.IDR / 100).toBeCloseTo(0.451253, 6);
    expect(s.Rcll / 100).toBeCloseTo(0.582173, 6);
    expect(s.Prcn / 100).toBeCloseTo(0.941441, 6);
    expect(s).toMatchObject({ GT: 8, MT: 1, PT: 6, ML: 1, FP: 13, FN: 150, IDSW: 7, FM: 7 });
    // Not published with the data: TrackEval's hota.py (transcribed to numpy/scipy) on these files.
    expect(s.HOTA).toBeCloseTo(39.139744, 5);
    expect(s.DetA).toBeCloseTo(41.804703, 5);
    expect(s.AssA).toBeCloseTo(36.912068, 5);
    expect(s.LocA).toBeCloseTo(77.005223, 5);
  });

  it('score a perfect tracker 100 whatever its ids are', () => {
    const gt = frames(
      [
        [1, 0],
        [2, 50],
      ],
      [
        [1, 2],
        [2, 52],
      ],
      [[1, 4]],
    );
    const tracker = frames(
      [
        [7, 0],
        [9, 50],
      ],
      [
        [7, 2],
        [9, 52],
      ],
      [[7, 4]],
    );
    const s = motScores(scoreSequence({ gt, tracker }));
    expect(s).toMatchObject({ MOTA: 100, IDF1: 100, HOTA: 100, AssA: 100, DetA: 100, MOTP: 100 });
    expect(s).toMatchObject({ TP: 5, FP: 0, FN: 0, IDSW: 0, FM: 0, MT: 2, PT: 0, ML: 0 });
  });

  it('count an identity switch, the fragmentation after a gap, and score identity by the best pairing', () => {
    // Object 1 is tracked by 5 for two frames, missed (a false box elsewhere), then tracked by 6.
    const gt = frames([[1, 0]], [[1, 2]], [[1, 4]], [[1, 6]], [[1, 8]], [[1, 10]]);
    const tracker = frames([[5, 0]], [[5, 2]], [[9, 100]], [[6, 6]], [[6, 8]], [[6, 10]]);
    const s = motScores(scoreSequence({ gt, tracker }));
    expect(s).toMatchObject({ TP: 5, FN: 1, FP: 1, IDSW: 1, FM: 1, MT: 1, PT: 0 }); // 5/6 tracked
    expect(s.MOTA).toBeCloseTo((100 * (5 - 1 - 1)) / 6, 9);
    // Identity: 1 pairs with 6 (3 frames); the other tracker boxes count as false positives.
    expect(s.IDF1).toBeCloseTo((100 * 2 * 3) / (6 + 6), 9);
    expect(s.IDP).toBeCloseTo(50, 9);
    expect(s.IDR).toBeCloseTo(50, 9);
  });

  it('keep a correspondence while it overlaps enough, even when another box overlaps more', () => {
    // Frame 2: track 5 still overlaps object 1 (IoU 2/3), track 6 sits exactly on it: no switch.
    const gt = frames([[1, 0]], [[1, 2]]);
    const tracker = frames(
      [[5, 0]],
      [
        [5, 0],
        [6, 2],
      ],
    );
    const s = motScores(scoreSequence({ gt, tracker }));
    expect(s).toMatchObject({ TP: 2, FP: 1, IDSW: 0 });
    expect(s.MOTP).toBeCloseTo((100 * (1 + 2 / 3)) / 2, 9);
  });

  it('match only at IoU 0.5 or more, and class objects as mostly tracked above 80 %, lost below 20 %', () => {
    // x + 4 overlaps by 6/14 < 0.5: a miss and a false positive.
    const gt = frames([[1, 0]], [[1, 0]], [[1, 0]], [[1, 0]], [[1, 0]], [[2, 50]]);
    const tracker = frames([[5, 0]], [[5, 0]], [[5, 0]], [[5, 0]], [[5, 4]], [[6, 54]]);
    const s = motScores(scoreSequence({ gt, tracker }));
    expect(s).toMatchObject({ TP: 4, FN: 2, FP: 2, MT: 0, PT: 1, ML: 1 }); // 4/5 is not above 80 %
  });

  it('combine sequences by adding their counts', () => {
    const a = scoreSequence({ gt: frames([[1, 0]], [[1, 2]]), tracker: frames([[5, 0]], [[6, 2]]) });
    const b = scoreSequence({ gt: frames([[1, 0]], [[1, 2]]), tracker: frames([[5, 0]], []) });
    const s = motScores(addCounts(a, b));
    expect(s).toMatchObject({ TP: 3, FN: 1, FP: 0, IDSW: 1, GT: 2 });
    expect(s.MOTA).toBe(50);
    expect(s.IDF1).toBeCloseTo((100 * 2 * 2) / (4 + 3), 9);
  });

  it('refuse output whose frames do not line up with the ground truth', () => {
    expect(() => scoreSequence({ gt: frames([[1, 0]], [[1, 0]]), tracker: frames([[1, 0]]) })).toThrow(/frames/);
    expect(() =>
      scoreSequence({
        gt: frames([[1, 0]]),
        tracker: frames([
          [3, 0],
          [3, 20],
        ]),
      }),
    ).toThrow(/twice/);
  });
});
