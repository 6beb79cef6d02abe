import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { SessionStore, SessionUser, UserStore } from '../store/users';
import { HttpError } from './http';

export const SESSION_COOKIE = 'cctv_session';

/** The name recorded as reviewer in open local mode, where nobody signs in. */
export const LOCAL_USER: SessionUser = { name: 'local', role: 'admin' };

declare module 'fastify' {
  interface FastifyRequest {
    /** Who makes the request: a signed-in user, the local user in open mode, or null. */
    user: SessionUser | null;
  }
}

/** True for hosts only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** The host name of a Host header (`127.0.0.1:8080`, `[::1]:8080`, `localhost`). */
function hostName(header: string | undefined): string {
  if (!header) return '';
  if (header.startsWith('[')) return header.slice(0, header.indexOf(']') + 1);
  return header.replace(/:\d+$/, '');
}

export interface AuthOptions {
  users: UserStore;
  sessions: SessionStore;
  /** The server listens on a loopback address only: with no users at all, everyone is the local admin. */
  loopbackBound: boolean;
  metricsOpen: boolean;
  metricsToken?: string;
}

/** Authentication and authorisation for every request, by each route's `access`. */
export class Auth {
  constructor(private readonly opts: AuthOptions) {}

  /** Open local mode: a fresh install with no users, reachable from this machine only. */
  openMode(): boolean {
    return this.opts.loopbackBound && this.opts.users.count() === 0;
  }

  userOf(req: FastifyRequest): SessionUser | null {
    if (this.openMode()) return LOCAL_USER;
    const token = req.cookies?.[SESSION_COOKIE];
    return token ? (this.opts.sessions.lookup(token) ?? null) : null;
  }

  /** The session token a request's access rests on; undefined in open mode, which needs none. */
  sessionTokenOf(req: FastifyRequest): string | undefined {
    return this.openMode() ? undefined : req.cookies?.[SESSION_COOKIE];
  }

  /** Whether access granted on `token` (see sessionTokenOf) would still be granted now. */
  stillGranted(token: string | undefined): boolean {
    return token === undefined ? this.openMode() : this.opts.sessions.isActive(token);
  }

  /** The onRequest hook: who is calling, and may they call this route? Throws a 401/403 HttpError. */
  check(req: FastifyRequest): void {
    const access = req.routeOptions.config?.access ?? 'public';
    const open = this.openMode();

    // A web page elsewhere must not drive this API with the user's cookie (or, in open mode,
    // with no cookie at all): refuse state changes from another origin.
    if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      const origin = req.headers.origin;
      const site = req.headers['sec-fetch-site'];
      if (site === 'cross-site' || (origin && origin !== 'null' && !sameOrigin(origin, req))) {
        throw new HttpError(403, 'origin: cross-site requests are refused');
      }
      if (origin === 'null') throw new HttpError(403, 'origin: cross-site requests are refused');
    }
    // Open mode trusts "anyone on this machine"; a DNS-rebinding page reaches 127.0.0.1 under a
    // foreign host name, so only loopback Host headers are served then.
    if (open && !isLoopbackHost(hostName(req.headers.host))) {
      throw new HttpError(403, 'host: this server has no users yet and answers only to localhost / 127.0.0.1');
    }

    req.user = this.userOf(req);
    if (access === 'public') return;
    if (access === 'metrics') {
      if (this.opts.metricsOpen || req.user || this.metricsTokenMatches(req.headers.authorization)) return;
      throw new HttpError(401, 'auth: sign in, or send the metrics token as a bearer token');
    }
    if (!req.user) throw new HttpError(401, 'auth: sign in first');
    if (access === 'admin' && req.user.role !== 'admin') throw new HttpError(403, 'auth: only an admin may do this');
  }

  private metricsTokenMatches(header: string | undefined): boolean {
    const token = this.opts.metricsToken;
    const m = /^Bearer (.+)$/.exec(header ?? '');
    if (!token || !m) return false;
    const digest = (s: string) => createHash('sha256').update(s).digest();
    return timingSafeEqual(digest(m[1]), digest(token));
  }

  /** Starts a session (ending the one the browser still had, if any) and sets its cookie. */
  login(reply: FastifyReply, req: FastifyRequest, userId: number): void {
    const previous = req.cookies?.[SESSION_COOKIE];
    if (previous) this.opts.sessions.remove(previous);
    const token = this.opts.sessions.create(userId);
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: req.protocol === 'https',
    });
  }

  logout(reply: FastifyReply, req: FastifyRequest): void {
    const token = req.cookies?.[SESSION_COOKIE];
    if (token) this.opts.sessions.remove(token);
    reply.clearCookie(SESSION_COOKIE, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: req.protocol === 'https',
    });
  }

  registerHook(app: FastifyInstance): void {
    app.decorateRequest('user', null);
    app.addHook('onRequest', async (req) => {
      this.check(req);
    });
  }
}

function sameOrigin(origin: string, req: FastifyRequest): boolean {
  try {
    // Hosts, not schemes: behind a TLS proxy the browser says https while this server sees http.
    return new URL(origin).host === req.host;
  } catch {
    return false;
  }
}
