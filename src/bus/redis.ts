import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { isCaptureEvent, type CameraStatus, type CaptureClip, type ClipEvent, type Sightings } from '../domain/events';
import type { Bus, Unsubscribe } from './types';
import { CaptureWay, type CaptureWayEvent } from './capture-way';
import { CaptureSpool, type SpoolLog } from './spool';
import { connectRedis } from './redis-connection';
import {
  CAPTURE_STREAM,
  FRAME_PREFIX,
  SIGHTINGS_CHANNEL,
  STATUS_CHANNEL,
  STATUS_PREFIX,
  VIEWERS_PREFIX,
} from './redis-keys';

const CAPTURE_GROUP = 'cctv-server';
/** The stream is a delivery queue, not an archive: captures live in the server's database. */
const STREAM_MAX_LEN = 10_000;

export interface RedisBusOptions {
  url: string;
  /** Where capture events wait while Redis is unreachable (worker hosts). */
  spool?: { dir: string; maxEvents: number; maxBytes: number };
  log?: SpoolLog & { error(obj: object, msg?: string): void };
}

/**
 * The bus across processes and machines: latest preview frame per camera as a key plus pub/sub,
 * camera status as keys plus pub/sub, capture events on a Redis Stream read by one consumer
 * group (at-least-once; the server's archive is idempotent by capture id).
 */
export class RedisBus extends CaptureWay implements Bus {
  private readonly cmd: Redis;
  private readonly sub: Redis;
  private consumer?: Redis;
  private readonly events = new EventEmitter();
  private readonly latest = new Map<string, Buffer>();
  private readonly remoteViewers = new Map<string, number>();
  private readonly spool?: CaptureSpool;
  private framesSubscribed = false;
  private readonly channels = new Set<string>();
  private closed = false;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(private readonly opts: RedisBusOptions) {
    super();
    this.events.setMaxListeners(0);
    this.cmd = connectRedis(opts.url, { failFast: true, name: 'cctv-bus' });
    this.sub = connectRedis(opts.url, { name: 'cctv-bus-sub', subscriber: true });
    // Every (re)connection subscribes to everything listened to so far, once it is ready.
    this.sub.on('ready', () => this.sendSubscriptions());
    this.sub.on('pmessageBuffer', (_pattern: Buffer, channel: Buffer, message: Buffer) => {
      const cameraId = channel.toString().slice(FRAME_PREFIX.length);
      this.latest.set(cameraId, message);
      this.events.emit(`frame:${cameraId}`, message);
    });
    // Status and sightings: the channel name is the local event name.
    this.sub.on('message', (channel: string, message: string) => this.events.emit(channel, JSON.parse(message)));
    if (opts.spool) this.spool = new CaptureSpool(opts.spool.dir, opts.spool, opts.log);
    this.timers.push(setInterval(() => void this.tick(), 1000));
  }

  publishFrame(cameraId: string, jpeg: Buffer): void {
    // Preview frames are disposable: while Redis is down they are dropped, never queued.
    this.cmd
      .multi()
      .set(`${FRAME_PREFIX}${cameraId}`, jpeg, 'PX', 10_000)
      .publish(`${FRAME_PREFIX}${cameraId}`, jpeg)
      .exec()
      .catch(() => {});
  }

  onFrame(cameraId: string, listener: (jpeg: Buffer) => void): Unsubscribe {
    this.subscribeFrames();
    this.events.on(`frame:${cameraId}`, listener);
    return () => this.events.off(`frame:${cameraId}`, listener);
  }

  latestFrame(cameraId: string): Buffer | undefined {
    this.subscribeFrames();
    return this.latest.get(cameraId);
  }

  viewerCount(cameraId: string): number {
    if (!this.remoteViewers.has(cameraId)) this.remoteViewers.set(cameraId, 0);
    return Math.max(this.events.listenerCount(`frame:${cameraId}`), this.remoteViewers.get(cameraId) ?? 0);
  }

  publishStatus(status: CameraStatus): void {
    const json = JSON.stringify(status);
    this.cmd
      .multi()
      .set(`${STATUS_PREFIX}${status.cameraId}`, json, 'PX', 30_000)
      .publish(STATUS_CHANNEL, json)
      .exec()
      .catch(() => {});
  }

  onStatus(listener: (status: CameraStatus) => void): Unsubscribe {
    return this.listen(STATUS_CHANNEL, listener);
  }

  publishSightings(report: Sightings): void {
    this.cmd.publish(SIGHTINGS_CHANNEL, JSON.stringify(report)).catch(() => {});
  }

  onSightings(listener: (report: Sightings) => void): Unsubscribe {
    return this.listen(SIGHTINGS_CHANNEL, listener);
  }

  private listen<T>(channel: string, listener: (message: T) => void): Unsubscribe {
    if (!this.channels.has(channel)) {
      this.channels.add(channel);
      this.sendSubscriptions();
    }
    this.events.on(channel, listener);
    return () => this.events.off(channel, listener);
  }

  /** Latest reported status of every camera that reported in the last 30 s. */
  async statuses(): Promise<CameraStatus[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.cmd.scan(cursor, 'MATCH', `${STATUS_PREFIX}*`, 'COUNT', 200);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    if (!keys.length) return [];
    const values = await this.cmd.mget(...keys);
    return values.filter((v): v is string => !!v).map((v) => JSON.parse(v) as CameraStatus);
  }

  protected consume(handler: (event: CaptureWayEvent) => Promise<void>): void {
    // XREADGROUP BLOCK holds its connection, so the consumer gets its own.
    this.consumer = connectRedis(this.opts.url, { name: 'cctv-captures' });
    void this.consumeLoop(this.consumer, handler);
  }

