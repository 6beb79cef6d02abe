import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AuditAction } from '../domain/audit';
import { RecentAccess, type CaptureRead } from '../audit/recent-access';
import type { AuditStore, NewAuditEntry } from '../store/audit';

/** A capture as the trail names it. */
export interface AuditedCapture {
  id: string;
  cameraId: string;
}

/** What a listing or export recorded: its filter, and for a listing the captures it showed. */
export interface AuditedListing {
  filter: Record<string, unknown>;
  cameraId?: string;
  shown?: readonly AuditedCapture[];
}

/** Reads, which follow the RecentAccess rule; changes (review, delete) are always recorded. */
const READ_ACTIONS: Partial<Record<AuditAction, CaptureRead>> = {
  'capture.view': 'detail',
  'capture.crop': 'crop',
  'capture.frame': 'frame',
  'capture.clip': 'clip',
};

const MAX_QUEUED = 10_000;
const FLUSH_DELAY_MS = 200;
const RETRY_DELAY_MS = 5_000;

/**
 * Records who accessed which captures. Entries are queued and written in one transaction shortly
 * after (never on the request's path); a failed write is logged and retried, and never fails the
 * request. Reads of the trail flush first.
 */
export class AuditTrail {
  private queue: NewAuditEntry[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: AuditStore,
    private readonly log: Pick<Logger, 'error'>,
    private readonly now: () => number = Date.now,
    private readonly recent = new RecentAccess(),
  ) {}

  /**
   * The one call for a route that serves or changes one capture (detail, crop, frame, clip, review,
   * delete). Reads follow the RecentAccess rule; changes are always recorded.
   */
  recordCaptureAccess(
    req: FastifyRequest,
    action: AuditAction,
    capture: AuditedCapture,
    details?: Record<string, unknown>,
  ): void {
    this.safely(() => {
      const user = actorOf(req).user;
      const nowMs = this.now();
      const read = READ_ACTIONS[action];
      if (read) {
        const embedded = read !== 'detail' && req.headers['sec-fetch-dest'] === 'image';
        if (!this.recent.needsEntry(user, read, capture.id, embedded, nowMs)) return;
      }
      if (action === 'capture.view') this.recent.shown(user, ['crop', 'frame'], [capture.id], nowMs);
      this.enqueue(req, action, nowMs, { captureId: capture.id, cameraId: capture.cameraId, details });
    });
  }

  /**
   * One entry per listing or export request, with its filter; a listing's crops are then covered. A
   * listing that gave the same user the same answer within the window adds nothing (RecentAccess).
   */
  recordListing(req: FastifyRequest, action: AuditAction, listing: AuditedListing): void {
    this.safely(() => {
      const nowMs = this.now();
      const user = actorOf(req).user;
      const ids = listing.shown?.map((c) => c.id);
      if (ids) {
        const answer = createHash('sha256')
          .update(JSON.stringify([action, listing.filter, ids]))
          .digest('base64url');
        if (!this.recent.needsListingEntry(user, answer, nowMs)) return;
        this.recent.shown(user, ['crop'], ids, nowMs);
      }
      this.enqueue(req, action, nowMs, {
        cameraId: listing.cameraId,
        details: { filter: listing.filter },
        ...(ids ? { captureCount: ids.length, listedIds: ids } : {}),
      });
    });
  }

  /** An action on the trail itself or its settings (`audit.*`). */
  record(req: FastifyRequest, action: AuditAction, details: Record<string, unknown>): void {
    this.safely(() => this.enqueue(req, action, this.now(), { details }));
  }

  /** Writes what is queued (before the trail is read, and at shutdown). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.queue.length) return;
    const batch = this.queue;
    this.queue = [];
    try {
      this.store.addAll(batch);
    } catch (err) {
      this.log.error({ err: (err as Error).message, entries: batch.length }, 'audit entries could not be written');
      this.queue = [...batch, ...this.queue].slice(-MAX_QUEUED);
      this.schedule(RETRY_DELAY_MS);
    }
  }

  close(): void {
    this.flush();
    clearTimeout(this.timer);
  }

  private enqueue(
    req: FastifyRequest,
    action: AuditAction,
    atMs: number,
    what: Omit<NewAuditEntry, 'atMs' | 'action' | 'user' | 'role' | 'address'>,
  ): void {
    const agent = req.headers['user-agent'];
    this.queue.push({
      atMs,
      action,
      ...actorOf(req),
      address: req.ip,
      ...(agent ? { userAgent: agent.slice(0, 300) } : {}),
      ...what,
    });
    if (this.queue.length > MAX_QUEUED) this.queue.shift();
    this.schedule(FLUSH_DELAY_MS);
  }

  private schedule(delayMs: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), delayMs);
    this.timer.unref();
  }

  /** Recording never fails a request: a fault is logged instead. */
  private safely(record: () => void): void {
    try {
      record();
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'audit entry could not be recorded');
    }
  }
}

/** A query as the client sent it, without the unset fields: what a listing's entry records as its filter. */
export function sentFilter(query: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
}

function actorOf(req: FastifyRequest): { user: string; role: string } {
  return req.user ? { user: req.user.name, role: req.user.role } : { user: 'anonymous', role: 'none' };
}
