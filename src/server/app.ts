import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { EventEmitter } from 'node:events';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { Logger } from 'pino';
import type { Bus } from '../bus/types';
import type { CaptureArchive } from '../capture/archive';
import type { CaptureFilter, CaptureRecord, CaptureStore, ReviewEntry } from '../store/captures';
import type { Db } from '../store/db';
import { computeStats } from '../store/stats';
import type { UserStore } from '../store/users';
import type { ViolationKind } from '../domain/detection';
import type { Auth } from './auth';
import type { CameraService } from './cameras';
import { csvRow } from './csv';
import { badRequest, HttpError, notFound } from './http';
import type { SystemMetrics } from './metrics';
import { MjpegViewer } from './mjpeg';
import { ApiRouter, openApiDocument } from './router';
import * as s from './schemas';
import { LoginLimiter, signIn } from './sign-in';
import { SseClient } from './sse';
import { BODY_LIMIT, clientErrorHandler, registerErrorHandler } from './errors';
import { registerJsonBody } from './json-body';
import { addSecurityHeaders } from './security-headers';
import { endStreamsOfEndedSessions } from './open-streams';

export interface ServerDeps {
  bus: Bus;
  db: Db;
  captures: CaptureStore;
  archive: CaptureArchive;
  cameras: CameraService;
  users: UserStore;
  auth: Auth;
  metrics: SystemMetrics;
  /**
   * Live changes for server-sent events: `capture` (CaptureRecord), `capture-updated`
   * (CaptureRecord), `capture-removed` ({id}), `camera` (CameraJson), `camera-removed` ({id}).
   */
  live: EventEmitter;
  webDir: string;
  log: Logger;
  trustProxy?: boolean;
  limiter?: LoginLimiter;
}

/** The API's view of a capture: image URLs instead of file paths, absent fields as null. */
export function captureJson(c: CaptureRecord) {
  const id = encodeURIComponent(c.id);
  return {
    id: c.id,
    time: c.time,
    cameraId: c.cameraId,
    cameraName: c.cameraName,
    location: c.location,
    zone: c.zone ?? null,
    trackId: c.trackId,
    kinds: c.kinds,
    confidence: c.confidence,
    box: c.box,
    status: c.status,
    reviewer: c.reviewer ?? null,
    reviewedAt: c.reviewedAt ?? null,
    note: c.note ?? null,
    cropUrl: `/api/violations/${id}/crop.jpg`,
    frameUrl: `/api/violations/${id}/frame.jpg`,
  };
}

const historyJson = (h: ReviewEntry) => ({ ...h, note: h.note ?? null });

function toMs(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
}

function captureFilter(q: {
  cameraId?: string;
  kind?: string;
  zone?: string;
  status?: string;
  from?: string;
  to?: string;
}): CaptureFilter {
  const fromMs = toMs(q.from);
  const toMsValue = toMs(q.to);
  if (fromMs !== undefined && toMsValue !== undefined && fromMs >= toMsValue)
    throw badRequest('from: must be before to');
  return {
    cameraId: q.cameraId,
    kind: q.kind as ViolationKind | undefined,
    zone: q.zone,
    status: q.status as CaptureFilter['status'],
    fromMs,
    toMs: toMsValue,
  };
}