  protected async carry(event: CaptureWayEvent): Promise<void> {
    try {
      // Spooled events go first, so the server receives captures (and their clips) in order.
      if (this.spool?.size) throw new Error('spool not drained yet');
      await this.append(event);
    } catch (err) {
      if (!this.spool) throw err;
      if (!this.spool.add(event))
        throw new Error(`${isCaptureEvent(event) ? `capture ${event.id}` : 'clip event'} lost: spool full`);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.timers.forEach(clearInterval);
    this.events.removeAllListeners();
    this.consumer?.disconnect();
    this.sub.disconnect();
    this.cmd.disconnect();
  }

  private subscribeFrames(): void {
    if (this.framesSubscribed) return;
    this.framesSubscribed = true;
    this.sendSubscriptions();
  }

  /** Only on a ready connection: the `ready` handler covers the rest. Repeats are harmless. */
  private sendSubscriptions(): void {
    if (this.sub.status !== 'ready') return;
    if (this.channels.size) this.sub.subscribe(...this.channels).catch(() => {});
    if (this.framesSubscribed) this.sub.psubscribe(`${FRAME_PREFIX}*`).catch(() => {});
  }

  private async append(event: CaptureWayEvent): Promise<void> {
    if (this.cmd.status === 'connecting' || this.cmd.status === 'wait') {
      // Just started: give the first connection a moment rather than failing at once.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2000);
        this.cmd.once('ready', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    await this.cmd.xadd(CAPTURE_STREAM, 'MAXLEN', '~', STREAM_MAX_LEN, '*', ...streamFields(event));
  }

  /** Once a second: share local viewer counts, learn remote ones, deliver spooled captures. */
  private async tick(): Promise<void> {
    if (this.cmd.status !== 'ready') return;
    try {
      const watched = this.events
        .eventNames()
        .filter((n): n is string => typeof n === 'string' && n.startsWith('frame:'));
      const multi = this.cmd.multi();
      for (const name of watched) {
        const count = this.events.listenerCount(name);
        if (count > 0) multi.set(`${VIEWERS_PREFIX}${name.slice('frame:'.length)}`, count, 'PX', 3000);
      }
      await multi.exec();
      const asked = [...this.remoteViewers.keys()];
      if (asked.length) {
        const counts = await this.cmd.mget(...asked.map((id) => `${VIEWERS_PREFIX}${id}`));
        asked.forEach((id, i) => this.remoteViewers.set(id, Number(counts[i] ?? 0)));
      }
      if (this.spool?.size) await this.spool.drain((e) => this.append(e));
    } catch {
      // Redis went away mid-tick: the next tick tries again.
    }
  }

  private async ensureGroup(redis: Redis): Promise<void> {
    try {
      // From the start of the stream: events added before the group existed are not skipped.
      await redis.xgroup('CREATE', CAPTURE_STREAM, CAPTURE_GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
    }
  }

  private async consumeLoop(redis: Redis, handler: (event: CaptureWayEvent) => Promise<void>): Promise<void> {
    // First the events this consumer read but never acknowledged (it crashed), then new ones.
    let backlog = true;
    let grouped = false;
    while (!this.closed) {
      try {
        if (!grouped) {
          await this.ensureGroup(redis);
          grouped = true;
        }
        const reply = (await redis.callBuffer(
          'XREADGROUP',
          'GROUP',
          CAPTURE_GROUP,
          'server',
          'COUNT',
          16,
          'BLOCK',
          2000,
          'STREAMS',
          CAPTURE_STREAM,
          backlog ? '0' : '>',
        )) as [Buffer, [Buffer, Buffer[]][]][] | null;
        const entries = reply?.[0]?.[1] ?? [];
        if (backlog && entries.length === 0) backlog = false;
        for (const [id, fields] of entries) {
          if (fields.length) await handler(decodeEntry(fields)); // an empty entry was trimmed away
          await redis.xack(CAPTURE_STREAM, CAPTURE_GROUP, id);
        }
      } catch (err) {
        if (this.closed) return;
        const message = (err as Error).message;
        // Redis restarted without its data: the stream and group are gone; make them again.
        if (message.includes('NOGROUP')) grouped = false;
        else this.opts.log?.error({ err: message }, 'capture consumer: retrying');
        backlog = true;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }
}

/**
 * A stream entry's fields. Bytes travel as fields of their own, not inside the JSON: a capture's
 * images beside its `meta`, a clip's MP4 beside its `clip` description.
 */
function streamFields(event: CaptureWayEvent): Array<string | Buffer> {
  if (isCaptureEvent(event)) {
    const { crop, frame, ...meta } = event;
    return ['meta', JSON.stringify(meta), 'crop', crop, 'frame', frame];
  }
  if (!('clip' in event) || !('mp4' in event.clip)) return ['clip', JSON.stringify(event)];
  const { mp4, ...clip } = event.clip;
  return ['clip', JSON.stringify({ ...event, clip }), 'mp4', mp4];
}

function decodeEntry(fields: Buffer[]): CaptureWayEvent {
  const map = new Map<string, Buffer>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i].toString(), fields[i + 1]);
  const meta = map.get('meta');
  if (meta) return { ...JSON.parse(meta.toString()), crop: map.get('crop')!, frame: map.get('frame')! };
  const event = JSON.parse(map.get('clip')!.toString()) as ClipEvent;
  const mp4 = map.get('mp4');
  return mp4 && 'clip' in event ? { ...event, clip: { ...event.clip, mp4 } as CaptureClip } : event;
}
