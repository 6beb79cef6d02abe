import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { maskUrl } from '../ingest/mask-url';
import type { CaptureArchive } from '../capture/archive';
import type { CameraStatus } from '../domain/events';
import type { CaptureRecord, CaptureStore } from '../store/captures';
import type { Db } from '../store/db';
import { createChannel } from './channels';
import type { AlertsConfig, ChannelConfig } from './config';
import { Dispatcher, type ChannelHealth, type DispatchChannel, type DispatcherTiming } from './dispatcher';
import { AlertMetrics } from './metrics';
import { MqttChannel } from './mqtt';
import { Outbox, type OutboxRow } from './outbox';
import { routeCapture } from './rules';
import { AlertSettings, SettingsError, channelSettingsJson, type NamedRule, type Source } from './settings';

export interface AlertServiceDeps {
  config: AlertsConfig;
  db: Db;
  captures: CaptureStore;
  archive: CaptureArchive;
  registry: Registry;
  log: Logger;
  /** The dashboard's address for links, when the config names none. */
  serverUrl: () => string;
  env: NodeJS.ProcessEnv;
  timing?: Partial<DispatcherTiming>;
  /** The time for delivery decisions (quiet hours, rate limits, retries); tests move it. */
  clock?: () => number;
}

/** One alert of a capture on one channel. */
export type CaptureDelivery = OutboxRow & { kind: 'capture' | 'escalation'; channelName: string | null };

/** A channel as the API shows it: settings without secrets, and how it fares. */
export type ChannelView = Record<string, unknown> & { id: string; health: ChannelHealth };

/** Alerts in the server: the outbox rows for each saved capture, and their delivery. */
export class AlertService {
  private readonly outbox: Outbox;
  private readonly dispatcher: Dispatcher;
  private readonly channels = new Map<string, DispatchChannel>();
  /** Last state sent per camera, so MQTT hears of changes, not of every status tick. */
  private readonly cameraStates = new Map<string, string>();

  private readonly settings: AlertSettings;
  private rules: NamedRule[] = [];
  private enabled = new Set<string>();
  /** The settings each client was made from, to remake only changed ones. */
  private readonly built = new Map<string, string>();

  constructor(private readonly deps: AlertServiceDeps) {
    const { config } = deps;
    this.settings = new AlertSettings(deps.db, config);
    this.reload();
    this.outbox = new Outbox(deps.db);
    const base = () => (config.dashboardUrl ?? deps.serverUrl()).replace(/\/+$/, '');
    this.dispatcher = new Dispatcher({
      outbox: this.outbox,
      captures: deps.captures,
      archive: deps.archive,
      channels: this.channels,
      links: {
        capture: (id) => `${base()}/#/violations/${encodeURIComponent(id)}`,
        image: (id, which) => `${base()}/api/violations/${encodeURIComponent(id)}/${which}.jpg`,
        gallery: () => `${base()}/#/violations`,
      },
      metrics: new AlertMetrics(deps.registry),
      log: deps.log.child({ component: 'alerts' }),
      clock: deps.clock,
      timing: {
        pollMs: 1000,
        retryBaseMs: 5000,
        maxRetryMs: 5 * 60_000,
        maxAgeMs: config.maxAgeMinutes * 60_000,
        rateWindowMs: 60_000,
        ...deps.timing,
      },
    });
  }

  start(): void {
    this.dispatcher.start();
  }

  /** Called in the capture's save, right after its row: the outbox rows, then a wake-up. */
  captureSaved(record: CaptureRecord): void {
    const { now, later } = routeCapture(record, this.rules, this.enabled);
    if (now.length === 0 && later.size === 0) return;
    this.outbox.enqueue(record.id, now, later, (this.deps.clock ?? Date.now)());
    setImmediate(() => this.dispatcher.wake());
  }

  /** A camera's state on each enabled MQTT channel (retained `<prefix>/<camera>/status`), when it changes. */
  cameraStatus(status: CameraStatus): void {
    const state = `${status.state}/${status.detecting}`;
    if (this.cameraStates.get(status.cameraId) === state) return;
    this.cameraStates.set(status.cameraId, state);
    for (const [id, { channel }] of this.channels) {
      if (!(channel instanceof MqttChannel) || !this.enabled.has(id)) continue;
      channel
        .publishStatus(status.cameraId, {
          state: status.state,
          detecting: status.detecting,
          updatedAt: status.updatedAt,
        })
        .catch((err: Error) =>
          this.deps.log.warn({ channel: id, err: maskUrl(err.message) }, 'camera status not published'),
        );
    }
  }

