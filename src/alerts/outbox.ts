import type { Db } from '../store/db';

export type DeliveryState = 'pending' | 'delivered' | 'failed' | 'suppressed';

export interface OutboxRow {
  id: number;
  captureId: string | null;
  channelId: string;
  kind: 'capture' | 'escalation' | 'summary';
  state: DeliveryState;
  attempts: number;
  createdMs: number;
  nextMs: number;
  doneMs: number | null;
  lastError: string | null;
}

interface Row {
  id: number;
  capture_id: string | null;
  channel_id: string;
  kind: 'capture' | 'escalation' | 'summary';
  state: DeliveryState;
  attempts: number;
  created_ms: number;
  next_ms: number;
  done_ms: number | null;
  last_error: string | null;
}

const fromRow = (r: Row): OutboxRow => ({
  id: r.id,
  captureId: r.capture_id,
  channelId: r.channel_id,
  kind: r.kind,
  state: r.state,
  attempts: r.attempts,
  createdMs: r.created_ms,
  nextMs: r.next_ms,
  doneMs: r.done_ms,
  lastError: r.last_error,
});

/** Suppressed captures a summary reports: which cameras, since when. */
export interface HeldBack {
  ids: number[];
  cameras: Set<string>;
  /** When the first of them was held back. */
  oldestMs: number;
  /** Some were held for the channel's quiet hours (not only by its rate limit). */
  quiet: boolean;
}

/** The reasons of alerts held back for a summary: over the rate limit, or in the channel's quiet hours. */
export const RATE_LIMIT_REASON = 'rate limit: in the next summary';
export const QUIET_HOURS_REASON = 'quiet hours: in the summary when they end';

/** The alert outbox in SQLite: what is still to send, and what became of each delivery. */
export class Outbox {
  constructor(private readonly db: Db) {}

  /**
   * One row per channel (escalations due after their delay); a capture enqueued again
   * (redelivered event, restart) adds nothing.
   */
  enqueue(captureId: string, now: readonly string[], later: ReadonlyMap<string, number>, nowMs: number): void {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO alert_outbox (capture_id, channel_id, kind, created_ms, next_ms)
       VALUES (?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const channelId of now) insert.run(captureId, channelId, 'capture', nowMs, nowMs);
      for (const [channelId, delay] of later) insert.run(captureId, channelId, 'escalation', nowMs, nowMs + delay);
    })();
  }

  /** A summary for `channelId` at `dueMs`, unless one is waiting already. */
  scheduleSummary(channelId: string, nowMs: number, dueMs: number): void {
    const waiting = this.db
      .prepare(`SELECT 1 FROM alert_outbox WHERE channel_id = ? AND kind = 'summary' AND state = 'pending'`)
      .get(channelId);
    if (waiting) return;
    this.db
      .prepare(
        `INSERT INTO alert_outbox (capture_id, channel_id, kind, created_ms, next_ms) VALUES (NULL, ?, 'summary', ?, ?)`,
      )
      .run(channelId, nowMs, dueMs);
  }

  /** Rows due on `channelIds` (rows of a removed channel wait, without crowding out the others). */
  due(nowMs: number, channelIds: readonly string[], limit = 200): OutboxRow[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM alert_outbox WHERE state = 'pending' AND next_ms <= ?
           AND channel_id IN (SELECT value FROM json_each(?)) ORDER BY next_ms, id LIMIT ?`,
      )
      .all(nowMs, JSON.stringify(channelIds), limit) as Row[];
    return rows.map(fromRow);
  }

  /** Alerts sent to a channel since `sinceMs` (what its rate limit counts). */
  sentSince(channelId: string, sinceMs: number): number {
    const row = this.db
      .prepare(`SELECT COUNT(*) AS n FROM alert_outbox WHERE channel_id = ? AND state = 'delivered' AND done_ms >= ?`)
      .get(channelId, sinceMs) as { n: number };
    return row.n;
  }

  markDelivered(id: number, nowMs: number): void {
    this.db
      .prepare(
        `UPDATE alert_outbox SET state = 'delivered', attempts = attempts + 1, done_ms = ?, last_error = NULL WHERE id = ?`,
      )
      .run(nowMs, id);
  }

  /** A summary due in quiet hours waits for their end (not an attempt). */
  postpone(id: number, nextMs: number): void {
    this.db.prepare(`UPDATE alert_outbox SET next_ms = ? WHERE id = ?`).run(nextMs, id);
  }

  markRetry(id: number, nextMs: number, error: string): void {
    this.db
      .prepare(`UPDATE alert_outbox SET attempts = attempts + 1, next_ms = ?, last_error = ? WHERE id = ?`)
      .run(nextMs, error, id);
  }

  /** Given up (too old) or held back by the rate limit: done, with the reason. */
  finish(id: number, state: 'failed' | 'suppressed', nowMs: number, error: string | null, tried: boolean): void {
    this.db
      .prepare(`UPDATE alert_outbox SET state = ?, attempts = attempts + ?, done_ms = ?, last_error = ? WHERE id = ?`)
      .run(state, tried ? 1 : 0, nowMs, error, id);
  }

  /** Captures held back on a channel for a summary and not yet in one (not those dropped as reviewed). */
  heldBack(channelId: string): HeldBack {
    const rows = this.db
      .prepare(
        `SELECT o.id, c.camera_id, o.done_ms AS held_ms, o.last_error FROM alert_outbox o
         JOIN captures c ON c.id = o.capture_id
         WHERE o.channel_id = ? AND o.state = 'suppressed' AND o.summarized = 0 AND o.last_error IN (?, ?)`,
      )
      .all(channelId, RATE_LIMIT_REASON, QUIET_HOURS_REASON) as {
      id: number;
      camera_id: string;
      held_ms: number;
      last_error: string | null;
    }[];
    return {
      ids: rows.map((r) => r.id),
      cameras: new Set(rows.map((r) => r.camera_id)),
      oldestMs: Math.min(...rows.map((r) => r.held_ms)),
      quiet: rows.some((r) => r.last_error === QUIET_HOURS_REASON),
    };
  }

  markSummarized(ids: readonly number[]): void {
    const update = this.db.prepare(`UPDATE alert_outbox SET summarized = 1 WHERE id = ?`);
    this.db.transaction(() => ids.forEach((id) => update.run(id)))();
  }

  forCapture(captureId: string): OutboxRow[] {
    const rows = this.db
      .prepare(`SELECT * FROM alert_outbox WHERE capture_id = ? ORDER BY channel_id`)
      .all(captureId) as Row[];
    return rows.map(fromRow);
  }
}
