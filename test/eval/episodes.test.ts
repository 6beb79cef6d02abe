import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { episodeLabelsSchema, scoreEpisodes, type EpisodeLabels, type ReplayedCapture } from '../../src/eval/episodes';

const size = { width: 1000, height: 500 };
const labels: EpisodeLabels = {
  file: 'two-people.mp4',
  episodes: [
    { from: 0, to: 10, kinds: ['no-vest'], box: [0, 0, 0.5, 1] },
    { from: 2, to: 6, kinds: ['no-helmet', 'no-vest'], box: [0.5, 0, 1, 1] },
  ],
};
const left: ReplayedCapture['box'] = [100, 100, 300, 480];
const right: ReplayedCapture['box'] = [600, 100, 900, 480];

describe('scoring captures against labelled episodes', () => {
  it('counts each episode captured once when every person is captured once with all their kinds', () => {
    const score = scoreEpisodes(
      labels,
      [
        { offset: 1.5, kinds: ['no-vest'], box: left },
        { offset: 3, kinds: ['no-helmet', 'no-vest'], box: right },
      ],
      size,
    );
    expect(score.byKind['no-vest']).toMatchObject({ episodes: 2, once: 2, missed: 0, duplicates: 0, falseCaptures: 0 });
    expect(score.byKind['no-vest']!.precision).toBe(1);
    expect(score.byKind['no-helmet']).toMatchObject({ episodes: 1, once: 1, recall: 1 });
    expect(score.falseCaptures).toEqual([]);
  });

  it('tells a second capture of the same person (duplicate) from a capture outside every episode (false)', () => {
    const score = scoreEpisodes(
      labels,
      [
        { offset: 1, kinds: ['no-vest'], box: left },
        { offset: 8, kinds: ['no-vest'], box: left },
        { offset: 9, kinds: ['no-vest'], box: right },
        { offset: 20, kinds: ['no-vest'], box: left },
      ],
      size,
    );
    const vest = score.byKind['no-vest']!;
    // Right person's episode ended at 6 s (+1 s slack): the capture at 9 s is false, as is the one at 20 s.
    expect(vest).toMatchObject({ episodes: 2, once: 0, repeated: 1, missed: 1, duplicates: 1, falseCaptures: 2 });
    expect(vest.precision).toBeCloseTo(1 / 4);
    expect(vest.recall).toBeCloseTo(1 / 2);
    expect(score.falseCaptures).toEqual([2, 3]);
  });

  it('counts a kind raised for a compliant person as false, and a kind a violating person lacks as false too', () => {
    const score = scoreEpisodes(labels, [{ offset: 1, kinds: ['no-vest', 'no-helmet'], box: left }], size);
    expect(score.byKind['no-vest']).toMatchObject({ once: 1, falseCaptures: 0 });
    expect(score.byKind['no-helmet']).toMatchObject({ episodes: 1, missed: 1, falseCaptures: 1, precision: 0 });
  });

  it('gives two simultaneous captures in overlapping regions to two different people', () => {
    const overlapping: EpisodeLabels = {
      file: 'x.mp4',
      episodes: [
        { from: 0, to: 5, kinds: ['no-vest'], box: [0, 0, 0.8, 1] },
        { from: 0, to: 5, kinds: ['no-vest'], box: [0.3, 0, 1, 1] },
      ],
    };
    const score = scoreEpisodes(
      overlapping,
      [
        { offset: 1, kinds: ['no-vest'], box: [400, 0, 500, 500] },
        { offset: 1.2, kinds: ['no-vest'], box: [450, 0, 550, 500] },
      ],
      size,
    );
    expect(score.byKind['no-vest']).toMatchObject({ once: 2, duplicates: 0 });
  });

  it('scores a clip without episodes: precision 1 with no captures, every capture false otherwise', () => {
    const none: EpisodeLabels = { file: 'all-compliant.mp4', episodes: [] };
    expect(scoreEpisodes(none, [], size).byKind).toEqual({});
    const score = scoreEpisodes(none, [{ offset: 3, kinds: ['no-helmet'], box: left }], size);
    expect(score.byKind['no-helmet']).toMatchObject({ episodes: 0, falseCaptures: 1, precision: 0, recall: 1 });
  });

  it('reads every labels file in test/fixtures/episodes and names the field of a bad one', () => {
    const dir = path.join(import.meta.dirname, '..', 'fixtures', 'episodes');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) episodeLabelsSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
    const bad = episodeLabelsSchema.safeParse({ file: 'a.mp4', episodes: [{ from: 5, to: 2, kinds: ['no-vest'] }] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0].path).toEqual(['episodes', 0, 'to']);
  });
});
