import type { Redis } from 'ioredis';
import { DEFAULT_COOLDOWN_MS, DEFAULT_PLACE_IOU } from '../capture/config';
import { dedupKey } from './redis-keys';
import {
  followSighting,
  isDuplicate,
  type CooldownOptions,
  type DedupKey,
  type DedupMemory,
  type PlaceRecord,
} from '../capture/dedup';

/**
 * The place cooldown kept in Redis, so neither a worker nor a server restart forgets it: per
 * camera and kind a sorted set of admitted places scored by last sighting, expiring with the cooldown.
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

  async admit({ id, cameraId, kind, box, time }: DedupKey): Promise<boolean> {
    const key = dedupKey(cameraId, kind);
    const recent = await this.redis.zrangebyscore(key, time - this.cooldownMs, time + this.cooldownMs);
    // A redelivered capture gets the answer it got the first time.
    const known = recent.map((m) => JSON.parse(m) as PlaceRecord).find((r) => r.ids.includes(id));
    if (known) return known.ids[0] === id;
    const same = recent.find((m) =>
      isDuplicate(JSON.parse(m) as PlaceRecord, { box, time }, this.cooldownMs, this.minIou),
    );
    if (same) {
      const record = JSON.parse(same) as PlaceRecord;
      // Later sightings under the refused capture's id are sightings of the same person.
      await this.replace(key, same, { ...record, ids: [...record.ids.slice(-7), id] });
      return false;
    }
    await this.replace(key, undefined, { box, time, ids: [id] });
    return true;
  }

  async refresh({ id, cameraId, kind, box, time }: DedupKey): Promise<void> {
    const key = dedupKey(cameraId, kind);
    const member = (await this.redis.zrange(key, 0, -1)).find((m) => (JSON.parse(m) as PlaceRecord).ids.includes(id));
    if (!member) return;
    const record = JSON.parse(member) as PlaceRecord;
    if (time > record.time) await this.replace(key, member, followSighting(record, box, time));
  }

  private async replace(key: string, old: string | undefined, record: PlaceRecord): Promise<void> {
    const multi = this.redis.multi();
    if (old) multi.zrem(key, old);
    await multi
      .zadd(key, record.time, JSON.stringify(record))
      .zremrangebyscore(key, '-inf', record.time - this.cooldownMs)
      .pexpire(key, this.cooldownMs * 2)
      .exec();
  }
}
