// The clip columns of capture rows: a clip kept or deleted before the stills, one still to come
// (pending), or why there is none.
import { fromRow, type Row } from './capture-row';
import type { CaptureRecord } from './captures';
import type { Db } from './db';

/** Where a capture's clip file is, when it starts (wall clock, ms) and its size. */
export interface KeptClip {
  clipPath: string;
  clipStartMs: number;
  clipBytes: number;
}

export class CaptureClipRows {
  private readonly getStmt;
  private readonly keepStmt;
  private readonly settleStmt;

  constructor(private readonly db: Db) {
    this.getStmt = db.prepare('SELECT * FROM captures WHERE id = ?');
    // Only a pending clip is filled in: a redelivered clip, or one for a capture settled meanwhile, changes nothing.
    this.keepStmt = db.prepare(
      `UPDATE captures SET clip_path = @clipPath, clip_start_ms = @clipStartMs, clip_bytes = @clipBytes,
         clip_pending = 0, bytes = coalesce(bytes, 0) + @clipBytes WHERE id = @id AND clip_pending = 1`,
    );
    this.settleStmt = db.prepare(
      'UPDATE captures SET clip_pending = 0, clip_error = ? WHERE id = ? AND clip_pending = 1',
    );
  }

  /** Links a pending capture's clip; the capture as it is now, or undefined when it was not pending (or is gone). */
  keep(id: string, clip: KeptClip): CaptureRecord | undefined {
    return this.changed(this.keepStmt.run({ id, ...clip }).changes, id);
  }

  /** A pending capture gets no clip, saying why; the capture as it is now, or undefined when it was not pending. */
  settle(id: string, reason: string): CaptureRecord | undefined {
    return this.changed(this.settleStmt.run(reason, id).changes, id);
  }

  /** Pending captures of `cameraId` (every camera when undefined) taken before `beforeMs` get no clip, saying why. */
  abandon(cameraId: string | undefined, beforeMs: number, reason: string): CaptureRecord[] {
    const camera = cameraId === undefined ? '' : 'AND camera_id = @cameraId';
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(`SELECT * FROM captures WHERE clip_pending = 1 ${camera} AND time_ms < @beforeMs`)
        .all({ cameraId, beforeMs }) as Row[];
      for (const r of rows) this.settleStmt.run(reason, r.id);
      return rows.map((r) => fromRow(this.getStmt.get(r.id) as Row));
    })();
  }

  /** Oldest captures that still have a clip, taken before `beforeMs` (clip age rule, budget). */
  withClips(beforeMs: number, limit: number): CaptureRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM captures WHERE clip_path IS NOT NULL AND time_ms < ? ORDER BY time_ms, id LIMIT ?')
      .all(beforeMs, limit) as Row[];
    return rows.map(fromRow);
  }

  /**
   * Forgets a capture's clip, saying why; its size leaves the capture's bytes. Returns the path
   * to delete (row first, like whole captures: an interruption leaves an orphan file, swept).
   */
  drop(id: string, reason: string): string | undefined {
    return this.db.transaction(() => {
      const row = this.getStmt.get(id) as Row | undefined;
      if (!row?.clip_path) return undefined;
      this.db
        .prepare(
          `UPDATE captures SET clip_path = NULL, clip_start_ms = NULL, clip_error = ?,
             bytes = max(coalesce(bytes, 0) - coalesce(clip_bytes, 0), 0), clip_bytes = NULL WHERE id = ?`,
        )
        .run(reason, id);
      return row.clip_path;
    })();
  }

  private changed(changes: number, id: string): CaptureRecord | undefined {
    const row = changes === 1 ? (this.getStmt.get(id) as Row | undefined) : undefined;
    return row && fromRow(row);
  }
}
