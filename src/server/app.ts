import type { EventEmitter } from 'node:events';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import type { Logger } from 'pino';
import type { AlertService } from '../alerts/service';
import type { Bus } from '../bus/types';
import type { CaptureArchive } from '../capture/archive';
import type { CaptureStore } from '../store/captures';
import type { Db } from '../store/db';
import type { UserStore } from '../store/users';
import { Auth, LoginLimiter } from './auth';
import type { CameraService } from './cameras';
import { HttpError, requestPath } from './http';
import type { SystemMetrics } from './metrics';
import { ApiRouter } from './router';
import { registerAlertRoutes } from './routes/alerts';
import { registerAuthRoutes } from './routes/auth';
import { registerCameraRoutes } from './routes/cameras';
import { registerDashboard } from './routes/dashboard';
import { registerDocsRoute } from './routes/docs';
import { registerEventRoutes } from './routes/events';
import { registerHealthRoutes } from './routes/health';
import { registerStatsRoutes } from './routes/stats';
import { registerViolationRoutes } from './routes/violations';

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
  /**
   * Live changes for server-sent events: `capture` (CaptureRecord), `capture-updated`
   * (CaptureRecord), `capture-removed` ({id}), `camera` (CameraJson), `camera-removed` ({id}).
   */
  live: EventEmitter;
  webDir: string;
  log: Logger;
  trustProxy?: boolean;
  limiter?: LoginLimiter;
  /** How long POST /api/cameras/probe waits for a picture. */
  probeTimeoutMs?: number;
}

export const BODY_LIMIT = 1024 * 1024;

/** The HTTP server: plugins and hooks, then every area's routes, then the dashboard. */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { bus, db, captures, archive, cameras, users, auth, metrics, live } = deps;
  const log = deps.log.child({ component: 'http' });
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // Request lines are logged below, without headers: cookies and tokens never reach the log.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    trustProxy: deps.trustProxy ?? false,
  });

  await app.register(fastifyCookie);
  acceptEmptyJsonBodies(app);
  auth.registerHook(app);
  addSecurityHeaders(app);
  logRequests(app, log);
  answerErrors(app, log);

  const api = new ApiRouter(app);
  registerHealthRoutes(api, { db, cameras, captures, metrics });
  registerAuthRoutes(api, { users, auth, limiter: deps.limiter ?? new LoginLimiter(), log });
  registerCameraRoutes(api, { cameras, bus, probeTimeoutMs: deps.probeTimeoutMs ?? 10_000 });
  registerViolationRoutes(api, { captures, archive, live, log });
  registerStatsRoutes(api, { db, cameras });
  registerEventRoutes(api, { live, bus, cameras });
  registerAlertRoutes(api, { alerts: deps.alerts, captures });
  registerDocsRoute(api);
  await registerDashboard(app, deps.webDir);
  return app;
}

/** An empty JSON body counts as no body (a DELETE or logout sent with a JSON content type). */
function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (body === '') done(null, undefined);
    else jsonParser(req, body as string, done);
  });
}

function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'same-origin');
    return payload;
  });
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

/** Every error as `{ error }`: the API's own with their status, Fastify's in words, others as a logged 500. */
function answerErrors(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof HttpError) {
      return reply.code(err.statusCode).headers(err.headers).send({ error: err.message });
    }
    if (err.statusCode && err.statusCode < 500) {
      const [code, message] = fastifyErrorMessage(err);
      return reply.code(code).send({ error: message });
    }
    log.error({ method: req.method, path: requestPath(req), err: err.message, stack: err.stack }, 'request failed');
    return reply.code(500).send({ error: 'server: internal error (see the server log)' });
  });
}

function fastifyErrorMessage(err: FastifyError): [number, string] {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return [413, `body: larger than ${BODY_LIMIT / 1024} KiB`];
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return [415, 'body: send JSON with Content-Type: application/json'];
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return [400, 'body: empty; send a JSON object'];
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return [
        400,
        `body: not valid JSON (${err.message.replace(/^Body is not valid JSON but content-type is set to 'application\/json'\s*/i, '') || 'syntax error'})`,
      ];
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return [400, 'body: its length does not match Content-Length'];
  }
  if (err instanceof SyntaxError || err.name === 'SyntaxError') return [400, `body: not valid JSON (${err.message})`];
  if (/prototype|constructor/i.test(err.message))
    return [400, 'body: forbidden property name (__proto__ / constructor)'];
  return [err.statusCode ?? 400, `request: ${err.message}`];
}
