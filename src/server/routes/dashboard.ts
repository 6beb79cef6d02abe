import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestPath } from '../http';

/** Answer for a path no route has: the API's JSON error. */
const noRoute = (req: FastifyRequest, reply: FastifyReply) =>
  reply.code(404).send({ error: `path: no route ${req.method} ${requestPath(req)}` });

/** The built dashboard from `webDir` at `/` (or a note that it is not built), and the answer for unknown paths. */
export async function registerDashboard(app: FastifyInstance, webDir: string): Promise<void> {
  if (fs.existsSync(path.join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false });
    // Client-side routes load the app; unknown API paths stay JSON 404s.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
      return noRoute(req, reply);
    });
  } else {
    app.setNotFoundHandler(noRoute);
    app.get('/', async (_req, reply) =>
      reply.type('text/plain').send('The dashboard is not built. Run `npm run build`, then restart the server.'),
    );
  }
}
