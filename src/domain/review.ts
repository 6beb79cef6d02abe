// The review lifecycle of a capture, shared by the store (which enforces it) and the dashboard (which offers it).

export type ReviewStatus = 'new' | 'acknowledged' | 'resolved' | 'false-positive';

export const REVIEW_STATUSES: readonly ReviewStatus[] = ['new', 'acknowledged', 'resolved', 'false-positive'];

/** Statuses a human set to say "this was a real violation". */
export const CONFIRMED_STATUSES: readonly ReviewStatus[] = ['acknowledged', 'resolved'];

/** The review lifecycle: new → acknowledged → resolved, or false-positive from new or acknowledged. */
/** A status a reviewer can set (a capture starts as new). */
export type ReviewStep = Exclude<ReviewStatus, 'new'>;

const TRANSITIONS: Record<ReviewStatus, readonly ReviewStep[]> = {
  new: ['acknowledged', 'false-positive'],
  acknowledged: ['resolved', 'false-positive'],
  resolved: [],
  'false-positive': [],
};

/** Why `from → to` is not allowed, or undefined when it is. */
export function transitionError(from: ReviewStatus, to: ReviewStatus): string | undefined {
  if ((TRANSITIONS[from] as readonly ReviewStatus[]).includes(to)) return undefined;
  if (from === to) return `status: the capture is already ${from}`;
  if (TRANSITIONS[from].length === 0) return `status: ${from} is final; it cannot become ${to}`;
  return `status: a ${from} capture can become ${TRANSITIONS[from].join(' or ')}, not ${to}`;
}

/** Review steps a capture may take next (new → acknowledged → resolved; false-positive). */
export function nextReviewSteps(status: ReviewStatus): readonly ReviewStep[] {
  return TRANSITIONS[status];
}
