import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { catalogueOf, type AppConfig, type CameraConfig } from '../config/schema';
import type { Bus } from '../bus/types';
import { NO_STATS, type CameraState, type CameraStats, type CameraStatus } from '../domain/events';
import { maskUrl } from '../ingest/mask-url';
import { checkSource, SOURCE_REFUSED, SourceRefused } from '../ingest/source-check';
import { workerThreads } from '../detect/config';
import type { WorkerMessage, WorkerSettings } from '../worker/protocol';
import { ForkLauncher, type WorkerHandle, type WorkerLauncher } from './worker-launcher';
import { Pm2Launcher } from './pm2-launcher';
import { EngineHost, engineShape } from './engine-host';

/** A camera as the API and dashboard see it: no credentials. */
export interface CameraView {
  id: string;
  name: string;
  location: string;
  url: string;
  enabled: boolean;
  detecting: boolean;
  status: CameraState;
  lastError?: string;
  stats: CameraStats;
  restarts: number;
  /** The worker host running the camera. */
  node?: string;
}

/** What the server needs to run cameras, whether workers run here or on other nodes. */
export interface CameraControl {
  /** Makes the running cameras match this list (added, edited, disabled, removed). */
  apply(cameras: CameraConfig[]): void;
  list(): CameraView[];
  get(id: string): CameraView | undefined;
  /** Process id of the camera's worker when it runs in this process's supervision, for operators and fault tests. */
  workerPid(id: string): number | undefined;
  /** Process id of this host's inference engine, while one runs here. */
  enginePid(): number | undefined;
  stop(): Promise<void>;
}

/** A camera and its latest status, as the API shows it: no credentials. */
export function cameraView(camera: CameraConfig, status: CameraStatus): CameraView {
  return {
    id: camera.id,
    name: camera.name,
    location: camera.location,
    url: maskUrl(camera.url),
    enabled: camera.enabled,
    detecting: status.detecting,
    status: camera.enabled ? status.state : 'stopped',
    ...(status.lastError ? { lastError: status.lastError } : {}),
    stats: status.stats,
    restarts: status.restarts,
    ...(status.node ? { node: status.node } : {}),
  };
}

export function initialStatus(camera: CameraConfig, node?: string): CameraStatus {
  return {
    cameraId: camera.id,
    state: camera.enabled ? 'connecting' : 'stopped',
    detecting: false,
    stats: NO_STATS,
    restarts: 0,
    ...(node ? { node } : {}),
    updatedAt: new Date().toISOString(),
  };
}

/**
 * What a camera's worker is started with, on a host running `enabledCameras` cameras; with
 * `engineSocket` it detects through the host's inference engine, whose threads are the host's.
 */
export function workerSettings(
  config: AppConfig,
  camera: CameraConfig,
  enabledCameras: number,
  engineSocket?: string,
): WorkerSettings {
  return {
    camera,
    // Fixed for the worker's life: a worker started when the host had fewer cameras keeps its threads.
    model: engineSocket
      ? config.model
      : { ...config.model, threads: workerThreads(config.model.threads, os.availableParallelism(), enabledCameras) },
    ...(engineSocket ? { engineSocket } : {}),
    preview: config.preview,
    items: catalogueOf(config).items,
    watchdogSeconds: config.watchdogSeconds,
    reconnect: config.reconnect,
    clip: { ...config.clip, bufferDir: path.join(config.storage.dir, 'clip-buffer', camera.id) },
  };
}

export interface SupervisorOptions {
  config: AppConfig;
  bus: Bus;
  log: Logger;
  /** Name of this worker host, shown with each camera it runs. */
  nodeId?: string;
}

interface CameraSlot {
  camera: CameraConfig;
  worker?: WorkerHandle;
  restartTimer?: NodeJS.Timeout;
  status: CameraStatus;
  /** Restarts since the worker last delivered frames. */
  failures: number;
  watched: boolean;
  stopping: boolean;
  /** The source check before a launch, while it runs (it never rejects). */
  checking?: Promise<void>;
  /** Why the source was last refused: logged once, not at every check. */
  refusal?: string;
}

