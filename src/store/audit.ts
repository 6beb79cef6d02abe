import type { AuditAction } from '../domain/audit';
import type { Db } from './db';

/** One recorded action, as stored. */
export interface AuditEntry {
  id: number;
  atMs: number;
  user: string;
  role: string;
  action: AuditAction;
  /** The capture acted on; absent for listings and exports. */
  captureId?: string;
  /** The capture's camera, or the camera a listing or export was filtered by. */
  cameraId?: string;
  /** Captures a listing showed. */
  captureCount?: number;
  /** The client's address (request.ip: the proxy's client with `auth.trustProxy`). */
  address: string;
  userAgent?: string;
  /** What else identifies the access: a listing's filter, a review's status, an image's kind. */
  details?: Record<string, unknown>;
}

export type NewAuditEntry = Omit<AuditEntry, 'id'> & {
  /** The captures a listing showed, so a search by capture finds the listing. */
  listedIds?: readonly string[];
};

export interface AuditFilter {
  /** Inclusive, ms since the epoch. */
  fromMs?: number;
  /** Exclusive. */
  toMs?: number;
  /** Exact user name, any case. */
  user?: string;
  action?: AuditAction;
  cameraId?: string;
  /** Entries on this capture, and listings that showed it. */
  captureId?: string;
}

export interface AuditPage {
  items: AuditEntry[];
  /** The last item's id: pass as `before` for the next (older) page. */
  nextCursor: number | null;
}

interface Row {
  id: number;
  at_ms: number;
  user_name: string;
  user_role: string;
  action: AuditAction;
  capture_id: string | null;
  camera_id: string | null;
  capture_count: number | null;
  address: string;
  user_agent: string | null;
  details: string | null;
}

const fromRow = (r: Row): AuditEntry => ({
  id: r.id,
  atMs: r.at_ms,
  user: r.user_name,
  role: r.user_role,
  action: r.action,
  ...(r.capture_id !== null ? { captureId: r.capture_id } : {}),
  ...(r.camera_id !== null ? { cameraId: r.camera_id } : {}),
  ...(r.capture_count !== null ? { captureCount: r.capture_count } : {}),
  address: r.address,
  ...(r.user_agent !== null ? { userAgent: r.user_agent } : {}),
  ...(r.details !== null ? { details: JSON.parse(r.details) as Record<string, unknown> } : {}),
});

/** WHERE terms and bound parameters of a filter (values are never spliced). */
function filterSql(f: AuditFilter): { where: string; params: Record<string, unknown> } {
  const terms: string[] = [];
  const params: Record<string, unknown> = {};
  const add = (term: string, name: string, value: unknown) => {
    if (value === undefined) return;
    terms.push(term);
    params[name] = value;
  };
  add('at_ms >= @fromMs', 'fromMs', f.fromMs);
  add('at_ms < @toMs', 'toMs', f.toMs);
  add('user_name = @user COLLATE NOCASE', 'user', f.user);
  add('action = @action', 'action', f.action);
  add('camera_id = @cameraId', 'cameraId', f.cameraId);
  add(
    '(capture_id = @captureId OR id IN (SELECT entry_id FROM audit_listed_captures WHERE capture_id = @captureId))',
    'captureId',
    f.captureId,
  );
  return { where: terms.length ? `WHERE ${terms.join(' AND ')}` : '', params };
}

/** The audit trail's table: written in batches, read newest first, purged by age. */
export class AuditStore {
  private readonly insertEntry;
  private readonly insertListed;
  private readonly purgeBatch;

  constructor(private readonly db: Db) {
    this.insertEntry = db.prepare(
      `INSERT INTO audit_entries
         (at_ms, user_name, user_role, action, capture_id, camera_id, capture_count, address, user_agent, details)
       VALUES (@atMs, @user, @role, @action, @captureId, @cameraId, @captureCount, @address, @userAgent, @details)`,
    );
    this.insertListed = db.prepare('INSERT OR IGNORE INTO audit_listed_captures (entry_id, capture_id) VALUES (?, ?)');
    this.purgeBatch = db.prepare(
      'DELETE FROM audit_entries WHERE id IN (SELECT id FROM audit_entries WHERE at_ms < ? LIMIT 2000)',
    );
  }

  /** Writes entries in one transaction, in order. */
  addAll(entries: readonly NewAuditEntry[]): void {
    this.db.transaction(() => {
      for (const e of entries) {
        const info = this.insertEntry.run({
          atMs: e.atMs,
          user: e.user,
          role: e.role,
          action: e.action,
          captureId: e.captureId ?? null,
          cameraId: e.cameraId ?? null,
          captureCount: e.captureCount ?? null,
          address: e.address,
          userAgent: e.userAgent ?? null,
          details: e.details ? JSON.stringify(e.details) : null,
        });
        for (const id of e.listedIds ?? []) this.insertListed.run(info.lastInsertRowid, id);
      }
    })();
  }

  /** Newest first; `before` is a previous page's nextCursor. */
  list(filter: AuditFilter & { limit: number; before?: number }): AuditPage {
    const { where, params } = filterSql({ ...filter });
    const cursor = filter.before !== undefined ? `${where ? `${where} AND` : 'WHERE'} id < @before` : where;
    const rows = this.db.prepare(`SELECT * FROM audit_entries ${cursor} ORDER BY id DESC LIMIT @limit`).all({
      ...params,
      ...(filter.before !== undefined ? { before: filter.before } : {}),
      limit: filter.limit + 1,
    }) as Row[];
    const items = rows.slice(0, filter.limit).map(fromRow);
    return { items, nextCursor: rows.length > filter.limit ? items[items.length - 1].id : null };
  }

  /** Deletes entries older than `cutoffMs`, in batches; returns how many. */
  purgeOlderThan(cutoffMs: number): number {
    let total = 0;
    for (let n = this.purgeBatch.run(cutoffMs).changes; n > 0; n = this.purgeBatch.run(cutoffMs).changes) total += n;
    return total;
  }
}
