import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CameraConfig } from '../config/schema';
import type { CameraControl } from './supervisor';
import { DESIRED_CAMERAS_KEY, LEASE_PREFIX, NODES_KEY } from '../bus/redis-keys';

// Renew or release a lease only while this node still holds it.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface NodeHostOptions {
  redis: Redis;
  /** Runs the workers of the cameras this node holds. */
  workers: CameraControl;
  nodeId: string;
  /** Most cameras this node runs at once. */
  capacity: number;
  /** A lease not renewed for this long is free for another node. */
  leaseMs: number;
  log: Logger;
}

/**
 * A worker host in scale-out mode: claims cameras by lease (SET NX PX, renewed every third of
 * the lease), runs their workers and releases them on shutdown. When a node dies its leases
 * expire and the others take its cameras over, each up to its fair share and its capacity.
 */
export class NodeHost {
  private readonly held = new Map<string, CameraConfig>();
  /** Cameras seen without a holder in the previous round: orphans any node may take. */
  private unclaimed = new Set<string>();
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(private readonly opts: NodeHostOptions) {}

  start(): void {
    const round = async () => {
      if (this.running) return;
      this.running = true;
      try {
        await this.round();
      } catch (err) {
        // Redis unreachable: keep running what we hold; leases are re-taken when it returns.
        this.opts.log.warn({ err: (err as Error).message }, 'lease round failed');
      } finally {
        this.running = false;
      }
    };
    void round();
    this.timer = setInterval(() => void round(), Math.max(200, Math.floor(this.opts.leaseMs / 3)));
  }

  heldCameras(): string[] {
    return [...this.held.keys()];
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.held.clear();
    await this.opts.workers.stop();
    const { redis, nodeId } = this.opts;
    try {
      for await (const keys of redis.scanStream({ match: `${LEASE_PREFIX}*`, count: 200 }) as AsyncIterable<string[]>) {
        await Promise.all(keys.map((key) => redis.eval(RELEASE, 1, key, nodeId)));
      }
      await redis.zrem(NODES_KEY, nodeId);
    } catch {
      // Redis is down: the leases expire by themselves.
    }
  }

  private async round(): Promise<void> {
    const { redis, nodeId, capacity, leaseMs, log } = this.opts;
    const desired = (JSON.parse((await redis.get(DESIRED_CAMERAS_KEY)) ?? '[]') as CameraConfig[]).filter(
      (c) => c.enabled,
    );
    // Heartbeat; a node silent for a lease period no longer counts towards the fair share.
    const now = Date.now();
    const heartbeat = await redis
      .multi()
      .zadd(NODES_KEY, now, nodeId)
      .zremrangebyscore(NODES_KEY, '-inf', now - leaseMs)
      .zcard(NODES_KEY)
      .exec();
    const nodes = Math.max(1, Number(heartbeat?.[2]?.[1] ?? 1));
    const fairShare = Math.min(capacity, Math.ceil(desired.length / nodes));
    const wanted = new Map(desired.map((c) => [c.id, c]));

    // Keep what we hold: renew, or re-take a lease that vanished (Redis restarted empty).
    for (const id of [...this.held.keys()]) {
      const camera = wanted.get(id);
      const key = `${LEASE_PREFIX}${id}`;
      const kept =
        camera &&
        ((await redis.eval(RENEW, 1, key, nodeId, leaseMs)) === 1 ||
          (await redis.set(key, nodeId, 'PX', leaseMs, 'NX')) === 'OK');
      if (kept) this.held.set(id, camera);
      else {
        this.held.delete(id);
        log.info({ camera: id }, camera ? 'lease lost to another node' : 'camera removed');
      }
    }

    // Claim free cameras: up to a fair share, and orphans (free for a whole round) up to capacity.
    const free: CameraConfig[] = [];
    for (const camera of desired) {
      if (this.held.has(camera.id)) continue;
      if ((await redis.exists(`${LEASE_PREFIX}${camera.id}`)) === 0) free.push(camera);
    }
    for (const camera of free) {
      const limit = this.unclaimed.has(camera.id) ? capacity : fairShare;
      if (this.held.size >= limit) continue;
      if ((await redis.set(`${LEASE_PREFIX}${camera.id}`, nodeId, 'PX', leaseMs, 'NX')) === 'OK') {
        this.held.set(camera.id, camera);
        log.info({ camera: camera.id }, 'camera claimed');
      }
    }
    this.unclaimed = new Set(free.filter((c) => !this.held.has(c.id)).map((c) => c.id));

    // A node that joins finds everything taken: hand over one camera a round until shares are even.
    if (free.length === 0 && nodes > 1 && this.held.size > fairShare) {
      const [id] = [...this.held.keys()].slice(-1);
      await redis.eval(RELEASE, 1, `${LEASE_PREFIX}${id}`, nodeId);
      this.held.delete(id);
      log.info({ camera: id, fairShare }, 'camera handed over to balance the nodes');
    }
    this.opts.workers.apply([...this.held.values()]);
  }
}
