import type { Logger } from 'pino';
import type { UserStore } from '../../store/users';
import type { Auth } from '../auth';
import { errorResponse, jsonResponse, NO_CONTENT, type ApiRouter } from '../router';
import {
  loginBody,
  loginResponseSchema,
  meSchema,
  type LoginResponseJson,
  type MeJson,
  type UserJson,
} from '../schemas';
import { signIn, type LoginLimiter } from '../sign-in';

export interface AuthRouteDeps {
  users: UserStore;
  auth: Auth;
  limiter: LoginLimiter;
  log: Logger;
}

/** A user as the API shows it: name and role, nothing of the password or session. */
const userJson = (user: UserJson): UserJson => ({ name: user.name, role: user.role });

/** Sign-in, sign-out and who is signed in. */
export function registerAuthRoutes(api: ApiRouter, { users, auth, limiter, log }: AuthRouteDeps): void {
  api.route({
    method: 'POST',
    url: '/api/auth/login',
    tag: 'auth',
    summary: 'Sign in; sets the HttpOnly session cookie',
    access: 'public',
    body: loginBody,
    responses: {
      200: jsonResponse('signed in', loginResponseSchema),
      401: errorResponse('wrong user name or password'),
      429: errorResponse('too many failed sign-ins from this address for this user; see Retry-After'),
    },
    handler: async (req, reply, { body }): Promise<LoginResponseJson> => {
      const user = await signIn({ limiter, users, log }, body.username, body.password, req.ip);
      auth.login(reply, req, user.id);
      return { user: userJson(user) };
    },
  });

  api.route({
    method: 'POST',
    url: '/api/auth/logout',
    tag: 'auth',
    summary: 'Sign out: ends the session and clears the cookie',
    access: 'public',
    responses: { 204: NO_CONTENT },
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
    responses: { 200: jsonResponse('the signed-in user or null', meSchema) },
    handler: (req): MeJson => ({
      user: req.user ? userJson(req.user) : null,
      authRequired: !auth.openMode(),
    }),
  });
}
