import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { catalogueOf, type AppConfig } from './config/schema';
import { ConfigError } from './config/load';
import { webDir } from './runtime';
import { databaseFile, openDatabase, type Db } from './store/db';
import { AuditStore } from './store/audit';
import { CaptureStore } from './store/captures';
import { SettingsStore } from './store/settings';
import { CameraStore } from './store/cameras';
import { PeopleJudgedRecorder } from './store/stats';
import { SessionStore, UserStore } from './store/users';
import type { Bus } from './bus/types';
import { CaptureArchive } from './capture/archive';
import { Retention } from './capture/retention';
import { clipMaxWaitMs, WORKER_STOPPED } from './clip/clip-maker';
import { AuditRetentionSetting } from './audit/retention-setting';
import { AuditTrail } from './server/audit-trail';
import type { CameraControl } from './hosting/supervisor';
import { createSharedState, type SharedState } from './hosting/shared-state';
import { buildServer } from './server/app';
import { Auth, isLoopbackHost } from './server/auth';
import { CameraService } from './server/cameras';
import { SystemMetrics } from './server/metrics';
import { PpeItemService } from './server/ppe-items';
import { AlertService, type AlertServiceDeps } from './alerts/service';
import type { DispatcherTiming } from './alerts/dispatcher';

export interface RunningSystem {
  url: string;
  /**
   * Runs the cameras: the local Supervisor in embedded mode. In Redis mode it is the cluster view
   * (ClusterCameras), which has only the CameraControl methods.
   */
  supervisor: CameraControl;
  captures: CaptureStore;
  archive: CaptureArchive;
  cameras: CameraService;
  users: UserStore;
  retention: Retention;
  /** The audit trail: its recorder, table and age limit. */
  audit: { trail: AuditTrail; store: AuditStore; retention: AuditRetentionSetting };
  metrics: SystemMetrics;
  bus: Bus;
  db: Db;
  close(): Promise<void>;
}

export interface SystemOptions {
  /** How long POST /api/cameras/probe waits for a picture (default 10 s). */
  probeTimeoutMs?: number;
  /** Retention sweep interval (default hourly). */
  retentionIntervalMs?: number;
  /** Environment for the mode switch (REDIS_URL, NODE_ID); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Redis mode: also run camera workers in this process (default true). */
  localWorkers?: boolean;
  /** Alert delivery timing (tests shorten retries and the rate window). */
  alertTiming?: Partial<DispatcherTiming>;
  /** The alert dispatcher's clock (tests move it past a channel's quiet hours). */
  alertClock?: () => number;
}

/** Creates the admin named by ADMIN_USER/ADMIN_PASSWORD when no user of that name exists. */
async function bootstrapAdmin(config: AppConfig, users: UserStore, log: Logger): Promise<void> {
  const { adminUser, adminPassword } = config.auth;
  if (!adminUser && !adminPassword) return;
  if (!adminUser || !adminPassword) {
    throw new ConfigError('ADMIN_USER and ADMIN_PASSWORD go together: set both to create the first admin, or neither.');
  }
  if (users.get(adminUser)) return; // never reset an existing user's password from the environment
  try {
    await users.add(adminUser, 'admin', adminPassword);
  } catch (err) {
    if (err instanceof ZodError) {
      throw new ConfigError(`ADMIN_USER/ADMIN_PASSWORD: ${err.issues.map((i) => i.message).join('; ')}`);
    }
    throw err;
  }
  log.info({ user: adminUser }, 'created the admin user from ADMIN_USER');
}

