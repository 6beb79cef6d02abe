// Temporal confirmation of one violation kind on one tracked subject: M of the last N frames
// raise it (and more of them than frames showing the item), K consecutive frames without it clear it (hysteresis), and it is raised — i.e.
// captured — at most once over the subject's life.
import type { PpeConfig } from './config';

export type ConfirmParams = PpeConfig['confirm'];

export class ViolationVotes {
  /** Bit i set = violation seen i frames ago (bit 0 = this frame). N ≤ 31 fits an int32. */
  private violations = 0;
  /** Same for explicit clean evidence (a helmet seen): tells "compliant" from "unknown". */
  private cleans = 0;
  /** Consecutive frames without violation evidence. */
  private calm = 0;
  /** Confirmed and not yet cleared: what the live preview shows. */
  active = false;
  /** Confirmed once already: never again for this subject. */
  raised = false;

  constructor(private readonly params: ConfirmParams) {}

  /**
   * Records this frame's verdict (true = violating, false = clean, null = no evidence, e.g. the
   * subject was not detected). Returns true when this frame raises the violation.
   */
  vote(verdict: boolean | null): boolean {
    const mask = (1 << this.params.window) - 1;
    this.violations = ((this.violations << 1) | (verdict === true ? 1 : 0)) & mask;
    this.cleans = ((this.cleans << 1) | (verdict === false ? 1 : 0)) & mask;
    this.calm = verdict === true ? 0 : this.calm + 1;
    if (!this.active) {
      const hits = popcount(this.violations);
      // A person whose PPE was seen in most of the window is compliant, however the rest flickered.
      if (hits < this.params.hits || popcount(this.cleans) >= hits) return false;
      this.active = true;
      if (this.raised) return false;
      this.raised = true;
      return true;
    }
    if (this.calm >= this.params.clearAfter) {
      this.active = false;
      // Forget the old evidence so a re-activation needs M fresh frames, whatever K is.
      this.violations = 0;
    }
    return false;
  }

  /** Not yet raised and seen in the window: a confirmation may be under way. */
  get pending(): boolean {
    return !this.raised && this.violations !== 0;
  }

  /** Explicitly clean in the window and not active. */
  get clean(): boolean {
    return !this.active && this.cleans !== 0 && (this.violations & 1) === 0;
  }
}

function popcount(v: number): number {
  let n = 0;
  for (let b = v; b !== 0; b &= b - 1) n++;
  return n;
}
