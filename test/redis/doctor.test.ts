import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRedis } from '../../src/doctor/system-checks';
import { startRedis } from '../helpers/redis';

describe('cctv doctor: Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.kill();
  });

  it('is skipped without REDIS_URL', async () => {
    expect(await checkRedis(undefined)).toMatchObject({ status: 'skip' });
  });

  it('reaches a running Redis and names its version', async () => {
    const result = await checkRedis(redis.url);
    expect(result.status).toBe('ok');
    expect(result.detail[0]).toMatch(new RegExp(`^${redis.url}: reachable, version \\d+\\.\\d+`));
  });

  it('fails on a Redis that is down, without showing its password', async () => {
    await redis.kill();
    const url = redis.url.replace('redis://', 'redis://:hunter2secret@');
    const result = await checkRedis(url);
    expect(result.status).toBe('fail');
    expect(result.detail[0]).toMatch(/^redis:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:\d+\/0: .*ECONNREFUSED/);
    expect(JSON.stringify(result)).not.toContain('hunter2secret');
  });
});
