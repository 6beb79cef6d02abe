import type { ViolationKind } from '../domain/detection';
import type { CaptureEvent } from '../domain/events';
import { transitionError, type ReviewStatus } from '../domain/review';
import { CaptureClipRows } from './capture-clips';
import { fromRow, type Row } from './capture-row';
import type { Db } from './db';

/** One saved violation capture, as stored: the event's fields, file paths relative to the storage directory, and its review. */
export interface CaptureRecord extends Omit<CaptureEvent, 'crop' | 'frame' | 'clip'> {
  cropPath: string;
  framePath: string;
  /** The MP4 clip, while kept (retention may delete it before the stills). */
  clipPath?: string;
  /** When the clip starts, ms since the epoch: the capture is `time - clipStartMs` into it. */
  clipStartMs?: number;
  clipBytes?: number;
  /** Why the capture has no clip: it could not be made, or retention deleted it. */
  clipError?: string;
  /** The worker is still recording the seconds after the capture: the clip follows. */
  clipPending?: true;
  status: ReviewStatus;
  reviewer?: string;
  reviewedAt?: string;
  note?: string;
  /** Bytes of the image and clip files (unknown for captures saved before sizes were recorded). */
  bytes?: number;
}

export type NewCapture = Omit<CaptureRecord, 'status' | 'reviewer' | 'reviewedAt' | 'note'>;

export interface ReviewEntry {
  fromStatus: ReviewStatus;
  status: ReviewStatus;
  reviewer: string;
  at: string;
  note?: string;
}

/** Filters shared by the list, the CSV export and the stats. */
export interface CaptureFilter {
  cameraId?: string;
  kind?: ViolationKind;
  zone?: string;
  status?: ReviewStatus;
  /** Inclusive lower bound, ms since the epoch. */
  fromMs?: number;
  /** Exclusive upper bound, ms since the epoch. */
  toMs?: number;
}

export interface CaptureQuery extends CaptureFilter {
  limit: number;
  /** Keyset cursor from a previous page's nextCursor. */
  before?: string;
}

export interface CapturePage {
  items: CaptureRecord[];
  nextCursor: string | null;
}

export type ReviewResult =
  | { ok: true; record: CaptureRecord }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'conflict'; message: string };