/** Waits up to `waitMs` for a fresh preview frame of a camera (asking its worker to encode them). */
function freshFrame(bus: Bus, id: string, waitMs: number): Promise<Buffer | undefined> {
  const latest = bus.latestFrame(id);
  if (latest && bus.viewerCount(id) > 0) return Promise.resolve(latest);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(bus.latestFrame(id));
    }, waitMs);
    const off = bus.onFrame(id, (jpeg) => {
      clearTimeout(timer);
      off();
      resolve(jpeg);
    });
  });
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { bus, db, captures, archive, cameras, users, auth, metrics, live, webDir, log } = deps;
  const limiter = deps.limiter ?? new LoginLimiter();
  const httpLog = log.child({ component: 'http' });
  const app = Fastify({
    loggerInstance: httpLog as FastifyBaseLogger,
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

  app.addHook('onResponse', async (req, reply) => {
    const level = reply.statusCode >= 500 ? 'error' : 'debug';
    httpLog[level](
      { method: req.method, path: req.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });

  registerErrorHandler(app, httpLog);

  const api = new ApiRouter(app);
  const json = (description: string, schema: import('zod').ZodType) => ({ description, schema });
  const noContent = { description: 'done (no body)' };
  const jpeg = (description: string) => ({ description, contentType: 'image/jpeg' });
  const err = (description: string) => ({ description, schema: s.errorSchema });

  // ---- health ----

  api.route({
    method: 'GET',
    url: '/health',
    tag: 'health',
    summary: 'Liveness: the process answers',
    access: 'public',
    responses: { 200: json('alive', s.healthSchema) },
    handler: () => ({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) }),
  });

  api.route({
    method: 'GET',
    url: '/ready',
    tag: 'health',
    summary: 'Readiness: database reachable and a worker running for each enabled camera',
    access: 'public',
    responses: { 200: json('ready', s.readySchema), 503: json('not ready, with reasons', s.readySchema) },
    handler: (_req, reply) => {
      const reasons: string[] = [];
      try {
        db.prepare('SELECT 1').get();
      } catch (e) {
        reasons.push(`database: ${(e as Error).message}`);
      }
      if (!reasons.length) reasons.push(...cameras.readinessProblems());
      return reply.code(reasons.length ? 503 : 200).send({ status: reasons.length ? 'not-ready' : 'ready', reasons });
    },
  });

  api.route({
    method: 'GET',
    url: '/metrics',
    tag: 'health',
    summary: 'Prometheus metrics',
    description: 'Needs a session, or `Authorization: Bearer <METRICS_TOKEN>`; open with METRICS_OPEN=1.',
    access: 'metrics',
    responses: { 200: { description: 'Prometheus text format', contentType: 'text/plain' } },
    handler: async (_req, reply) => {
      metrics.storageBytes.set(captures.totalBytes());
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    },
  });

  // ---- auth ----

  api.route({
    method: 'POST',
    url: '/api/auth/login',
    tag: 'auth',
    summary: 'Sign in; sets the HttpOnly session cookie',
    access: 'public',
    body: s.loginBody,
    responses: {
      200: json('signed in', s.loginResponseSchema),
      401: err('wrong user name or password'),
      429: err('too many failed sign-ins from this address for this user; see Retry-After'),
    },
    handler: async (req, reply, { body }) => {
      const user = await signIn({ limiter, users, log: httpLog }, body.username, body.password, req.ip);
      auth.login(reply, req, user.id);
      return { user: { name: user.name, role: user.role } };
    },
  });

  api.route({
    method: 'POST',
    url: '/api/auth/logout',
    tag: 'auth',
    summary: 'Sign out: ends the session and clears the cookie',
    access: 'public',
    responses: { 204: noContent },
    handler: (req, reply) => {
      auth.logout(reply, req);
      return reply.code(204).send();
    },
  });

  api.route({
    method: 'GET',
    url: '/api/auth/me',
    tag: 'auth',
    summary: 'Who am I, and must I sign in?',
    access: 'public',
    responses: { 200: json('the signed-in user or null', s.meSchema) },
    handler: (req) => ({
      user: req.user ? { name: req.user.name, role: req.user.role } : null,
      authRequired: !auth.openMode(),
    }),
  });

  // ---- cameras ----

  api.route({
    method: 'GET',
    url: '/api/cameras',
    tag: 'cameras',
    summary: 'All cameras with their live state',
    access: 'viewer',
    responses: { 200: json('cameras in display order', s.cameraSchema.array()) },
    handler: () => cameras.list(),
  });

  api.route({
    method: 'POST',
    url: '/api/cameras',
    tag: 'cameras',
    summary: 'Add a camera; its worker starts at once',
    access: 'admin',
    body: s.cameraBody,
    rawBody: true,
    responses: { 201: json('the new camera', s.cameraSchema), 409: err('the id is taken') },
    handler: async (req, reply) => reply.code(201).send(await cameras.create(req.body)),
  });

  let probes = 0;
  api.route({
    method: 'POST',
    url: '/api/cameras/probe',
    tag: 'cameras',
    summary: 'Grab one picture from a URL (check it before saving a camera)',
    description: 'Waits up to about 10 s. With `cameraId`, masked credentials (***) are taken from that camera.',
    access: 'admin',
    body: s.probeBody,
    responses: {
      200: jpeg('a JPEG picture from the source'),
      422: err('the source could not be read: `{ error: "url: <reason, credentials masked>" }`'),
      429: err('two probes are running already'),
    },
    handler: async (_req, reply, { body }) => {
      if (probes >= 2)
        throw new HttpError(429, 'probe: two probes are running; try again when they end', { 'Retry-After': '5' });
      probes++;
      try {
        const picture = await cameras.probe(body);
        return reply.type('image/jpeg').header('Cache-Control', 'no-store').send(picture);
      } finally {
        probes--;
      }
    },
  });

  api.route({
    method: 'GET',
    url: '/api/cameras/:id',
    tag: 'cameras',
    summary: 'One camera',
    access: 'viewer',
    params: s.cameraParams,
    responses: { 200: json('the camera', s.cameraSchema), 404: err('no such camera') },
    handler: (_req, _reply, { params }) =>
      cameras.get(params.id) ?? Promise.reject(notFound(`id: no camera with id ${params.id}`)),
  });

  api.route({
    method: 'PUT',
    url: '/api/cameras/:id',
    tag: 'cameras',
    summary: 'Replace a camera’s settings (omitted fields take their defaults)',
    description:
      'The object from GET may be sent back as is: status fields are ignored, and a masked URL keeps the stored credentials.',
    access: 'admin',
    params: s.cameraParams,
    body: s.cameraBody,
    rawBody: true,
    responses: { 200: json('the camera as saved', s.cameraSchema), 404: err('no such camera') },
    handler: (req, _reply, { params }) => cameras.replace(params.id, req.body),
  });

  api.route({
    method: 'PATCH',
    url: '/api/cameras/:id',
    tag: 'cameras',
    summary: 'Change some settings, e.g. `{ "enabled": false }`',
    description: 'Top-level fields replace the stored ones (nested objects such as ppe are replaced whole).',
    access: 'admin',
    params: s.cameraParams,
    body: s.cameraPatchBody,
    rawBody: true,
    responses: { 200: json('the camera as saved', s.cameraSchema), 404: err('no such camera') },
    handler: (req, _reply, { params }) => cameras.patch(params.id, req.body),
  });

  api.route({
    method: 'DELETE',
    url: '/api/cameras/:id',
    tag: 'cameras',
    summary: 'Delete a camera; its worker stops. Its captures are kept.',
    access: 'admin',
    params: s.cameraParams,
    responses: { 204: noContent, 404: err('no such camera') },
    handler: (_req, reply, { params }) => {
      cameras.remove(params.id);
      return reply.code(204).send();
    },
  });

  api.route({
    method: 'GET',
    url: '/api/cameras/:id/snapshot.jpg',
    tag: 'cameras',
    summary: 'The latest frame of a camera (JPEG, boxes drawn while detecting)',
    access: 'viewer',
    params: s.cameraParams,
    responses: {
      200: jpeg('the latest frame'),
      404: err('no such camera'),
      503: err('no frame yet (camera disabled, connecting or offline)'),
    },
    handler: async (_req, reply, { params }) => {
      const camera = cameras.get(params.id);
      if (!camera) throw notFound(`id: no camera with id ${params.id}`);
      const frame = camera.enabled ? await freshFrame(bus, params.id, 3000) : bus.latestFrame(params.id);
      if (!frame)
        throw new HttpError(
          503,
          camera.enabled ? 'camera: no frame from this camera yet' : 'camera: the camera is disabled',
        );
      return reply.type('image/jpeg').header('Cache-Control', 'no-store').send(frame);
    },
  });

  api.route({
    method: 'GET',
    url: '/api/cameras/:id/live.mjpeg',
    tag: 'cameras',
    summary: 'Live view as MJPEG (multipart/x-mixed-replace), for <img src>',
    access: 'viewer',
    params: s.cameraParams,
    responses: {
      200: { description: 'a JPEG per frame', contentType: 'multipart/x-mixed-replace' },
      404: err('no such camera'),
    },
    handler: (req, reply, { params }) => {
      if (!cameras.get(params.id)) throw notFound(`id: no camera with id ${params.id}`);
      reply.hijack();
      const viewer = new MjpegViewer(reply.raw);
      const latest = bus.latestFrame(params.id);
      if (latest) viewer.send(latest);
      const unsubscribe = bus.onFrame(params.id, (frame) => viewer.send(frame));
      req.raw.on('close', unsubscribe);
    },
  });

  // ---- violations ----

  api.route({
    method: 'GET',
    url: '/api/violations',
    tag: 'violations',
    summary: 'Captures, newest first, filtered and keyset-paged',
    access: 'viewer',
    query: s.violationsQuery,
    responses: { 200: json('a page; pass nextCursor as `before` for the next (older) one', s.capturePageSchema) },
    handler: (_req, _reply, { query }) => {
      try {
        const page = captures.list({ ...captureFilter(query), limit: query.limit, before: query.before });
        return { items: page.items.map(captureJson), nextCursor: page.nextCursor };
      } catch (e) {
        if (e instanceof RangeError) throw badRequest(e.message);
        throw e;
      }
    },
  });

  api.route({
    method: 'GET',
    url: '/api/violations.csv',
    tag: 'violations',
    summary: 'The same filters as /api/violations, as a CSV file (newest first)',
    access: 'viewer',
    query: s.csvQuery,
    responses: { 200: { description: 'text/csv; UTF-8 with BOM, CRLF lines', contentType: 'text/csv' } },
    handler: (_req, reply, { query }) => {
      const filter = captureFilter(query);
      const header = [
        'id',
        'time',
        'cameraId',
        'cameraName',
        'location',
        'zone',
        'kinds',
        'trackId',
        'confidence',
        'status',
        'reviewer',
        'reviewedAt',
        'note',
        'cropUrl',
        'frameUrl',
      ];
      function* lines(): Generator<string> {
        yield `\ufeff${csvRow(header)}`;
        let before: string | undefined;
        let left = query.limit;
        // Pages, not one open cursor: the connection stays free for other requests meanwhile.
        while (left > 0) {
          const page = captures.list({ ...filter, limit: Math.min(500, left), before });
          for (const c of page.items) {
            const j = captureJson(c);
            yield csvRow([
              j.id,
              j.time,
              j.cameraId,
              j.cameraName,
              j.location,
              j.zone,
              j.kinds.join('+'),
              j.trackId,
              j.confidence,
              j.status,
              j.reviewer,
              j.reviewedAt,
              j.note,
              j.cropUrl,
              j.frameUrl,
            ]);
          }
          left -= page.items.length;
          if (!page.nextCursor) break;
          before = page.nextCursor;
        }
      }
      const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="violations-${stamp}.csv"`)
        .header('Cache-Control', 'no-store')
        .send(Readable.from(lines()));
    },
  });

  api.route({
    method: 'GET',
    url: '/api/violations/:id',
    tag: 'violations',
    summary: 'One capture with its review history',
    access: 'viewer',
    params: s.captureParams,
    responses: { 200: json('the capture', s.captureDetailSchema), 404: err('no such capture') },
    handler: (_req, _reply, { params }) => {
      const capture = captures.get(params.id);
      if (!capture) throw notFound(`id: no violation with id ${params.id}`);
      return { ...captureJson(capture), history: captures.history(params.id).map(historyJson) };
    },
  });

  for (const image of ['crop', 'frame'] as const) {
    api.route({
      method: 'GET',
      url: `/api/violations/:id/${image}.jpg`,
      tag: 'violations',
      summary: image === 'crop' ? 'The person, cropped (JPEG)' : 'The whole frame with the person boxed (JPEG)',
      access: 'viewer',
      params: s.captureParams,
      responses: { 200: jpeg('the image'), 404: err('no such capture, or its file is gone') },
      handler: async (_req, reply, { params }) => {
        const capture = captures.get(params.id);
        if (!capture) throw notFound(`id: no violation with id ${params.id}`);
        // Paths come from our own rows, but never serve anything outside the capture folder.
        const file = archive.resolve(image === 'crop' ? capture.cropPath : capture.framePath);
        if (!file || !fs.existsSync(file)) throw notFound('image: the image file is missing');
        return reply
          .type('image/jpeg')
          .header('Cache-Control', 'private, max-age=86400')
          .send(fs.createReadStream(file));
      },
    });
  }

  api.route({
    method: 'POST',
    url: '/api/violations/:id/review',
    tag: 'violations',
    summary: 'Review a capture: new → acknowledged → resolved, or false-positive (from new or acknowledged)',
    description: 'Records who (the signed-in user) and when. A note, when given, replaces the capture’s note.',
    access: 'viewer',
    params: s.captureParams,
    body: s.reviewBody,
    responses: {
      200: json('the capture after the review', s.captureDetailSchema),
      404: err('no such capture'),
      409: err(
        'not allowed from the current status, e.g. `status: resolved is final; it cannot become false-positive`',
      ),
    },
    handler: (req, _reply, { params, body }) => {
      const note = body.note?.trim() ? body.note.trim() : undefined;
      const result = captures.review(params.id, body.status, req.user!.name, note);
      if (!result.ok) {
        if (result.reason === 'not-found') throw notFound(`id: no violation with id ${params.id}`);
        throw new HttpError(409, result.message);
      }
      live.emit('capture-updated', result.record);
      return { ...captureJson(result.record), history: captures.history(params.id).map(historyJson) };
    },
  });

  api.route({
    method: 'DELETE',
    url: '/api/violations/:id',
    tag: 'violations',
    summary: 'Delete a capture and its images',
    access: 'admin',
    params: s.captureParams,
    responses: { 204: noContent, 404: err('no such capture') },
    handler: async (req, reply, { params }) => {
      const removed = await archive.remove(params.id);
      if (!removed) throw notFound(`id: no violation with id ${params.id}`);
      httpLog.info({ capture: params.id, user: req.user?.name }, 'capture deleted');
      live.emit('capture-removed', { id: params.id });
      return reply.code(204).send();
    },
  });

  // ---- stats ----

  api.route({
    method: 'GET',
    url: '/api/stats',
    tag: 'stats',
    summary: 'Counts per camera, kind, status and UTC hour, and the compliance rate',
    description:
      'Range [from, to), default the last 24 h, at most 366 days. False positives are not counted as violations. ' +
      'complianceRate = 1 − peopleViolating / peopleJudged, both counted by the workers (a person with two kinds counts once).',
    access: 'viewer',
    query: s.statsQuery,
    responses: { 200: json('the statistics', s.statsSchema) },
    handler: (_req, _reply, { query }) => {
      const toMsValue = toMs(query.to) ?? Date.now();
      const fromMs = toMs(query.from) ?? toMsValue - 24 * 3_600_000;
      if (fromMs >= toMsValue) throw badRequest('from: must be before to');
      if (toMsValue - fromMs > 366 * 86_400_000) throw badRequest('from: the range may span at most 366 days');
      return computeStats(db, { fromMs, toMs: toMsValue, cameraId: query.cameraId }, cameras.names());
    },
  });

  // ---- live events ----

  api.route({
    method: 'GET',
    url: '/api/events',
    tag: 'events',
    summary: 'Server-sent events: capture, capture-updated, capture-removed, camera, camera-removed',
    access: 'viewer',
    responses: { 200: { description: 'text/event-stream', contentType: 'text/event-stream' } },
    handler: (req, reply) => {
      reply.hijack();
      const client = new SseClient(reply.raw);
      const listeners: Array<[string, (data: any) => void]> = [
        ['capture', (c: CaptureRecord) => client.send('capture', captureJson(c))],
        ['capture-updated', (c: CaptureRecord) => client.send('capture-updated', captureJson(c))],
        ['capture-removed', (d: { id: string }) => client.send('capture-removed', d)],
        ['camera', (c: unknown) => client.send('camera', c)],
        ['camera-removed', (d: { id: string }) => client.send('camera-removed', d)],
      ];
      for (const [event, fn] of listeners) live.on(event, fn);
      const unsubscribe = bus.onStatus((status) => {
        const camera = cameras.get(status.cameraId);
        if (camera) client.send('camera', camera);
      });
      req.raw.on('close', () => {
        for (const [event, fn] of listeners) live.off(event, fn);
        unsubscribe();
      });
    },
  });

  // ---- docs ----

  let doc: unknown;
  api.route({
    method: 'GET',
    url: '/api/docs',
    tag: 'docs',
    summary: 'This OpenAPI 3.1 document',
    access: 'viewer',
    responses: { 200: { description: 'OpenAPI 3.1 JSON', contentType: 'application/json' } },
    handler: () =>
      (doc ??= openApiDocument(api.routes, {
        title: 'CCTV Detection Factory API',
        version: '1',
        description:
          'Errors are `{ "error": "field: reason" }` with a 4xx status. Sign in with POST /api/auth/login (HttpOnly session cookie). ' +
          'x-access on each operation: public, viewer (any signed-in user), admin, metrics. See docs/api.md.',
      })),
  });

  // ---- the dashboard ----

  if (fs.existsSync(path.join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false });
    // Client-side routes load the app; unknown API paths stay JSON 404s.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
      return reply.code(404).send({ error: `path: no route ${req.method} ${req.url.split('?')[0]}` });
    });
  } else {
    app.setNotFoundHandler((req, reply) =>
      reply.code(404).send({ error: `path: no route ${req.method} ${req.url.split('?')[0]}` }),
    );
    app.get('/', async (_req, reply) =>
      reply.type('text/plain').send('The dashboard is not built. Run `npm run build`, then restart the server.'),
    );
  }
  return app;
}
