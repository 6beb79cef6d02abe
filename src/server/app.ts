import type { EventEmitter } from 'node:events';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import type { Logger } from 'pino';
import type { AlertService } from '../alerts/service';
import type { AuditRetentionSetting } from '../audit/retention-setting';
import type { RetentionConfig } from '../capture/config';
import type { AuditStore } from '../store/audit';
import type { Bus } from '../bus/types';
import type { CaptureArchive } from '../capture/archive';
import type { CaptureStore } from '../store/captures';
import type { Db } from '../store/db';
import type { UserStore } from '../store/users';
import type { AuditTrail } from './audit-trail';
import type { Auth } from './auth';
import type { CameraService } from './cameras';
import { BODY_LIMIT, clientErrorHandler, registerErrorHandler } from './errors';
import { requestPath } from './http';
import { registerJsonBody } from './json-body';
import type { SystemMetrics } from './metrics';
import type { PpeItemService } from './ppe-items';
import { endStreamsOfEndedSessions } from './open-streams';
import { ApiRouter } from './router';
import { registerAlertRoutes } from './routes/alerts';
import { registerAuditRoutes } from './routes/audit';
import { registerAuthRoutes } from './routes/auth';
import { registerCameraRoutes } from './routes/cameras';
import { registerDashboard } from './routes/dashboard';
import { registerDocsRoute } from './routes/docs';
import { registerEventRoutes } from './routes/events';
import { registerHealthRoutes } from './routes/health';
import { registerPpeRoutes } from './routes/ppe';
import { registerStatsRoutes } from './routes/stats';
import { registerViolationRoutes } from './routes/violations';
import { addSecurityHeaders } from './security-headers';
import { LoginLimiter } from './sign-in';

export interface ServerDeps {
  bus: Bus;
  db: Db;
  captures: CaptureStore;
  archive: CaptureArchive;
  cameras: CameraService;
  users: UserStore;
  auth: Auth;
  metrics: SystemMetrics;
  alerts: AlertService;
  /** The PPE catalogue: served to the dashboard, and what kinds sent to the API are checked against. */
  ppe: PpeItemService;
  /**
   * Live changes for server-sent events: `capture` (CaptureRecord), `capture-updated`
   * (CaptureRecord), `capture-removed` ({id}), `camera` (CameraJson), `camera-removed` ({id}).
   */
  live: EventEmitter;
  /** The audit trail of capture access (src/server/audit-trail.ts), its table and how long it is kept. */
  audit: { trail: AuditTrail; store: AuditStore; retention: AuditRetentionSetting };
  /** Capture retention (config file), shown beside the audit trail's. */
  retention: RetentionConfig;
  webDir: string;
  log: Logger;
  trustProxy?: boolean;
  limiter?: LoginLimiter;
}

/** The HTTP server: plugins and hooks, then every area's routes, then the dashboard. */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { bus, db, captures, archive, cameras, users, auth, metrics, live, ppe } = deps;
  const log = deps.log.child({ component: 'http' });
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // Request lines are logged below, without headers: cookies and tokens never reach the log.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    trustProxy: deps.trustProxy ?? false,
    clientErrorHandler,
  });

  await app.register(fastifyCookie);
  registerJsonBody(app);
  addSecurityHeaders(app);
  auth.registerHook(app);
  endStreamsOfEndedSessions(app, auth);
  logRequests(app, log);
  registerErrorHandler(app, log);

  const api = new ApiRouter(app);
  registerHealthRoutes(api, { db, cameras, captures, metrics });
  registerAuthRoutes(api, { users, auth, limiter: deps.limiter ?? new LoginLimiter(), log });
  registerCameraRoutes(api, { cameras, bus });
  const { trail } = deps.audit;
  registerViolationRoutes(api, { captures, archive, live, log, ppe, trail });
  registerAuditRoutes(api, {
    auditStore: deps.audit.store,
    trail,
    auditRetention: deps.audit.retention,
    retention: deps.retention,
  });
  registerStatsRoutes(api, { db, cameras, ppe });
  registerEventRoutes(api, { live, bus, cameras });
  registerAlertRoutes(api, { alerts: deps.alerts, captures, ppe });
  registerPpeRoutes(api, { ppe });
  registerDocsRoute(api);
  await registerDashboard(app, deps.webDir);
  return app;
}

function logRequests(app: FastifyInstance, log: Logger): void {
  app.addHook('onResponse', async (req, reply) => {
    const level = reply.statusCode >= 500 ? 'error' : 'debug';
    log[level](
      { method: req.method, path: requestPath(req), status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });
}
