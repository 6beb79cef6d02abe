import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/load';
import { redisUrlFromEnv } from '../bus/redis-connection';
import { createLogger } from '../log';
import { startNode } from '../shared-state';

/** `cctv node`: a worker host that runs cameras claimed from Redis, for sites that outgrow one machine. */
export async function nodeCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string', short: 'c' },
      id: { type: 'string' },
      capacity: { type: 'string' },
    },
  });
  const redisUrl = redisUrlFromEnv();
  if (!redisUrl) {
    console.error('cctv node needs Redis: set REDIS_URL (or REDIS_HOST / REDIS_PORT / REDIS_DB).');
    return 2;
  }
  let config;
  try {
    config = loadConfig({ file: values.config });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  if (values.capacity !== undefined) {
    const capacity = Number(values.capacity);
    if (!Number.isInteger(capacity) || capacity < 1) {
      console.error(`--capacity: expected a whole number of cameras ≥ 1, got "${values.capacity}"`);
      return 2;
    }
    config.node.capacity = capacity;
  }
  const env = values.id ? { ...process.env, NODE_ID: values.id } : process.env;
  const log = createLogger('node');
  const node = startNode(config, log, redisUrl, env);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  log.info('node leaving: releasing its cameras');
  await node.close();
  return 0;
}
