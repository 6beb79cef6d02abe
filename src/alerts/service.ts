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
import { channelsFor } from './rules';

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
}

/** A channel as the API shows it: settings without secrets, and how it fares. */
export interface ChannelView {
  id: string;
  type: ChannelConfig['type'];
  name?: string;
  enabled: boolean;
  target: string;
  health: ChannelHealth;
}

/** Alerts in the server: the outbox rows for each saved capture, and their delivery. */
export class AlertService {
  private readonly outbox: Outbox;
  private readonly dispatcher: Dispatcher;
  private readonly channels = new Map<string, DispatchChannel>();
  private readonly enabled: Set<string>;
  /** Last state sent per camera, so MQTT hears of changes, not of every status tick. */
  private readonly cameraStates = new Map<string, string>();

  constructor(private readonly deps: AlertServiceDeps) {
    const { config } = deps;
    config.channels.forEach((c, i) =>
      this.channels.set(c.id, {
        channel: createChannel(c, deps.env, `alerts.channels[${i}]`),
        perMinute: c.perMinute,
      }),
    );
    this.enabled = new Set(config.channels.filter((c) => c.enabled).map((c) => c.id));
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
    const channelIds = channelsFor(record, this.deps.config.rules, this.enabled);
    if (channelIds.length === 0) return;
    this.outbox.enqueue(record.id, channelIds, Date.now());
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

  deliveries(captureId: string): OutboxRow[] {
    return this.outbox.forCapture(captureId);
  }

  list(): ChannelView[] {
    return this.deps.config.channels.map((c) => ({
      id: c.id,
      type: c.type,
      ...(c.name ? { name: c.name } : {}),
      enabled: c.enabled,
      target: c.type === 'email' ? `${c.host}:${c.port} → ${c.to.join(', ')}` : maskUrl(c.url),
      health: this.dispatcher.healthOf(c.id),
    }));
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