/** A config-file channel that cannot be made (its secret's variable unset) is a config error. */
function newAlertService(deps: AlertServiceDeps): AlertService {
  try {
    return new AlertService(deps);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}

/** The composition root: storage, bus, capture archive, camera workers and the HTTP server. */
export async function startSystem(config: AppConfig, log: Logger, opts: SystemOptions = {}): Promise<RunningSystem> {
  const db = openDatabase(databaseFile(config.storage.dir));
  try {
    return await start(config, log, opts, db);
  } catch (err) {
    db.close();
    throw err;
  }
}

async function start(config: AppConfig, log: Logger, opts: SystemOptions, db: Db): Promise<RunningSystem> {
  // ---- who may use it ----
  const users = new UserStore(db);
  const sessions = new SessionStore(db, config.auth.sessionHours * 3_600_000);
  await bootstrapAdmin(config, users, log);
  const loopbackBound = isLoopbackHost(config.host);
  if (!loopbackBound && users.count() === 0) {
    throw new ConfigError(
      `Refusing to start: the server would listen on ${config.host}, which other machines can reach, and no user exists yet.\n` +
        'Create the first admin: set ADMIN_USER and ADMIN_PASSWORD (environment or .env), or run\n' +
        '  cctv user add <name> --role admin\n' +
        'Or listen on 127.0.0.1 (HOST=127.0.0.1) for a local-only install without sign-in.',
    );
  }
  if (loopbackBound && users.count() === 0) {
    log.warn('no users yet: open local mode, everyone on this machine is admin (add one with `cctv user add`)');
  }

  // Bus, dedup memory and camera control: embedded, or shared through Redis (REDIS_URL).
  const shared = createSharedState(config, log, { env: opts.env, localWorkers: opts.localWorkers });
  try {
    return await startWith({ config, log, opts, db, users, sessions, loopbackBound, shared });
  } catch (err) {
    await shared.close();
    throw err;
  }
}

interface Parts {
  config: AppConfig;
  log: Logger;
  opts: SystemOptions;
  db: Db;
  users: UserStore;
  sessions: SessionStore;
  loopbackBound: boolean;
  shared: SharedState;
}

async function startWith(parts: Parts): Promise<RunningSystem> {
  const { config, log, opts, db, users, sessions, loopbackBound, shared } = parts;
  const { bus, cameras: supervisor } = shared;
  const metrics = new SystemMetrics();
  const live = new EventEmitter();
  live.setMaxListeners(0);
  let serverUrl = '';
  const { captures, archive, alerts, retention, audit } = await startCaptureKeeping(
    parts,
    metrics,
    live,
    () => serverUrl,
  );
  const cameraStore = seedCameras(config, db, log);
  followWorkers({ ...parts, metrics, live, archive, alerts, cameraStore });

  const ppe = new PpeItemService(catalogueOf(config), config.model, log.child({ component: 'ppe' }));
  const cameras = new CameraService(cameraStore, supervisor, live, {
    mediaDirs: config.mediaDirs,
    ppe,
    log: log.child({ component: 'cameras' }),
    probeTimeoutMs: opts.probeTimeoutMs,
  });
  const auth = new Auth({
    users,
    sessions,
    loopbackBound,
    metricsOpen: config.auth.metricsOpen,
    metricsToken: config.auth.metricsToken,
  });
  const app = await buildServer({
    bus,
    db,
    captures,
    archive,
    cameras,
    users,
    auth,
    metrics,
    alerts,
    ppe,
    live,
    audit,
    retention: config.retention,
    webDir,
    log,
    trustProxy: config.auth.trustProxy,
  });
  const address = await app.listen({ host: config.host, port: config.port });
  serverUrl = address;
  alerts.start();
  cameras.apply();
  retention.start(opts.retentionIntervalMs);
  log.info({ mode: shared.description, supervisor: config.supervisor }, 'camera workers');

  return {
    url: address,
    supervisor,
    captures,
    archive,
    cameras,
    users,
    retention,
    audit,
    metrics,
    bus,
    db,
    async close() {
      await retention.stop();
      await alerts.close();
      await supervisor.stop();
      await app.close();
      audit.trail.close();
      await shared.close();
      db.close();
    },
  };
}

/** Captures, their alerts and retention: what an interrupted run left is cleaned up first. */
async function startCaptureKeeping(
  { config, log, opts, db, shared }: Parts,
  metrics: SystemMetrics,
  live: EventEmitter,
  serverUrl: () => string,
) {
  const captures = new CaptureStore(db);
  // Alerts are sent from the server process only (the owner of the database): nodes never send.
  // The archive's callback runs only once captures are consumed, after `alerts` exists.
  const archive = new CaptureArchive(config.storage.dir, captures, shared.dedup, (record) =>
    alerts.captureSaved(record),
  );
  const swept = await archive.sweepOrphans();
  const { tightenedFolders, ...removed } = swept;
  if (swept.orphans || swept.temporaries) log.warn(removed, 'removed capture files left by an interrupted write');
  if (tightenedFolders) log.info({ folders: tightenedFolders }, 'capture folders readable by others made private');

  const alerts = newAlertService({
    config: config.alerts,
    db,
    captures,
    archive,
    registry: metrics.registry,
    log,
    serverUrl,
    env: process.env,
    timing: opts.alertTiming,
    clock: opts.alertClock,
  });
  const auditStore = new AuditStore(db);
  const audit = {
    store: auditStore,
    trail: new AuditTrail(auditStore, log.child({ component: 'audit' })),
    retention: new AuditRetentionSetting(new SettingsStore(db), config.retention.auditDays, auditStore),
  };
  const retention = new Retention({
    config: config.retention,
    audit: audit.retention,
    store: captures,
    archive,
    log,
    onRemoved: (record) => live.emit('capture-removed', { id: record.id }),
    onTotal: (bytes) => metrics.storageBytes.set(bytes),
  });
  await retention.sweep();
  return { captures, archive, alerts, retention, audit };
}

/** The database is authoritative for cameras; the config file only seeds it. */
function seedCameras(config: AppConfig, db: Db, log: Logger): CameraStore {
  const cameraStore = new CameraStore(db, (id, reason) =>
    log.error({ camera: id, reason }, 'stored camera settings are no longer valid; the camera is skipped'),
  );
  const seeded = cameraStore.seed(config.cameras);
  if (seeded.added.length) log.info({ cameras: seeded.added }, 'cameras from the config file added to the database');
  if (seeded.known.length) {
    log.info(
      { cameras: seeded.known },
      'cameras from the config file were seeded before; the database copy is used (edit them in the dashboard)',
    );
  }
  return cameraStore;
}

interface WorkerFollowing extends Parts {
  metrics: SystemMetrics;
  live: EventEmitter;
  archive: CaptureArchive;
  alerts: AlertService;
  cameraStore: CameraStore;
}

/** What camera workers publish: status (metrics, alerts, people judged), captures and sightings. */
function followWorkers({
  config,
  db,
  log,
  shared,
  metrics,
  live,
  archive,
  alerts,
  cameraStore,
}: WorkerFollowing): void {
  const { bus, dedup } = shared;
  const judged = new PeopleJudgedRecorder(db);
  bus.onStatus((status) => {
    // A deleted camera's worker may still report while it stops: its series stay gone.
    if (!cameraStore.has(status.cameraId)) return;
    metrics.observeStatus(status);
    alerts.cameraStatus(status);
    judged.observe(status.cameraId, status.stats.peopleJudged, status.stats.peopleViolating);
  });
  live.on('camera-removed', ({ id }: { id: string }) => {
    metrics.forgetCamera(id);
    judged.forget(id);
  });

  keepCaptures({ config, log, bus, metrics, live, archive });

  // Where captured people are now: the dedup memory follows them (see capture/sightings.ts).
  bus.onSightings((report) => {
    for (const s of report.sightings) {
      dedup
        .refresh({ id: s.captureId, cameraId: report.cameraId, kind: s.kind, box: s.box, time: report.time })
        .catch((err: Error) => log.warn({ err: err.message }, 'dedup refresh failed'));
    }
  });
}

/** Captures into the archive, and the clips that follow them; each change shown live. */
function keepCaptures({
  config,
  log,
  bus,
  metrics,
  live,
  archive,
}: Pick<WorkerFollowing, 'config' | 'log' | 'metrics' | 'live' | 'archive'> & { bus: Bus }): void {
  bus.consumeCaptures(
    async (event) => {
      const { outcome, record, added = [] } = await archive.save(event);
      log.info({ camera: event.cameraId, track: event.trackId, kinds: event.kinds, outcome }, 'violation capture');
      metrics.captureSaved(event.cameraId, added);
      if (record && outcome === 'saved') {
        metrics.storageBytes.inc(record.bytes ?? 0);
        live.emit('capture', record);
      } else if (record) {
        live.emit('capture-updated', record); // later kinds of the same person
      } else if (outcome === 'duplicate') {
        metrics.duplicates.inc({ camera: event.cameraId });
      }
    },
    async (event) => {
      const { outcome, records } = await archive.saveClip(event);
      for (const record of records) {
        if (outcome === 'kept') metrics.storageBytes.inc(record.clipBytes ?? 0);
        live.emit('capture-updated', record); // an open capture detail shows the clip, or why there is none
      }
    },
  );
  // Clips still owed by workers gone with a previous run of the server will not come. Sent the way
  // clips go, so clips already on their way (queued in Redis) arrive first.
  const takenBeforeMs = Date.now() - clipMaxWaitMs(config.clip);
  bus
    .publishClip({ takenBeforeMs, reason: WORKER_STOPPED })
    .catch((err: Error) => log.warn({ err: err.message }, 'pending clips of earlier runs not settled'));
}
