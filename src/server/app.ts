import fs from 'node:fs';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { z } from 'zod';
import type { Bus } from '../bus/types';
import type { CaptureRecord, CaptureStore } from '../store/captures';
import type { CameraView } from '../supervisor/supervisor';
import { VIOLATION_KINDS } from '../domain';
import { MjpegViewer } from './mjpeg';
import { SseClient } from './sse';

/** What the server needs from the camera supervisor. */
export interface CameraDirectory {
  list(): CameraView[];
  get(id: string): CameraView | undefined;
}

export interface ServerDeps {
  bus: Bus;
  captures: CaptureStore;
  cameras: CameraDirectory;
  storageDir: string;
  webDir: string;
  /** New captures, as saved (the server announces them to live clients). */
  captureFeed: EventEmitter;
  logger?: boolean | object;
}

/** The API's view of a capture: image URLs instead of file paths. */
export function captureJson(c: CaptureRecord) {
  const { cropPath: _c, framePath: _f, ...fields } = c;
  return {
    ...fields,
    cropUrl: `/api/violations/${encodeURIComponent(c.id)}/crop.jpg`,
    frameUrl: `/api/violations/${encodeURIComponent(c.id)}/frame.jpg`,
  };
}

const violationsQuery = z.object({
  cameraId: z.string().max(64).optional(),
  kind: z.enum(VIOLATION_KINDS as [string, ...string[]]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().max(200).optional(),
});

function badRequest(reply: FastifyReply, error: string) {
  return reply.code(400).send({ error });
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { bus, captures, cameras, storageDir, webDir, captureFeed } = deps;
  const app = Fastify({ logger: deps.logger ?? false, bodyLimit: 1024 * 1024 });

  app.get('/health', async () => ({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) }));

  app.get('/api/cameras', async () => cameras.list());

  app.get<{ Params: { id: string } }>('/api/cameras/:id', async (req, reply) => {
    const camera = cameras.get(req.params.id);
    return camera ?? reply.code(404).send({ error: `no camera with id ${req.params.id}` });
  });

  app.get<{ Params: { id: string } }>('/api/cameras/:id/snapshot.jpg', async (req, reply) => {
    if (!cameras.get(req.params.id)) return reply.code(404).send({ error: `no camera with id ${req.params.id}` });
    const jpeg = bus.latestFrame(req.params.id);
    if (!jpeg) return reply.code(503).send({ error: 'no frame from this camera yet' });
    return reply.type('image/jpeg').header('Cache-Control', 'no-store').send(jpeg);
  });

  app.get<{ Params: { id: string } }>('/api/cameras/:id/live.mjpeg', (req, reply) => {
    const id = req.params.id;
    if (!cameras.get(id)) return reply.code(404).send({ error: `no camera with id ${id}` });
    reply.hijack();
    const viewer = new MjpegViewer(reply.raw);
    const latest = bus.latestFrame(id);
    if (latest) viewer.send(latest);
    const unsubscribe = bus.onFrame(id, (jpeg) => viewer.send(jpeg));
    req.raw.on('close', unsubscribe);
  });

  app.get('/api/violations', async (req, reply) => {
    const parsed = violationsQuery.safeParse(req.query);
    if (!parsed.success) {
      return badRequest(reply, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    }
    try {
      const page = captures.list(parsed.data as Parameters<CaptureStore['list']>[0]);
      return { items: page.items.map(captureJson), nextCursor: page.nextCursor };
    } catch (err) {
      if (err instanceof RangeError) return badRequest(reply, err.message);
      throw err;
    }
  });

  app.get<{ Params: { id: string } }>('/api/violations/:id', async (req, reply) => {
    const capture = captures.get(req.params.id);
    return capture ? captureJson(capture) : reply.code(404).send({ error: `no violation with id ${req.params.id}` });
  });

  app.get<{ Params: { id: string; image: string } }>('/api/violations/:id/:image', async (req, reply) => {
    const { id, image } = req.params;
    if (image !== 'crop.jpg' && image !== 'frame.jpg') return reply.code(404).send({ error: `no image ${image}` });
    const capture = captures.get(id);
    if (!capture) return reply.code(404).send({ error: `no violation with id ${id}` });
    const file = path.resolve(storageDir, image === 'crop.jpg' ? capture.cropPath : capture.framePath);
    // Paths come from our own rows, but never serve anything outside the storage folder.
    if (!file.startsWith(path.resolve(storageDir) + path.sep) || !fs.existsSync(file)) {
      return reply.code(404).send({ error: 'image file missing' });
    }
    return reply.type('image/jpeg').header('Cache-Control', 'private, max-age=86400').send(fs.createReadStream(file));
  });

  app.get('/api/events', (req, reply) => {
    reply.hijack();
    const client = new SseClient(reply.raw);
    const onCapture = (c: CaptureRecord) => client.send('capture', captureJson(c));
    captureFeed.on('capture', onCapture);
    const unsubscribe = bus.onStatus((s) => {
      const camera = cameras.get(s.cameraId);
      if (camera) client.send('camera', camera);
    });
    req.raw.on('close', () => {
      captureFeed.off('capture', onCapture);
      unsubscribe();
    });
  });

  if (fs.existsSync(path.join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false });
    // Client-side routes load the app; unknown API paths stay JSON 404s.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
      return reply.code(404).send({ error: `no route ${req.method} ${req.url.split('?')[0]}` });
    });
  } else {
    app.get('/', async (_req, reply) =>
      reply.type('text/plain').send('The dashboard is not built. Run `npm run build`, then restart the server.'),
    );
  }
  return app;
}
