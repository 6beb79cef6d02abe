// From detected, labelled photos to figures per role and to per-class thresholds chosen by a
// sweep. Pure: the detector has already run (at a score floor at or below every threshold used).
import type { Box, Detection, PpeRole } from '../domain/detection';
import {
  bestRow,
  countsAt,
  emptyPerRole,
  EVAL_ROLES,
  isEvalRole,
  quality,
  roleOutcome,
  sweep,
  type EvalRole,
  type PhotoBoxes,
  type Quality,
  type SweepRow,
} from './photo-scoring';

/** A labelled photo and what the detector found on it. */
export interface DetectedPhoto {
  id: string;
  labels: Record<EvalRole, Box[]>;
  detections: Detection[];
}

/** Minimum score per model class name. */
export type ClassThresholds = Record<string, number>;

/** The model's classes, in the detector's order, with the roles a camera gives them. */
export interface ModelClasses {
  names: readonly string[];
  roles: readonly PpeRole[];
}

export interface RoleFigures {
  all: Quality;
  /** Small people only (see smallPersonRule). */
  small: Quality;
}

export type Figures = Record<EvalRole, RoleFigures>;

export type IsSmall = (role: EvalRole, box: Box) => boolean;

/** The same threshold for every class that has an evaluated role. */
export function uniformThresholds(classes: ModelClasses, minScore: number): ClassThresholds {
  return Object.fromEntries(classes.names.filter((_, i) => isEvalRole(classes.roles[i])).map((n) => [n, minScore]));
}

/** A photo's predictions per role, keeping the detections that reach their class's threshold. */
export function photoBoxesAt(photo: DetectedPhoto, thresholds: ClassThresholds): PhotoBoxes {
  const predictions = emptyPerRole<{ box: Box; score: number }>();
  for (const d of photo.detections) {
    const minScore = thresholds[d.className];
    if (isEvalRole(d.role) && minScore !== undefined && d.score >= minScore) {
      predictions[d.role].push({ box: d.box, score: d.score });
    }
  }
  return { labels: photo.labels, predictions };
}

export function figuresAt(photos: readonly DetectedPhoto[], thresholds: ClassThresholds, isSmall: IsSmall): Figures {
  const boxes = photos.map((p) => photoBoxesAt(p, thresholds));
  const entries = EVAL_ROLES.map((role): [EvalRole, RoleFigures] => {
    const outcome = roleOutcome(boxes, role, isSmall);
    return [role, { all: quality(countsAt(outcome, 0)), small: quality(countsAt(outcome, 0, 'small')) }];
  });
  return Object.fromEntries(entries) as Figures;
}

export interface SweepResult {
  /** F1 and counts per threshold, per role. */
  rows: Record<EvalRole, SweepRow[]>;
  /** The highest-F1 row per role; absent for a role the photos have no label of. */
  best: Partial<Record<EvalRole, SweepRow>>;
  /** The best threshold of each class's role; classes of roles without a best row are left out. */
  thresholds: ClassThresholds;
}

/** Sweeps every evaluated role over `grid` (each at or above the score floor the detector ran at). */
export function sweepThresholds(
  photos: readonly DetectedPhoto[],
  classes: ModelClasses,
  grid: readonly number[],
  isSmall: IsSmall,
): SweepResult {
  const floor = Math.min(...grid);
  const boxes = photos.map((p) => photoBoxesAt(p, uniformThresholds(classes, floor)));
  const rows = emptyPerRole<SweepRow>();
  const best: Partial<Record<EvalRole, SweepRow>> = {};
  for (const role of EVAL_ROLES) {
    const outcome = roleOutcome(boxes, role, isSmall);
    rows[role] = sweep(outcome, grid);
    if (outcome.labels.length) best[role] = bestRow(rows[role]);
  }
  const thresholds: ClassThresholds = {};
  classes.names.forEach((name, i) => {
    const role = classes.roles[i];
    const row = isEvalRole(role) ? best[role] : undefined;
    if (row) thresholds[name] = row.minScore;
  });
  return { rows, best, thresholds };
}
