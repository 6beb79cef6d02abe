import fs from 'node:fs/promises';
import type { Logger } from 'pino';
import { maskUrl } from '../ingest/mask-url';
import type { CaptureArchive } from '../capture/archive';
import type { CaptureStore } from '../store/captures';
import type { AlertMetrics } from './metrics';
import { isDetectionTime, windowEnd, type ScheduleTimes } from '../schedule/time';
import { QUIET_HOURS_REASON, RATE_LIMIT_REASON, type Outbox, type OutboxRow } from './outbox';
import type { Alert, Channel, ViolationAlert } from './types';

export interface DispatcherTiming {
  /** How often the outbox is looked at (new captures also wake the dispatcher). */
  pollMs: number;
  /** First retry delay; it doubles per attempt up to maxRetryMs, with jitter. */
  retryBaseMs: number;
  maxRetryMs: number;
  /** An alert not delivered after this long is given up. */
  maxAgeMs: number;
  /** The span a channel's `perMinute` counts over. */
  rateWindowMs: number;
}

export interface DispatchChannel {
  channel: Channel;
  perMinute: number;
  /** Windows in which nothing is sent: alerts are held and summarised when they end. */
  quietHours?: ScheduleTimes;
}

/** How a channel fares, for the API. */
export interface ChannelHealth {
  failing: boolean;
  lastError?: string;
  lastAttemptAt?: string;
  lastSuccessAt?: string;
}

/** Builds the links in alerts: the capture in the dashboard, its images, the gallery. */
export interface AlertLinks {
  capture(id: string): string;
  image(id: string, which: 'crop' | 'frame'): string;
  gallery(): string;
}

/**
 * Delivers the outbox: each channel in its own queue, so a failing or slow channel holds up only
 * itself; capture saving only writes rows and never waits for this.
 */
export class Dispatcher {
  private readonly busy = new Set<string>();
  private readonly health = new Map<string, ChannelHealth>();
  private timer: NodeJS.Timeout | undefined;
  private running = new Set<Promise<void>>();
  /** The end of the quiet hours a channel is in (its settings object: edited settings start afresh). */
  private readonly quietEnds = new WeakMap<DispatchChannel, number>();
  private readonly now: () => number;

  constructor(
    private readonly deps: {
      outbox: Outbox;
      captures: CaptureStore;
      archive: CaptureArchive;
      channels: Map<string, DispatchChannel>;
      links: AlertLinks;
      metrics: AlertMetrics;
      log: Logger;
      timing: DispatcherTiming;
      /** The time (tests move it to the end of quiet hours). */
      clock?: () => number;
    },
  ) {
    this.now = deps.clock ?? Date.now;
  }

  start(): void {
    this.timer = setInterval(() => this.wake(), this.deps.timing.pollMs);
    this.wake();
  }

  /** Looks for due rows now; channels already sending pick them up when they finish. */
  wake(): void {
    const due = this.deps.outbox.due(this.now(), [...this.deps.channels.keys()]);
    const byChannel = new Map<string, OutboxRow[]>();
    for (const row of due) byChannel.set(row.channelId, [...(byChannel.get(row.channelId) ?? []), row]);
    for (const [channelId, rows] of byChannel) {
      if (this.busy.has(channelId)) continue;
      const target = this.deps.channels.get(channelId)!;
      this.busy.add(channelId);
      const run = this.drain(target, rows).finally(() => {
        this.busy.delete(channelId);
        this.running.delete(run);
      });
      this.running.add(run);
    }
  }

  healthOf(channelId: string): ChannelHealth {
    return this.health.get(channelId) ?? { failing: false };
  }

  private async drain(target: DispatchChannel, rows: OutboxRow[]): Promise<void> {
    for (const row of rows) {
      if (!this.timer) return;
      await this.deliver(target, row).catch((err: Error) =>
        this.deps.log.error({ channel: row.channelId, err: maskUrl(err.message) }, 'alert dispatch failed'),
      );
    }
  }

