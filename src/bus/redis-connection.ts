import { Redis, type RedisOptions } from 'ioredis';

/** Redis connection settings from REDIS_URL, or REDIS_HOST / REDIS_PORT / REDIS_DB / REDIS_PASSWORD. */
export function redisUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.REDIS_URL) return env.REDIS_URL;
  if (!env.REDIS_HOST) return undefined;
  const auth = env.REDIS_PASSWORD ? `:${encodeURIComponent(env.REDIS_PASSWORD)}@` : '';
  return `redis://${auth}${env.REDIS_HOST}:${env.REDIS_PORT ?? 6379}/${env.REDIS_DB ?? 0}`;
}

/**
 * A connection that keeps reconnecting (capped backoff) for as long as the process lives.
 * `failFast` connections reject commands while disconnected instead of queueing them, so the
 * caller can fall back (spool captures, drop preview frames) rather than hang.
 */
export function connectRedis(
  url: string,
  opts: { failFast?: boolean; name?: string; subscriber?: boolean } = {},
): Redis {
  const options: RedisOptions = {
    connectionName: opts.name,
    // Subscribers resubscribe themselves on `ready` (see RedisBus): ioredis would otherwise let a
    // SUBSCRIBE slip in before its ready check, whose INFO then fails in subscriber mode.
    autoResubscribe: !opts.subscriber,
    retryStrategy: (attempt) => Math.min(2000, 100 * 2 ** Math.min(attempt, 5)),
    maxRetriesPerRequest: opts.failFast ? 0 : null,
    enableOfflineQueue: !opts.failFast,
    lazyConnect: false,
  };
  const redis = new Redis(url, options);
  // Errors surface on commands; connection errors are retried by retryStrategy.
  redis.on('error', () => {});
  return redis;
}
