// Scores a replay's captures against violation episodes labelled by eye: was each violating
// person captured once, missed, or captured again; and which captures match nobody (false).
// Pure: no I/O. The labels format is in docs/labels.md.
import { z } from 'zod';
import type { Box, ViolationKind } from '../domain/detection';
import { violationKindSchema } from '../ppe/config';

const normalisedBox = z
  .tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)])
  .refine(([x1, y1, x2, y2]) => x2 > x1 && y2 > y1, 'box: x2 > x1 and y2 > y1');

const episodeSchema = z
  .object({
    /** Seconds into the video. */
    from: z.number().nonnegative(),
    to: z.number().nonnegative(),
    kinds: z.array(violationKindSchema).min(1),
    /** Where the person stays during the episode, as fractions of the frame (x1, y1, x2, y2). */
    box: normalisedBox.optional(),
    note: z.string().optional(),
  })
  .refine((e) => e.to > e.from, { message: 'to must be after from', path: ['to'] });

export const episodeLabelsSchema = z.object({
  /** The video's file name (matched against the replayed file's base name). */
  file: z.string().min(1),
  note: z.string().optional(),
  episodes: z.array(episodeSchema),
});

export type EpisodeLabels = z.infer<typeof episodeLabelsSchema>;
export type Episode = EpisodeLabels['episodes'][number];

/** A capture as replay reports it. */
export interface ReplayedCapture {
  /** Seconds into the video of the frame the capture was taken from. */
  offset: number;
  kinds: readonly ViolationKind[];
  /** Source pixels. */
  box: Box;
}

export interface EpisodeScoreOptions {
  width: number;
  height: number;
  /**
   * Seconds a capture may fall outside its episode: the capture frame is the best one of the
   * confirmation window, which may end a little after the label's end.
   */
  slackSeconds?: number;
}

export interface KindScore {
  episodes: number;
  /** Episodes captured exactly once. */
  once: number;
  missed: number;
  /** Episodes captured more than once. */
  repeated: number;
  /** Captures beyond the first of an episode. */
  duplicates: number;
  /** Captures matching no episode of that kind. */
  falseCaptures: number;
  captures: number;
  /** Captured episodes / captures (duplicates and false captures lower it); 1 without captures. */
  precision: number;
  /** Captured episodes / episodes; 1 without episodes. */
  recall: number;
}

export interface EpisodeScore {
  /** The kinds labelled or captured. */
  byKind: Record<ViolationKind, KindScore>;
  /** Per episode and kind: how many captures it got. */
  episodes: { index: number; kind: ViolationKind; captures: number }[];
  /** Indexes (into the captures given) of captures that matched no episode in one of their kinds. */
  falseCaptures: number[];
}

function centreInside(box: Box, region: readonly number[], width: number, height: number): boolean {
  const cx = (box[0] + box[2]) / 2 / width;
  const cy = (box[1] + box[3]) / 2 / height;
  return cx >= region[0] && cx <= region[2] && cy >= region[1] && cy <= region[3];
}

function distanceToCentre(box: Box, region: readonly number[], width: number, height: number): number {
  const dx = (box[0] + box[2]) / 2 / width - (region[0] + region[2]) / 2;
  const dy = (box[1] + box[3]) / 2 / height - (region[1] + region[3]) / 2;
  return Math.hypot(dx, dy);
}

/**
 * Each capture, in time order, goes to a matching episode of its kind (time within the episode
 * plus slack, box centre inside the episode's region when it has one): one not captured yet if
 * there is one, else the nearest. A capture with no matching episode is false for that kind.
 */
export function scoreEpisodes(
  labels: EpisodeLabels,
  captures: readonly ReplayedCapture[],
  opts: EpisodeScoreOptions,
): EpisodeScore {
  const slack = opts.slackSeconds ?? 1;
  const counts = labels.episodes.map(() => new Map<ViolationKind, number>());
  const falseByKind = new Map<ViolationKind, number>();
  const capturesByKind = new Map<ViolationKind, number>();
  const falseCaptures = new Set<number>();
  const order = captures.map((c, i) => ({ c, i })).sort((a, b) => a.c.offset - b.c.offset);

  for (const { c, i } of order) {
    for (const kind of c.kinds) {
      capturesByKind.set(kind, (capturesByKind.get(kind) ?? 0) + 1);
      const candidates = labels.episodes
        .map((e, index) => ({ e, index }))
        .filter(
          ({ e }) =>
            e.kinds.includes(kind) &&
            c.offset >= e.from - slack &&
            c.offset <= e.to + slack &&
            (!e.box || centreInside(c.box, e.box, opts.width, opts.height)),
        );
      if (candidates.length === 0) {
        falseByKind.set(kind, (falseByKind.get(kind) ?? 0) + 1);
        falseCaptures.add(i);
        continue;
      }
      const distance = (e: Episode) => (e.box ? distanceToCentre(c.box, e.box, opts.width, opts.height) : 0);
      const fresh = candidates.filter(({ index }) => !counts[index].has(kind));
      const pool = fresh.length > 0 ? fresh : candidates;
      const chosen = pool.reduce((best, x) => (distance(x.e) < distance(best.e) ? x : best));
      counts[chosen.index].set(kind, (counts[chosen.index].get(kind) ?? 0) + 1);
    }
  }

  const episodes = labels.episodes.flatMap((e, index) =>
    e.kinds.map((kind) => ({ index, kind, captures: counts[index].get(kind) ?? 0 })),
  );
  const kinds = new Set<ViolationKind>([...episodes.map((e) => e.kind), ...capturesByKind.keys()]);
  const byKind: EpisodeScore['byKind'] = {};
  for (const kind of kinds) {
    const mine = episodes.filter((e) => e.kind === kind);
    const captured = mine.filter((e) => e.captures > 0).length;
    const total = capturesByKind.get(kind) ?? 0;
    byKind[kind] = {
      episodes: mine.length,
      once: mine.filter((e) => e.captures === 1).length,
      missed: mine.filter((e) => e.captures === 0).length,
      repeated: mine.filter((e) => e.captures > 1).length,
      duplicates: mine.reduce((n, e) => n + Math.max(0, e.captures - 1), 0),
      falseCaptures: falseByKind.get(kind) ?? 0,
      captures: total,
      precision: total === 0 ? 1 : captured / total,
      recall: mine.length === 0 ? 1 : captured / mine.length,
    };
  }
  return { byKind, episodes, falseCaptures: [...falseCaptures].sort((a, b) => a - b) };
}