  private async deliver(target: DispatchChannel, row: OutboxRow): Promise<void> {
    const { outbox, metrics, timing } = this.deps;
    const now = this.now();
    const channelId = row.channelId;
    if (row.kind === 'escalation' && this.deps.captures.get(row.captureId!)?.status !== 'new') {
      outbox.finish(row.id, 'suppressed', now, 'reviewed before the escalation was due', false);
      return;
    }
    const quietEnd = this.quietEnd(target, now);
    if (quietEnd !== null) {
      if (row.kind === 'summary') outbox.postpone(row.id, quietEnd);
      else {
        outbox.finish(row.id, 'suppressed', now, QUIET_HOURS_REASON, false);
        outbox.scheduleSummary(channelId, now, quietEnd);
        metrics.suppressed.inc({ channel: channelId });
      }
      return;
    }
    if (row.kind !== 'summary' && outbox.sentSince(channelId, now - timing.rateWindowMs) >= target.perMinute) {
      outbox.finish(row.id, 'suppressed', now, RATE_LIMIT_REASON, false);
      outbox.scheduleSummary(channelId, now, now + timing.rateWindowMs);
      metrics.suppressed.inc({ channel: channelId });
      return;
    }
    const built =
      row.kind === 'summary' ? this.summaryAlert(channelId) : await this.violationAlert(row.captureId!, row.kind);
    if (!built) {
      // Its capture was deleted (capture rows cascade; this covers the race), or nothing is left to summarise.
      outbox.finish(row.id, 'suppressed', now, 'nothing left to send', false);
      return;
    }
    const key = `${row.captureId ?? `summary-${row.id}`}:${channelId}`;
    try {
      await target.channel.send(built.alert, key);
    } catch (err) {
      this.failed(row, maskUrl((err as Error).message));
      return;
    }
    outbox.markDelivered(row.id, this.now());
    built.onSent?.();
    metrics.sent.inc({ channel: channelId });
    this.health.set(channelId, { failing: false, lastAttemptAt: iso(), lastSuccessAt: iso() });
  }

  private failed(row: OutboxRow, reason: string): void {
    const { outbox, metrics, timing, log } = this.deps;
    const now = this.now();
    const previous = this.health.get(row.channelId);
    this.health.set(row.channelId, { ...previous, failing: true, lastError: reason, lastAttemptAt: iso() });
    metrics.failed.inc({ channel: row.channelId });
    // The capture's camera, so the line reads with the camera's other lines (a summary has none).
    const camera = row.captureId ? this.deps.captures.get(row.captureId)?.cameraId : undefined;
    const about = { camera, channel: row.channelId, capture: row.captureId };
    if (now - row.createdMs >= timing.maxAgeMs) {
      outbox.finish(row.id, 'failed', now, reason, true);
      log.error({ ...about, reason }, 'alert given up after retries');
      return;
    }
    const backoff = Math.min(timing.maxRetryMs, timing.retryBaseMs * 2 ** row.attempts);
    const next = now + backoff / 2 + Math.random() * (backoff / 2);
    outbox.markRetry(row.id, next, reason);
    metrics.retried.inc({ channel: row.channelId });
    log.warn({ ...about, attempt: row.attempts + 1, reason }, 'alert not delivered; will retry');
  }

  private async violationAlert(
    captureId: string,
    kind: 'capture' | 'escalation',
  ): Promise<{ alert: Alert; onSent?: () => void } | undefined> {
    const record = this.deps.captures.get(captureId);
    if (!record) return undefined;
    const read = (rel: string) => {
      const file = this.deps.archive.resolve(rel);
      return file ? fs.readFile(file) : Promise.reject(new Error(`capture file outside storage: ${rel}`));
    };
    const { links } = this.deps;
    const alert: ViolationAlert = {
      type: 'violation',
      captureId: record.id,
      time: record.time,
      cameraId: record.cameraId,
      cameraName: record.cameraName,
      location: record.location,
      ...(record.zone ? { zone: record.zone } : {}),
      kinds: record.kinds,
      confidence: record.confidence,
      trackId: record.trackId,
      link: links.capture(record.id),
      cropUrl: links.image(record.id, 'crop'),
      frameUrl: links.image(record.id, 'frame'),
      crop: await read(record.cropPath),
      frame: await read(record.framePath),
      ...(kind === 'escalation' ? { escalated: true } : {}),
    };
    return { alert };
  }

  /** When the quiet hours `target` is in end; null outside them. */
  private quietEnd(target: DispatchChannel, now: number): number | null {
    const known = this.quietEnds.get(target);
    if (known !== undefined && now < known) return known;
    if (!target.quietHours || !isDetectionTime(target.quietHours, new Date(now))) return null;
    const end = windowEnd(target.quietHours, new Date(now)).getTime();
    this.quietEnds.set(target, end);
    return end;
  }

  private summaryAlert(channelId: string): { alert: Alert; onSent: () => void } | undefined {
    const held = this.deps.outbox.heldBack(channelId);
    if (held.ids.length === 0) return undefined;
    const cameras = held.cameras.size;
    const count = `${held.ids.length}${held.quiet ? '' : ' more'} violation${held.ids.length === 1 ? '' : 's'}`;
    const span = describeSpan(this.now() - held.oldestMs);
    const text = `${count} on ${cameras} camera${cameras === 1 ? '' : 's'} ${held.quiet ? `during quiet hours (the last ${span})` : `in the last ${span}`}`;
    return {
      alert: { type: 'summary', time: iso(), text, link: this.deps.links.gallery() },
      onSent: () => this.deps.outbox.markSummarized(held.ids),
    };
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.running]);
  }
}

const iso = () => new Date().toISOString();

/** "1 minute", "45 minutes", "7 hours" (a night of quiet hours reads better in hours). */
function describeSpan(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `${Math.round(minutes / 60)} hours`;
}
