// Text tables and the calibration file of `eval:photos`. Pure formatting.
import type { ClassThresholds, Figures, ModelClasses, SweepResult } from './photo-evaluation';
import { EVAL_ROLES, type Quality } from './photo-scoring';

export const MATCHING_RULE =
  'a prediction matches a label of its role when their intersection covers at least half of the smaller box; ' +
  'one-to-one, greedy by score (each prediction, best first, takes the unmatched label it overlaps most)';

export function describeSmallPeople(headPx: number): string {
  return `small people: head boxes under ${headPx} px tall, torso boxes under ${3 * headPx} px (people under ~${6 * headPx} px)`;
}

export function describeClasses(classes: ModelClasses): string {
  return classes.names.map((name, i) => `${name}→${classes.roles[i]}`).join(', ');
}

const num = (v: number) => v.toFixed(3);
const QUALITY_HEADER = `${'labels'.padStart(6)} ${'TP'.padStart(5)} ${'FP'.padStart(5)} ${'FN'.padStart(5)}  ${'P'.padStart(5)}  ${'R'.padStart(5)}  ${'F1'.padStart(5)}`;

function qualityCells(q: Quality): string {
  const labels = q.tp + q.fn;
  return `${String(labels).padStart(6)} ${String(q.tp).padStart(5)} ${String(q.fp).padStart(5)} ${String(q.fn).padStart(5)}  ${num(q.precision)}  ${num(q.recall)}  ${num(q.f1)}`;
}

/** One line per role: all labels, then small people. */
export function formatFigures(figures: Figures): string {
  const lines = [`${'role'.padEnd(10)} ${QUALITY_HEADER}  │ small: ${QUALITY_HEADER}`];
  // The small-people columns line up under their header.
  for (const role of EVAL_ROLES) {
    const f = figures[role];
    lines.push(`${role.padEnd(10)} ${qualityCells(f.all)}  │        ${qualityCells(f.small)}`);
  }
  return lines.join('\n');
}

/** F1 per role (columns) per threshold (rows), then the proposed threshold per role. */
export function formatSweep(result: SweepResult): string {
  const width = 10;
  const lines = [`${'min score'.padEnd(width)}${EVAL_ROLES.map((r) => r.padStart(width)).join('')}`];
  const grid = result.rows[EVAL_ROLES[0]].map((row) => row.minScore);
  grid.forEach((minScore, i) => {
    const cells = EVAL_ROLES.map((role) => {
      const row = result.rows[role][i];
      const mark = result.best[role]?.minScore === minScore ? '*' : ' ';
      return `${num(row.f1)}${mark}`.padStart(width);
    });
    lines.push(`${minScore.toFixed(2).padEnd(width)}${cells.join('')}`);
  });
  const proposed = EVAL_ROLES.map((role) => {
    const best = result.best[role];
    return (best ? best.minScore.toFixed(2) : 'n/a').padStart(width);
  });
  lines.push(`${'proposed'.padEnd(width)}${proposed.join('')}   (* highest F1; a tie goes to the lower threshold)`);
  const atEdge = EVAL_ROLES.filter((role) => {
    const best = result.best[role]?.minScore;
    return best !== undefined && (best === grid[0] || best === grid[grid.length - 1]);
  });
  if (atEdge.length) {
    lines.push(`At the edge of the thresholds tried (${atEdge.join(', ')}): the best may lie beyond it.`);
  }
  return lines.join('\n');
}

export function formatThresholds(thresholds: ClassThresholds): string {
  return Object.entries(thresholds)
    .map(([name, t]) => `${name} ${t}`)
    .join(', ');
}

/** What `src/detect/calibration/<model>.json` holds: thresholds, how they were chosen, and what they score. */
export interface CalibrationFile {
  model: string;
  /** Minimum score per model class name. */
  classes: ClassThresholds;
  source: string;
  figures: {
    split: 'holdout';
    photos: number;
    calibrated: Figures;
    /** The product's default threshold, every class; `default` holds the same photos scored at it. */
    defaultMinScore: number;
    default: Figures;
  };
}

/**
 * JSON with ratios rounded to 4 digits (counts stay exact). Indented, an object of plain values
 * stays on one line, so a calibration file reads as a table.
 */
export function toJson(value: unknown, indent?: number): string {
  const text = JSON.stringify(
    value,
    (_, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toFixed(4)) : v),
    indent,
  );
  if (!indent) return text;
  return text.replace(/\{\n\s+([^{}[\]]*?)\n\s*\}/g, (_, body: string) => `{ ${body.split(/,\n\s+/).join(', ')} }`);
}
