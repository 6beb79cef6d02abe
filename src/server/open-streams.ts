import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Auth } from './auth';

/**
 * Ends responses still open when the session they were opened with has ended: live video and
 * event streams would otherwise keep delivering after a sign-out, a password change or a user's
 * removal. Those can happen in another process (the `user` CLI) writing the same database, so the
 * sessions of open responses are checked against it every `intervalMs`.
 */
export function endStreamsOfEndedSessions(app: FastifyInstance, auth: Auth, intervalMs = 2000): void {
  const open = new Map<ServerResponse, string | undefined>();
  // Added after the auth hook, so req.user is known. Public routes (sign-in, sign-out) are short.
  app.addHook('onRequest', async (req, reply) => {
    const access = req.routeOptions.config?.access ?? 'public';
    if (access === 'public' || !req.user) return;
    const res = reply.raw;
    open.set(res, auth.sessionTokenOf(req));
    res.once('close', () => open.delete(res));
  });
  const timer = setInterval(() => {
    const granted = new Map<string | undefined, boolean>();
    for (const [res, token] of open) {
      if (!granted.has(token)) granted.set(token, auth.stillGranted(token));
      if (granted.get(token)) continue;
      open.delete(res);
      res.destroy();
    }
  }, intervalMs);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