/** How long the check of a file source may take ffprobe (as a probe through the API). */
const SOURCE_CHECK_TIMEOUT_MS = 10_000;

/**
 * Desired cameras → running worker processes, restarted with backoff when they exit. The
 * processes are this one's children, or PM2's (config `supervisor`); everything else is the same.
 */
export class Supervisor implements CameraControl {
  private readonly slots = new Map<string, CameraSlot>();
  private readonly watchTimer: NodeJS.Timeout;
  private readonly launcher: WorkerLauncher;
  /** The host's inference engine, when cameras detect through one (config `detect.engine`). */
  private readonly engine: EngineHost | undefined;
  /** Cameras this host runs: workers share its cores. */
  private enabledCameras = 0;

  constructor(private readonly opts: SupervisorOptions) {
    this.launcher = opts.config.supervisor === 'pm2' ? new Pm2Launcher(opts.log) : new ForkLauncher();
    // Started before any worker, which dials it (and waits for it while it comes up).
    if (opts.config.detect.engine === 'host') {
      const shape = engineShape(opts.config.model.threads, os.availableParallelism());
      this.engine = new EngineHost(this.launcher, shape, opts.log);
    }
    // Workers encode previews only while someone watches; tell them when that changes.
    this.watchTimer = setInterval(() => this.updateWatched(), 500);
  }

  /** Makes the running workers match `cameras`: starts new ones, stops removed or disabled ones, restarts edited ones. */
  apply(cameras: CameraConfig[]): void {
    const wanted = new Map(cameras.map((c) => [c.id, c]));
    this.enabledCameras = cameras.filter((c) => c.enabled).length;
    for (const [id, slot] of this.slots) {
      const next = wanted.get(id);
      if (!next || JSON.stringify(next) !== JSON.stringify(slot.camera)) {
        void this.stopSlot(slot);
        this.slots.delete(id);
      }
    }
    for (const camera of cameras) {
      if (this.slots.has(camera.id)) continue;
      const slot: CameraSlot = {
        camera,
        status: initialStatus(camera, this.opts.nodeId),
        failures: 0,
        watched: false,
        stopping: false,
      };
      this.slots.set(camera.id, slot);
      if (camera.enabled) this.spawn(slot);
    }
  }

  /** Process id of a camera's worker, while one runs (for operators and fault tests). */
  workerPid(id: string): number | undefined {
    return this.slots.get(id)?.worker?.pid;
  }

  enginePid(): number | undefined {
    return this.engine?.pid;
  }

  list(): CameraView[] {
    return [...this.slots.values()].map((s) => cameraView(s.camera, s.status));
  }

  get(id: string): CameraView | undefined {
    const slot = this.slots.get(id);
    return slot && cameraView(slot.camera, slot.status);
  }

  async stop(): Promise<void> {
    clearInterval(this.watchTimer);
    await Promise.all([...this.slots.values()].map((s) => this.stopSlot(s)));
    await this.engine?.stop();
    await this.launcher.close();
  }

  private setStatus(slot: CameraSlot, patch: Partial<CameraStatus>): void {
    slot.status = { ...slot.status, ...patch, updatedAt: new Date().toISOString() };
    this.opts.bus.publishStatus(slot.status);
  }

  /**
   * Starts the camera's worker once its source passes the check the API applies: a camera stored
   * by an older version or seeded from the config file may point at a file or device that no API
   * call would accept. A refused camera shows as failed, and is checked again after the longest
   * reconnect delay (a media folder may not be mounted yet).
   */
  private spawn(slot: CameraSlot): void {
    slot.checking = checkSource(slot.camera.url, this.opts.config.mediaDirs, SOURCE_CHECK_TIMEOUT_MS)
      .then(
        () => {
          if (slot.stopping) return;
          if (slot.refusal) this.setStatus(slot, { state: 'connecting', lastError: undefined });
          slot.refusal = undefined;
          this.launch(slot);
        },
        (err: Error) => {
          if (!slot.stopping) this.refused(slot, err);
        },
      )
      .catch((err: Error) => this.opts.log.error({ camera: slot.camera.id, err: err.message }, 'worker not started'));
  }