/** Cursor = position of the last item of a page in (time, id) order; opaque to clients. */
export function encodeCursor(timeMs: number, id: string): string {
  return Buffer.from(JSON.stringify([timeMs, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { timeMs: number; id: string } | undefined {
  try {
    const [timeMs, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof timeMs === 'number' && Number.isFinite(timeMs) && typeof id === 'string') return { timeMs, id };
  } catch {
    // fall through: an unreadable cursor is reported by the caller
  }
  return undefined;
}

/** SQL WHERE terms and their named parameters for a filter. Values are always bound, never spliced. */
export function filterSql(
  f: CaptureFilter,
  column = (c: string) => c,
): { where: string[]; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.cameraId !== undefined) {
    where.push(`${column('camera_id')} = @cameraId`);
    params.cameraId = f.cameraId;
  }
  if (f.kind !== undefined) {
    // kinds is a comma list of fixed words, so a delimited match is exact.
    where.push(`instr(',' || ${column('kinds')} || ',', @kindNeedle) > 0`);
    params.kindNeedle = `,${f.kind},`;
  }
  if (f.zone !== undefined) {
    where.push(`${column('zone')} = @zone`);
    params.zone = f.zone;
  }
  if (f.status !== undefined) {
    where.push(`${column('status')} = @status`);
    params.status = f.status;
  }
  if (f.fromMs !== undefined) {
    where.push(`${column('time_ms')} >= @fromMs`);
    params.fromMs = f.fromMs;
  }
  if (f.toMs !== undefined) {
    where.push(`${column('time_ms')} < @toMs`);
    params.toMs = f.toMs;
  }
  return { where, params };
}

export class CaptureStore {
  /** The clip columns: kept, deleted before the stills, pending, given up. */
  readonly clips: CaptureClipRows;
  private readonly insertStmt;
  private readonly getStmt;
  private readonly deleteStmt;
  private readonly setKindsStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      `INSERT OR IGNORE INTO captures
         (id, time, time_ms, camera_id, camera_name, location, track_id, kinds, confidence, box, zone, crop_path, frame_path, bytes,
          clip_path, clip_start_ms, clip_bytes, clip_error, clip_pending)
       VALUES (@id, @time, @timeMs, @cameraId, @cameraName, @location, @trackId, @kinds, @confidence, @box, @zone, @cropPath, @framePath, @bytes,
          @clipPath, @clipStartMs, @clipBytes, @clipError, @clipPending)`,
    );
    this.getStmt = db.prepare('SELECT * FROM captures WHERE id = ?');
    this.deleteStmt = db.prepare('DELETE FROM captures WHERE id = ?');
    this.setKindsStmt = db.prepare('UPDATE captures SET kinds = ? WHERE id = ?');
    this.clips = new CaptureClipRows(db);
  }

  /** Adds a capture; false when one with this id exists already (redelivered events are harmless). */
  add(c: NewCapture): boolean {
    const info = this.insertStmt.run({
      id: c.id,
      time: c.time,
      timeMs: Date.parse(c.time),
      cameraId: c.cameraId,
      cameraName: c.cameraName,
      location: c.location,
      trackId: c.trackId,
      kinds: c.kinds.join(','),
      confidence: c.confidence,
      box: JSON.stringify(c.box),
      zone: c.zone ?? null,
      cropPath: c.cropPath,
      framePath: c.framePath,
      bytes: c.bytes ?? null,
      clipPath: c.clipPath ?? null,
      clipStartMs: c.clipStartMs ?? null,
      clipBytes: c.clipBytes ?? null,
      clipError: c.clipError ?? null,
      clipPending: c.clipPending ? 1 : 0,
    });
    return info.changes === 1;
  }

  /** Adds violation kinds to a stored capture (as the caller read it); returns it as it is now. */
  addKinds(current: CaptureRecord, kinds: readonly ViolationKind[]): CaptureRecord {
    const all = [...current.kinds, ...kinds.filter((k) => !current.kinds.includes(k))];
    this.setKindsStmt.run(all.join(','), current.id);
    return { ...current, kinds: all };
  }

  has(id: string): boolean {
    return this.getStmt.get(id) !== undefined;
  }

  get(id: string): CaptureRecord | undefined {
    const row = this.getStmt.get(id) as Row | undefined;
    return row && fromRow(row);
  }

  /** Newest first, keyset-paged so a page is stable while new captures arrive. */
  list(q: CaptureQuery): CapturePage {
    const { where, params } = filterSql(q);
    params.limit = q.limit + 1;
    if (q.before) {
      const cursor = decodeCursor(q.before);
      if (!cursor) throw new RangeError('before: not a cursor returned by this API');
      where.push('(time_ms < @cursorTime OR (time_ms = @cursorTime AND id < @cursorId))');
      params.cursorTime = cursor.timeMs;
      params.cursorId = cursor.id;
    }
    const sql = `SELECT * FROM captures ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY time_ms DESC, id DESC LIMIT @limit`;
    const rows = this.db.prepare(sql).all(params) as Row[];
    const more = rows.length > q.limit;
    const page = more ? rows.slice(0, q.limit) : rows;
    const last = page[page.length - 1];
    return { items: page.map(fromRow), nextCursor: more && last ? encodeCursor(last.time_ms, last.id) : null };
  }

  /** Every capture matching `f`, newest first, read lazily (for exports). */
  *iterate(f: CaptureFilter, max = Number.MAX_SAFE_INTEGER): Generator<CaptureRecord> {
    const { where, params } = filterSql(f);
    params.max = max;
    const sql = `SELECT * FROM captures ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY time_ms DESC, id DESC LIMIT @max`;
    for (const row of this.db.prepare(sql).iterate(params) as IterableIterator<Row>) yield fromRow(row);
  }

  /**
   * Moves a capture along the review lifecycle, recording who, when and why. The status check
   * and the update are one transaction, so two reviewers racing cannot both win.
   */
  review(id: string, to: ReviewStatus, reviewer: string, note: string | undefined, at = new Date()): ReviewResult {
    return this.db.transaction((): ReviewResult => {
      const row = this.getStmt.get(id) as Row | undefined;
      if (!row) return { ok: false, reason: 'not-found' };
      const problem = transitionError(row.status, to);
      if (problem) return { ok: false, reason: 'conflict', message: problem };
      const when = at.toISOString();
      this.db
        .prepare('UPDATE captures SET status = ?, reviewer = ?, reviewed_at = ?, note = coalesce(?, note) WHERE id = ?')
        .run(to, reviewer, when, note ?? null, id);
      this.db
        .prepare(
          'INSERT INTO capture_reviews (capture_id, from_status, status, reviewer, at, note) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(id, row.status, to, reviewer, when, note ?? null);
      return { ok: true, record: fromRow(this.getStmt.get(id) as Row) };
    })();
  }

  /** The review history of a capture, oldest first. */
  history(id: string): ReviewEntry[] {
    const rows = this.db
      .prepare('SELECT from_status, status, reviewer, at, note FROM capture_reviews WHERE capture_id = ? ORDER BY id')
      .all(id) as Array<{
      from_status: ReviewStatus;
      status: ReviewStatus;
      reviewer: string;
      at: string;
      note: string | null;
    }>;
    return rows.map((r) => ({
      fromStatus: r.from_status,
      status: r.status,
      reviewer: r.reviewer,
      at: r.at,
      ...(r.note ? { note: r.note } : {}),
    }));
  }

  /** Deletes the row (and its review history); returns what was deleted. */
  remove(id: string): CaptureRecord | undefined {
    return this.db.transaction(() => {
      const row = this.getStmt.get(id) as Row | undefined;
      if (row) this.deleteStmt.run(id);
      return row && fromRow(row);
    })();
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM captures').get() as { n: number }).n;
  }

  // ---- retention ----

  /** Oldest captures taken before `beforeMs`, skipping the given statuses. */
  olderThan(beforeMs: number, exceptStatuses: readonly ReviewStatus[], limit: number): CaptureRecord[] {
    const skip = exceptStatuses.map((_, i) => `@s${i}`).join(', ');
    const params: Record<string, unknown> = { beforeMs, limit };
    exceptStatuses.forEach((s, i) => (params[`s${i}`] = s));
    const rows = this.db
      .prepare(
        `SELECT * FROM captures WHERE time_ms < @beforeMs ${skip ? `AND status NOT IN (${skip})` : ''}
         ORDER BY time_ms, id LIMIT @limit`,
      )
      .all(params) as Row[];
    return rows.map(fromRow);
  }

  /** Oldest captures first; those with a status in `lastStatuses` after all the others. */
  oldest(lastStatuses: readonly ReviewStatus[], limit: number): CaptureRecord[] {
    const keptExpr = lastStatuses.length ? `(status IN (${lastStatuses.map((_, i) => `@s${i}`).join(', ')}))` : '0';
    const params: Record<string, unknown> = { limit };
    lastStatuses.forEach((s, i) => (params[`s${i}`] = s));
    const rows = this.db
      .prepare(`SELECT * FROM captures ORDER BY ${keptExpr}, time_ms, id LIMIT @limit`)
      .all(params) as Row[];
    return rows.map(fromRow);
  }

  /** Sum of recorded file sizes. */
  totalBytes(): number {
    return (this.db.prepare('SELECT coalesce(SUM(bytes), 0) AS n FROM captures').get() as { n: number }).n;
  }

  /** Captures whose file size is not recorded yet (saved before sizes were). */
  withoutBytes(limit: number): CaptureRecord[] {
    return (this.db.prepare('SELECT * FROM captures WHERE bytes IS NULL LIMIT ?').all(limit) as Row[]).map(fromRow);
  }

  setBytes(id: string, bytes: number): void {
    this.db.prepare('UPDATE captures SET bytes = ? WHERE id = ?').run(bytes, id);
  }

  /** Every image and clip path a row refers to (relative to the storage dir). */
  allPaths(): Set<string> {
    const paths = new Set<string>();
    const rows = this.db.prepare('SELECT crop_path, frame_path, clip_path FROM captures').iterate();
    for (const r of rows as IterableIterator<{ crop_path: string; frame_path: string; clip_path: string | null }>) {
      paths.add(r.crop_path);
      paths.add(r.frame_path);
      if (r.clip_path) paths.add(r.clip_path);
    }
    return paths;
  }
}
