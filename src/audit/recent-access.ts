// The rule that keeps repeated reads of a capture from flooding the audit trail (docs/api.md "Audit trail"). Pure:
// times come in as numbers.

/** What of a capture a request reads: its detail (JSON) or one of its files. */
export type CaptureRead = 'detail' | 'crop' | 'frame' | 'clip';

/** How long a recorded read covers repeats of it. */
export const COVER_WINDOW_MS = 10 * 60_000;

/**
 * Remembers, per user, which reads of captures the trail already accounts for:
 * - a listing accounts for the crops it showed (the gallery's thumbnails), a detail view for the
 *   capture's crop and frame — but only for requests a page embeds (`Sec-Fetch-Dest: image`); a
 *   file opened on its own, or fetched by a tool, is a download and gets its own entry;
 * - a read's own entry accounts for repeats of the same request (the dashboard fetching a detail again
 *   after a review, reloads, a player's range requests), a listing's for the same answer to the same
 *   filter (the dashboard reloading its list when the live connection opens).
 * Each lasts COVER_WINDOW_MS. Memory is bounded: beyond `maxKeys` the oldest are forgotten first
 * (which can only add entries, never lose one).
 */
export class RecentAccess {
  /** key → until when it covers (ms); insertion order = expiry order, as every key lasts the same. */
  private readonly covered = new Map<string, number>();

  constructor(
    private readonly windowMs = COVER_WINDOW_MS,
    private readonly maxKeys = 100_000,
  ) {}

  /** `user` was shown these files of these captures at `nowMs` (by a listing or a detail view). */
  shown(user: string, files: readonly CaptureRead[], captureIds: readonly string[], nowMs: number): void {
    for (const id of captureIds) for (const file of files) this.cover(`shown\n${user}\n${file}\n${id}`, nowMs);
  }

  /** Whether this read needs an entry of its own; when it does, it covers its repeats from now. */
  needsEntry(user: string, read: CaptureRead, captureId: string, embedded: boolean, nowMs: number): boolean {
    if (embedded && this.isCovered(`shown\n${user}\n${read}\n${captureId}`, nowMs)) return false;
    return this.firstInWindow(`own\n${user}\n${read}\n${captureId}`, nowMs);
  }

  /**
   * Whether a listing needs an entry: not when the same user got the same answer (`answerKey`: the
   * filter and the captures shown, e.g. hashed) within the window — the dashboard reloading its list.
   */
  needsListingEntry(user: string, answerKey: string, nowMs: number): boolean {
    return this.firstInWindow(`list\n${user}\n${answerKey}`, nowMs);
  }

  private firstInWindow(key: string, nowMs: number): boolean {
    if (this.isCovered(key, nowMs)) return false;
    this.cover(key, nowMs);
    return true;
  }

  private isCovered(key: string, nowMs: number): boolean {
    const until = this.covered.get(key);
    return until !== undefined && until > nowMs;
  }

  private cover(key: string, nowMs: number): void {
    this.covered.delete(key); // re-inserted at the end: the order stays the expiry order
    this.covered.set(key, nowMs + this.windowMs);
    for (const [oldest, until] of this.covered) {
      if (until > nowMs && this.covered.size <= this.maxKeys) break;
      this.covered.delete(oldest);
    }
  }

  /** Keys remembered (for tests of the bound). */
  get size(): number {
    return this.covered.size;
  }
}
