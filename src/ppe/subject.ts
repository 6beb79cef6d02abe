// The things a PPE monitor judges: subjects (tracked things that vote), the figures (people) they
// belong to, what one frame says about a subject, and how a figure is shown on the live preview.
import type { Box, ViolationKind } from '../domain/detection';
import type { BestFrames, HeldCapture } from './best-frame';
import type { ZoneConfig } from './config';
import type { ViolationVotes } from './confirm';
import type { PersonView } from './monitor';

/** A tracked thing that votes: a person track, or (without a person class) a head or torso track. */
export interface Subject<F> {
  id: number;
  /** Update count of the last frame its track was detected in (figure slots count only these). */
  observedAt: number;
  /** The person this subject is part of (a head and a torso once paired share one). */
  figure: Figure;
  /** Update count of the last frame the tracker still reported its track; else it is dropped. */
  listedAt: number;
  votes: Partial<Record<ViolationKind, ViolationVotes>>;
  best: BestFrames<F>;
}

/**
 * The person a subject belongs to: its id is the one shown and captured, and a kind it raised
 * is never raised again — even by a new torso track after the old one was lost in a crowd.
 * A figure holds one head and one torso, so two people seen at once can never merge.
 */
export interface Figure {
  id: number;
  raised: Set<ViolationKind>;
  head?: Subject<unknown>;
  torso?: Subject<unknown>;
  /** A capture confirmed but held back while another of the person's kinds is being confirmed. */
  held?: HeldCapture<unknown>;
}

/** The figure's head and torso subjects (one subject when it is a whole person). */
export function membersOf(figure: Figure): Subject<unknown>[] {
  const members: Subject<unknown>[] = [];
  if (figure.head) members.push(figure.head);
  if (figure.torso && figure.torso !== figure.head) members.push(figure.torso);
  return members;
}

/** A subject's verdict on one kind in one frame: violating, clean, or no evidence (null). */
export interface Verdict {
  violating: boolean | null;
  score: number;
}

/** What one frame says about a subject. */
export interface Observation {
  /** Box recorded for a capture (for a head or torso, the whole head + torso figure). */
  box: Box;
  /** Area of the subject's own box, for picking the best frame. */
  area: number;
  zone?: string;
  verdicts: Partial<Record<ViolationKind, Verdict>>;
}

/** Where a person stands and what they must wear there. */
export interface Scope {
  zone?: ZoneConfig;
  required: readonly ViolationKind[];
}

/**
 * A figure made of `members` (one subject, or a head and a torso) as the preview shows it; its
 * violations in the order of `kinds` (the catalogue's).
 */
export function personView(
  trackId: number,
  box: Box,
  members: readonly Subject<unknown>[],
  scope: Scope,
  tooSmall: boolean,
  kinds: readonly ViolationKind[],
): PersonView {
  const violations: ViolationKind[] = [];
  for (const kind of kinds) if (members.some((m) => m.votes[kind]?.active)) violations.push(kind);
  let compliant: boolean | 'unknown' = false;
  if (violations.length === 0) {
    const allClean = scope.required.every((kind) => members.some((m) => m.votes[kind]?.clean));
    compliant = tooSmall || !allClean ? 'unknown' : true;
  }
  const label =
    violations.length > 0 ? violations.join(' + ') : compliant === true ? 'ok' : tooSmall ? 'too small' : '?';
  return { trackId, box, label, violations, compliant, ...(scope.zone ? { zone: scope.zone.name } : {}) };
}
