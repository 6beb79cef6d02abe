import type { Redis } from 'ioredis';
import { DEFAULT_COOLDOWN_MS, DEFAULT_PLACE_IOU, isDuplicate, type CooldownOptions, type DedupKey, type DedupMemory, type PlaceRecord } from './dedup';

/**
 * The place cooldown kept in Redis, so neither a worker nor a server restart forgets it: per
 * camera and kind a sorted set of admitted places scored by time, expiring with the cooldown.
 * The server is the only writer, so check-then-add needs no transaction.
 */
export class RedisDedup implements DedupMemory {
  private readonly cooldownMs: number;
  private readonly minIou: number;

  constructor(
    private readonly redis: Redis,
    opts: CooldownOptions = {},
  ) {
    this.cooldownMs = opts.cooldownMs ?? DEFAULT_COOLDOWN_MS;
    this.minIou = opts.iou ?? DEFAULT_PLACE_IOU;
  }

  async admit({ cameraId, kind, box, time }: DedupKey): Promise<boolean> {
    const key = `cctv:dedup:${cameraId}:${kind}`;
    const recent = await this.redis.zrangebyscore(key, time - this.cooldownMs, time + this.cooldownMs);
    const next: PlaceRecord = { box, time };
    if (recent.some((m) => isDuplicate(JSON.parse(m) as PlaceRecord, next, this.cooldownMs, this.minIou))) return false;
    await this.redis
      .multi()
      .zadd(key, time, JSON.stringify(next))
      .zremrangebyscore(key, '-inf', time - this.cooldownMs)
      .pexpire(key, this.cooldownMs * 2)
      .exec();
    return true;
  }
}
