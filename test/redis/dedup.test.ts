import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/bus/redis-connection';
import { PlaceCooldown, type DedupMemory } from '../../src/capture/dedup';
import { RedisDedup } from '../../src/bus/redis-dedup';
import type { Box } from '../../src/domain/detection';
import { startRedis } from '../helpers/redis';

const S = 1000;
const walker = (t: number): Box => [100 + 60 * t, 100, 160 + 60 * t, 250]; // 60 px/s to the right

describe('dedup memory: the same answers in memory and in Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedis();
    client = connectRedis(redis.url);
  });
  afterAll(async () => {
    client?.disconnect();
    await redis?.kill();
  });

  const memories: [string, () => DedupMemory][] = [
    ['in memory', () => new PlaceCooldown({ cooldownMs: 30 * S })],
    ['in Redis', () => new RedisDedup(client, { cooldownMs: 30 * S })],
  ];

  for (const [name, create] of memories) {
    it(`${name}: a walker re-captured after a restart gap is refused, newcomers and redeliveries answered right`, async () => {
      // Times from now: Redis keys expire with the cooldown in real time.
      const t0 = Date.now();
      const key = (id: string, box: Box, t: number) => ({
        id,
        cameraId: `cam-${name}`,
        kind: 'no-helmet' as const,
        box,
        time: t0 + t * S,
      });
      const d = create();
      expect(await d.admit(key('walker', walker(0), 0))).toBe(true);
      for (let t = 0.5; t <= 4; t += 0.5) await d.refresh(key('walker', walker(t), t));
      expect(await d.admit(key('walker-again', walker(7), 7))).toBe(false);
      expect(await d.admit(key('newcomer', walker(0), 7))).toBe(true);
      // Redelivered events get the answer they got the first time.
      expect(await d.admit(key('walker', walker(0), 0))).toBe(true);
      expect(await d.admit(key('walker-again', walker(7), 7))).toBe(false);
    });
  }
});
