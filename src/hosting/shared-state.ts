import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/schema';
import type { Bus } from '../bus/types';
import { EmbeddedBus } from '../bus/embedded';
import { RedisBus } from '../bus/redis';
import { connectRedis, redisUrlFromEnv } from '../bus/redis-connection';
import { PlaceCooldown, type DedupMemory } from '../capture/dedup';
import { RedisDedup } from '../bus/redis-dedup';
import { Supervisor, type CameraControl } from './supervisor';
import { ClusterCameras } from './cluster';
import { NodeHost } from './node-host';

/** The parts that differ between one machine (embedded) and many (Redis); the rest never asks which. */
export interface SharedState {
  bus: Bus;
  dedup: DedupMemory;
  cameras: CameraControl;
  /** Where workers run, for the log. */
  description: string;
  close(): Promise<void>;
}

export interface SharedStateOptions {
  /** Redis mode: also run camera workers in this process (a node of its own). Default true. */
  localWorkers?: boolean;
  env?: NodeJS.ProcessEnv;
}

export function nodeIdFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.NODE_ID ?? `${os.hostname()}-${process.pid}`;
}

export function createSharedState(config: AppConfig, log: Logger, opts: SharedStateOptions = {}): SharedState {
  const env = opts.env ?? process.env;
  const cooldown = { cooldownMs: config.dedup.cooldownSeconds * 1000, iou: config.dedup.iou };
  const redisUrl = redisUrlFromEnv(env);

  if (!redisUrl) {
    const bus = new EmbeddedBus();
    const cameras = new Supervisor({ config, bus, log, nodeId: 'local' });
    return {
      bus,
      dedup: new PlaceCooldown(cooldown),
      cameras,
      description: 'embedded (one machine)',
      async close() {
        await cameras.stop();
        await bus.close();
      },
    };
  }

  const redis = connectRedis(redisUrl, { name: 'cctv-server' });
  const bus = new RedisBus({ url: redisUrl, log });
  const cameras = new ClusterCameras(redis, bus);
  const node = opts.localWorkers === false ? undefined : startNode(config, log, redisUrl, env);
  return {
    bus,
    dedup: new RedisDedup(redis, cooldown),
    cameras,
    description: node ? 'redis, with local workers' : 'redis, workers on other nodes',
    async close() {
      await node?.close();
      await cameras.stop();
      await bus.close();
      redis.disconnect();
    },
  };
}

/** A worker host: claims cameras from Redis by lease and runs their workers. */
export function startNode(config: AppConfig, log: Logger, redisUrl: string, env: NodeJS.ProcessEnv = process.env) {
  const nodeId = nodeIdFromEnv(env);
  const redis = connectRedis(redisUrl, { name: `cctv-node-${nodeId}` });
  const bus = new RedisBus({
    url: redisUrl,
    log,
    // Captures made while Redis is down wait here, bounded, until it returns.
    spool: {
      dir: path.join(config.storage.dir, 'spool', nodeId),
      maxEvents: config.node.spoolMaxEvents,
      maxBytes: config.node.spoolMaxBytes,
    },
  });
  const workers = new Supervisor({ config, bus, log, nodeId });
  const host = new NodeHost({
    redis,
    workers,
    nodeId,
    capacity: config.node.capacity,
    leaseMs: config.node.leaseMs,
    log,
  });
  host.start();
  log.info({ node: nodeId, capacity: config.node.capacity }, 'worker node joined');
  return {
    host,
    workers,
    async close() {
      await host.stop();
      await bus.close();
      redis.disconnect();
    },
  };
}