  /** A capture's alerts, each with the name of its channel (null when the channel is gone). */
  deliveries(captureId: string): CaptureDelivery[] {
    const names = new Map(this.settings.channels().map(({ config }) => [config.id, config.name ?? config.id]));
    return this.outbox.forCapture(captureId).map((row) => ({
      ...row,
      kind: row.kind === 'escalation' ? 'escalation' : 'capture',
      channelName: names.get(row.channelId) ?? null,
    }));
  }

  list(): ChannelView[] {
    return this.settings.channels().map(({ config, source }) => ({
      ...channelSettingsJson(config, source),
      health: this.dispatcher.healthOf(config.id),
    })) as ChannelView[];
  }

  listRules(): (NamedRule & { source: Source })[] {
    return this.settings.rules().map(({ rule, source }) => ({ ...rule, source }));
  }

  /** Adds or replaces an API channel; a secret from an unset variable is refused before saving. */
  saveChannel(input: ChannelConfig, id?: string): ChannelView {
    try {
      void createChannel(input, this.deps.env, 'channel')
        .close()
        .catch(() => undefined);
    } catch (err) {
      throw new SettingsError(400, (err as Error).message);
    }
    const saved = this.settings.saveChannel(input, id);
    this.reload();
    return this.list().find((c) => c.id === saved.id)!;
  }

  deleteChannel(id: string): void {
    this.settings.deleteChannel(id);
    this.reload();
  }

  saveRule(rule: NamedRule, id?: string): NamedRule {
    const saved = this.settings.saveRule(rule, id);
    this.reload();
    return saved;
  }

  deleteRule(id: string): void {
    this.settings.deleteRule(id);
    this.reload();
  }

  /** Clients for the current channels (changed ones remade, removed ones closed), and the rules. */
  private reload(): void {
    const channels = this.settings.channels();
    const current = new Set(channels.map((c) => c.config.id));
    for (const [id, { channel }] of this.channels) {
      if (current.has(id)) continue;
      this.channels.delete(id);
      this.built.delete(id);
      void channel.close().catch(() => undefined);
    }
    channels.forEach(({ config, source }, i) => {
      const json = JSON.stringify(config);
      if (this.built.get(config.id) === json) return;
      const where = source === 'config' ? `alerts.channels[${i}]` : `channel ${config.id}`;
      const previous = this.channels.get(config.id);
      let channel;
      try {
        channel = createChannel(config, this.deps.env, where);
      } catch (err) {
        // The config file's channels must work (the start fails); one added through the API whose
        // variable has gone is left out, its alerts waiting, rather than keep the server down.
        if (source === 'config') throw err;
        this.deps.log.error({ channel: config.id, err: (err as Error).message }, 'alert channel left out');
        return;
      }
      this.channels.set(config.id, { channel, perMinute: config.perMinute, quietHours: config.quietHours });
      this.built.set(config.id, json);
      void previous?.channel.close().catch(() => undefined);
    });
    this.enabled = new Set(channels.filter((c) => c.config.enabled).map((c) => c.config.id));
    this.rules = this.settings.rules().map((r) => r.rule);
  }

  /** Sends a test alert now (outside the outbox); the receiver's error, masked, when it fails. */
  async test(channelId: string): Promise<{ ok: true } | { ok: false; error: string } | undefined> {
    const target = this.channels.get(channelId);
    if (!target) return undefined;
    try {
      await target.channel.send(
        {
          type: 'test',
          time: new Date().toISOString(),
          text: `test alert from CCTV Detection Factory (channel ${channelId})`,
          link: `${(this.deps.config.dashboardUrl ?? this.deps.serverUrl()).replace(/\/+$/, '')}/`,
        },
        `test-${Date.now()}:${channelId}`,
      );
      return { ok: true };
    } catch (err) {
      return { ok: false, error: maskUrl((err as Error).message) };
    }
  }

  async close(): Promise<void> {
    await this.dispatcher.stop();
    await Promise.allSettled([...this.channels.values()].map((c) => c.channel.close()));
  }
}
