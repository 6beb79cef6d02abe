import { parseArgs } from 'node:util';
import { redisUrlFromEnv } from '../bus/redis-connection';
import { loadConfigOrExplain, untilSignal } from './common';
import { createLogger } from '../log';
import { startNode } from '../hosting/shared-state';

export const NODE_USAGE = `Usage: cctv node [options]
Redis mode (REDIS_URL): a worker host that runs the cameras it claims by lease.
  --config, -c <file>   config file (the same as the server's: model, supervisor, node settings)
  --id <name>           this node's name (default: NODE_ID, else <hostname>-<pid>)
  --capacity <n>        most cameras this node runs at once (default: node.capacity, 16)`;

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
  const config = loadConfigOrExplain(values.config);
  if (!config) return 2;
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
  await untilSignal();
  log.info('node leaving: releasing its cameras');
  await node.close();
  return 0;
}
