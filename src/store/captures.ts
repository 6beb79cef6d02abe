import type { Box, ViolationKind } from '../domain';
import type { Db } from './db';

export type ReviewStatus = 'new' | 'acknowledged' | 'resolved' | 'false-positive';

/** One saved violation capture, as stored. Paths are relative to the storage directory. */
export interface CaptureRecord {
  id: string;
  time: string;
  cameraId: string;
  cameraName: string;
  location: string;
  trackId: number;
  kinds: ViolationKind[];
  confidence: number;
  box: Box;
  zone?: string;
  cropPath: string;
  framePath: string;
  status: ReviewStatus;
}

export interface CaptureQuery {
  cameraId?: string;
  kind?: ViolationKind;
  limit: number;
  /** Keyset cursor from a previous page's nextCursor. */
  before?: string;
}

export interface CapturePage {
  items: CaptureRecord[];
  nextCursor: string | null;
}

interface Row {
  id: string;
  time: string;
  time_ms: number;
  camera_id: string;
  camera_name: string;
  location: string;
  track_id: number;
  kinds: string;
  confidence: number;
  box: string;
  zone: string | null;
  crop_path: string;
  frame_path: string;
  status: ReviewStatus;
}

const fromRow = (r: Row): CaptureRecord => ({
  id: r.id,
  time: r.time,
  cameraId: r.camera_id,
  cameraName: r.camera_name,
  location: r.location,
  trackId: r.track_id,
  kinds: r.kinds.split(',') as ViolationKind[],
  confidence: r.confidence,
  box: JSON.parse(r.box) as Box,
  ...(r.zone ? { zone: r.zone } : {}),
  cropPath: r.crop_path,
  framePath: r.frame_path,
  status: r.status,
});

/** Cursor = position of the last item of a page in (time, id) order; opaque to clients. */
export function encodeCursor(timeMs: number, id: string): string {
  return Buffer.from(JSON.stringify([timeMs, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { timeMs: number; id: string } | undefined {
  try {
    const [timeMs, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof timeMs === 'number' && typeof id === 'string') return { timeMs, id };
  } catch {
    // fall through: an unreadable cursor is reported by the caller
  }
  return undefined;
}

export class CaptureStore {
  private readonly insertStmt;
  private readonly getStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      `INSERT OR IGNORE INTO captures
         (id, time, time_ms, camera_id, camera_name, location, track_id, kinds, confidence, box, zone, crop_path, frame_path)
       VALUES (@id, @time, @timeMs, @cameraId, @cameraName, @location, @trackId, @kinds, @confidence, @box, @zone, @cropPath, @framePath)`,
    );
    this.getStmt = db.prepare('SELECT * FROM captures WHERE id = ?');
  }

  /** Adds a capture; false when one with this id exists already (redelivered events are harmless). */
  add(c: Omit<CaptureRecord, 'status'>): boolean {
    const info = this.insertStmt.run({
      ...c,
      timeMs: Date.parse(c.time),
      kinds: c.kinds.join(','),
      box: JSON.stringify(c.box),
      zone: c.zone ?? null,
    });
    return info.changes === 1;
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
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: q.limit + 1 };
    if (q.cameraId) {
      where.push('camera_id = @cameraId');
      params.cameraId = q.cameraId;
    }
    if (q.kind) {
      // kinds is a comma list of fixed words, so a delimited match is exact.
      where.push("(',' || kinds || ',') LIKE @kindPattern");
      params.kindPattern = `%,${q.kind},%`;
    }
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

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM captures').get() as { n: number }).n;
  }
}
