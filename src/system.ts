import path from 'node:path';
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { AppConfig } from './config/schema';
import { repoRoot } from './config/paths';
import { openDatabase } from './store/db';
import { CaptureStore } from './store/captures';
import { EmbeddedBus } from './bus/embedded';
import { CaptureArchive } from './capture/archive';
import { PlaceCooldown } from './capture/dedup';
import { Supervisor } from './supervisor/supervisor';
import { buildServer } from './server/app';

export interface RunningSystem {
  url: string;
  supervisor: Supervisor;
  captures: CaptureStore;
  close(): Promise<void>;
}

/** The composition root: storage, bus, capture archive, camera workers and the HTTP server. */
export async function startSystem(config: AppConfig, log: Logger): Promise<RunningSystem> {
  const db = openDatabase(path.join(config.storage.dir, 'cctv.sqlite'));
  const captures = new CaptureStore(db);
  const bus = new EmbeddedBus();
  const dedup = new PlaceCooldown({ cooldownMs: config.dedup.cooldownSeconds * 1000, iou: config.dedup.iou });
  const archive = new CaptureArchive(config.storage.dir, captures, dedup);
  const captureFeed = new EventEmitter();
  captureFeed.setMaxListeners(0);

  bus.consumeCaptures(async (event) => {
    const { outcome, record } = await archive.save(event);
    log.info({ camera: event.cameraId, track: event.trackId, kinds: event.kinds, outcome }, 'violation capture');
    if (record) captureFeed.emit('capture', record);
  });

  const supervisor = new Supervisor({ config, bus, log });
  const app = await buildServer({
    bus,
    captures,
    cameras: supervisor,
    storageDir: config.storage.dir,
    webDir: path.join(repoRoot, 'dist', 'web'),
    captureFeed,
  });
  const address = await app.listen({ host: config.host, port: config.port });
  supervisor.apply(config.cameras);

  return {
    url: address,
    supervisor,
    captures,
    async close() {
      await supervisor.stop();
      await app.close();
      await bus.close();
      db.close();
    },
  };
}
