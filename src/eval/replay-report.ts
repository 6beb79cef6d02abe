// Readable tables of episode scores, and their sum over several labelled videos.
import type { ViolationKind } from '../domain/detection';
import type { EpisodeScore, KindScore } from './episodes';

const COUNTS = ['episodes', 'once', 'missed', 'repeated', 'duplicates', 'falseCaptures', 'captures'] as const;

function withRatios(counts: Omit<KindScore, 'precision' | 'recall'>): KindScore {
  const captured = counts.episodes - counts.missed;
  return {
    ...counts,
    precision: counts.captures === 0 ? 1 : captured / counts.captures,
    recall: counts.episodes === 0 ? 1 : captured / counts.episodes,
  };
}

/** Per kind, the counts of several scores added up, and precision and recall of the total. */
export function sumEpisodeScores(scores: readonly EpisodeScore[]): EpisodeScore {
  const byKind: EpisodeScore['byKind'] = {};
  for (const score of scores) {
    for (const [kind, s] of Object.entries(score.byKind) as [ViolationKind, KindScore][]) {
      const sum =
        byKind[kind] ??
        withRatios({ episodes: 0, once: 0, missed: 0, repeated: 0, duplicates: 0, falseCaptures: 0, captures: 0 });
      for (const key of COUNTS) sum[key] += s[key];
      byKind[kind] = withRatios(sum);
    }
  }
  return { byKind, episodes: scores.flatMap((s) => s.episodes), falseCaptures: [] };
}

export function formatEpisodeScores(title: string, score: EpisodeScore): string {
  const kinds = Object.entries(score.byKind) as [ViolationKind, KindScore][];
  if (kinds.length === 0) return `${title}: no episodes, no captures — right`;
  const header = 'kind        episodes  once  missed  repeated  duplicates  false  precision  recall';
  const rows = kinds.map(
    ([kind, s]) =>
      `${kind.padEnd(11)} ${String(s.episodes).padStart(8)}  ${String(s.once).padStart(4)}  ${String(s.missed).padStart(6)}  ` +
      `${String(s.repeated).padStart(8)}  ${String(s.duplicates).padStart(10)}  ${String(s.falseCaptures).padStart(5)}  ` +
      `${s.precision.toFixed(2).padStart(9)}  ${s.recall.toFixed(2).padStart(6)}`,
  );
  return [`${title}:`, header, ...rows].join('\n');
}
