import type { Logger } from 'pino';
import type { RetentionConfig } from './config';
import { CONFIRMED_STATUSES } from '../domain/review';
import type { CaptureRecord, CaptureStore } from '../store/captures';
import type { CaptureArchive } from './archive';

const DAY_MS = 86_400_000;
const BATCH = 500;

export interface RetentionReport {
  /** Captures deleted because they were older than `days`. */
  byAge: number;
  /** Captures deleted to bring the folder under `maxBytes`. */
  byBudget: number;
  /** Clips deleted (their stills kept): older than `clipDays`, or to meet the budget. */
  clips: number;
  freedBytes: number;
  /** Bytes of capture images kept. */
  totalBytes: number;
  /** Audit entries deleted because they were older than the audit retention. */
  auditPurged: number;
}

/** The audit trail's part of a sweep: its entries' age limit, read at each sweep (the dashboard may change it). */
export interface AuditRetention {
  days(): number;
  purgeOlderThan(cutoffMs: number): number;
}

export interface RetentionOptions {
  /** The capture rules (the audit trail's age limit comes with `audit`). */
  config: Omit<RetentionConfig, 'auditDays'>;
  store: CaptureStore;
  archive: CaptureArchive;
  log?: Pick<Logger, 'info' | 'error'>;
  /** Called with each capture deleted (rows and files gone). */
  onRemoved?: (record: CaptureRecord) => void;
  /** Called after each sweep with the bytes kept. */
  onTotal?: (bytes: number) => void;
  audit?: AuditRetention;
  now?: () => number;
}

/**
 * Deletes old captures and keeps the capture folder under its disk budget, rows and files together
 * (row first: an interruption leaves an orphan file, which the start-up sweep removes).
 *
 * Age rule: captures older than `days` go, except — with `keepReviewed` — those a person confirmed
 * (acknowledged or resolved). Budget rule: oldest first, confirmed captures only after every other
 * one, since running out of disk would stop new captures from being saved at all.
 * Clips, most of the disk, go before any still: after `clipDays` ("keep stills longer"), and
 * oldest first whenever the budget is exceeded; the capture then says its clip was deleted.
 */
export class Retention {
  private running?: Promise<RetentionReport>;
  private timer?: NodeJS.Timeout;

  constructor(private readonly opts: RetentionOptions) {}

  /** One sweep; a call while one runs gets that sweep's result. */
  sweep(): Promise<RetentionReport> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Sweeps every `intervalMs` (hourly by default) until stop(). */
  start(intervalMs = 3_600_000): void {
    this.timer = setInterval(() => {
      this.sweep().catch((err: Error) => this.opts.log?.error({ err: err.message }, 'retention sweep failed'));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<RetentionReport> {
    const { config, store, archive, log } = this.opts;
    const now = (this.opts.now ?? Date.now)();
    const report: RetentionReport = { byAge: 0, byBudget: 0, clips: 0, freedBytes: 0, totalBytes: 0, auditPurged: 0 };

    // Captures saved before sizes were recorded: measure them once.
    for (let batch = store.withoutBytes(BATCH); batch.length; batch = store.withoutBytes(BATCH)) {
      for (const c of batch) store.setBytes(c.id, await archive.fileBytes(c));
    }

    const kept = config.keepReviewed ? CONFIRMED_STATUSES : [];
    const cutoff = now - config.days * DAY_MS;
    for (let batch = store.olderThan(cutoff, kept, BATCH); batch.length; batch = store.olderThan(cutoff, kept, BATCH)) {
      for (const c of batch) {
        report.freedBytes += await this.remove(c);
        report.byAge++;
      }
    }

    if (config.clipDays !== undefined)
      await this.removeClips(
        now - config.clipDays * DAY_MS,
        report,
        () => true,
        `deleted after ${config.clipDays} days`,
      );
    // Clips are most of the bytes: they go before any capture does.
    await this.removeClips(
      now,
      report,
      () => store.totalBytes() > config.maxBytes,
      'deleted to keep within the disk budget',
    );

    let total = store.totalBytes();
    while (total > config.maxBytes) {
      const batch = store.oldest(kept, 100);
      if (!batch.length) break;
      for (const c of batch) {
        if (total <= config.maxBytes) break;
        const freed = await this.remove(c);
        total -= c.bytes ?? freed;
        report.freedBytes += freed;
        report.byBudget++;
      }
    }

    if (report.byAge || report.byBudget || report.clips) {
      await archive.pruneEmptyFolders();
      log?.info(
        { byAge: report.byAge, byBudget: report.byBudget, clips: report.clips, freedBytes: report.freedBytes },
        'retention: old captures deleted',
      );
    }
    report.totalBytes = store.totalBytes();
    this.opts.onTotal?.(report.totalBytes);
    report.auditPurged = this.purgeAudit(now);
    return report;
  }

  /** Deletes clips of captures taken before `beforeMs`, oldest first, while `needed()`; the stills stay. */
  private async removeClips(beforeMs: number, report: RetentionReport, needed: () => boolean, reason: string) {
    const { store, archive } = this.opts;
    while (needed()) {
      const batch = store.clips.withClips(beforeMs, 100);
      if (!batch.length) return;
      for (const c of batch) {
        if (!needed()) return;
        report.freedBytes += await archive.removeClip(c.id, `clip ${reason}`);
        report.clips++;
      }
    }
  }

  private purgeAudit(now: number): number {
    const { audit, log } = this.opts;
    if (!audit) return 0;
    const purged = audit.purgeOlderThan(now - audit.days() * DAY_MS);
    if (purged) log?.info({ entries: purged, days: audit.days() }, 'retention: old audit entries deleted');
    return purged;
  }

  private async remove(c: CaptureRecord): Promise<number> {
    const removed = this.opts.store.remove(c.id);
    if (!removed) return 0; // deleted meanwhile (by a person)
    const freed = await this.opts.archive.removeFiles(removed);
    this.opts.onRemoved?.(removed);
    return freed;
  }
}