  private refused(slot: CameraSlot, err: Error): void {
    const reason = maskUrl(err.message);
    if (reason !== slot.refusal) {
      const detail = err instanceof SourceRefused ? err.detail : undefined;
      this.opts.log.error(
        { camera: slot.camera.id, url: maskUrl(slot.camera.url), reason, detail },
        'camera source refused: its worker is not started',
      );
    }
    slot.refusal = reason;
    this.setStatus(slot, {
      state: 'failed',
      detecting: false,
      stats: NO_STATS,
      lastError: `${SOURCE_REFUSED}${reason}`,
    });
    slot.restartTimer = setTimeout(() => this.spawn(slot), this.opts.config.reconnect.maxMs);
  }

  private launch(slot: CameraSlot): void {
    const settings = workerSettings(this.opts.config, slot.camera, this.enabledCameras, this.engine?.socketPath);
    slot.watched = false;
    const worker: WorkerHandle = this.launcher.launch(slot.camera.id, settings, {
      message: (msg) => this.onMessage(slot, worker, msg),
      exit: (reason) => this.onExit(slot, worker, reason),
    });
    slot.worker = worker;
  }

  private onMessage(slot: CameraSlot, worker: WorkerHandle, msg: WorkerMessage): void {
    const { config, bus, log } = this.opts;
    switch (msg.type) {
      case 'frame':
        bus.publishFrame(slot.camera.id, msg.jpeg);
        break;
      case 'status':
        // A worker being stopped (camera removed or edited) no longer speaks for the camera.
        if (slot.stopping) break;
        if (msg.state === 'streaming' || msg.state === 'detecting') slot.failures = 0;
        this.setStatus(slot, {
          // A camera whose workers keep dying stays "failed" until frames flow again.
          state: slot.failures >= config.reconnect.failAfter && msg.state === 'connecting' ? 'failed' : msg.state,
          detecting: msg.detecting,
          stats: msg.stats,
          lastError: msg.lastError,
        });
        break;
      case 'sightings':
        bus.publishSightings({ cameraId: slot.camera.id, time: msg.time, sightings: msg.sightings });
        break;
      case 'capture':
        bus.publishCapture(msg.event).then(
          () => worker.send({ type: 'captureAck', id: msg.event.id }),
          (err: Error) => log.error({ camera: slot.camera.id, err: err.message }, 'capture not saved'),
        );
        break;
      case 'clip': {
        const { event } = msg;
        bus.publishClip(event).then(
          () => 'captureId' in event && worker.send({ type: 'clipAck', captureId: event.captureId }),
          (err: Error) => log.error({ camera: slot.camera.id, err: err.message }, 'clip not saved'),
        );
        break;
      }
    }
  }

  private onExit(slot: CameraSlot, worker: WorkerHandle, reason: string): void {
    if (slot.worker !== worker) return;
    slot.worker = undefined;
    if (slot.stopping) return;
    slot.failures += 1;
    const { initialMs, maxMs, failAfter } = this.opts.config.reconnect;
    const delay = Math.min(maxMs, initialMs * 2 ** (slot.failures - 1));
    this.opts.log.warn({ camera: slot.camera.id, reason, restartInMs: delay }, 'camera worker stopped; restarting');
    this.setStatus(slot, {
      state: slot.failures >= failAfter ? 'failed' : 'offline',
      detecting: false,
      stats: NO_STATS,
      lastError: slot.status.lastError ?? reason,
      restarts: slot.status.restarts + 1,
    });
    slot.restartTimer = setTimeout(() => this.spawn(slot), delay);
  }

  private updateWatched(): void {
    for (const slot of this.slots.values()) {
      const watched = this.opts.bus.viewerCount(slot.camera.id) > 0;
      if (watched !== slot.watched && slot.worker?.connected) {
        slot.watched = watched;
        slot.worker.send({ type: 'watch', watched });
      }
    }
  }

  private async stopSlot(slot: CameraSlot): Promise<void> {
    slot.stopping = true;
    clearTimeout(slot.restartTimer);
    await slot.checking; // no ffprobe of a check outlives the camera
    await slot.worker?.stop();
  }
}
