import { createHmac, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { User, UserStore } from '../store/users';
import { HttpError } from './http';

export interface LoginLimits {
  /** Guesses for one user name from one address per window. */
  perUser: number;
  /** Guesses for any names from one address per window. */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perUser: 5, perAddress: 20, windowMs: 15 * 60_000 };

/** A guess that may be checked; one that succeeds gives its places back. */
export type LoginTicket = { granted: true; succeeded(): void } | { granted: false; retryAfterSeconds: number };

/**
 * Password guesses per user name + client address, and per address, within a window. A guess takes
 * its place before the password is checked and keeps it if it fails, so guesses sent in parallel
 * count as they arrive: at most `perUser` (`perAddress`) are ever checked in a window.
 */
export class LoginLimiter {
  private readonly guesses = new Map<string, Array<{ at: number }>>();

  constructor(
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  begin(name: string, address: string): LoginTicket {
    const t = this.now();
    const userKey = `user|${name.toLowerCase()}|${address}`;
    const addressKey = `ip|${address}`;
    const wait = Math.max(this.wait(userKey, this.limits.perUser, t), this.wait(addressKey, this.limits.perAddress, t));
    if (wait > 0) return { granted: false, retryAfterSeconds: wait };
    const guess = { at: t };
    for (const key of [userKey, addressKey]) this.guesses.set(key, [...this.recent(key, t), guess]);
    if (this.guesses.size > 10_000) this.prune(t);
    return {
      granted: true,
      succeeded: () => {
        this.guesses.delete(userKey);
        const left = (this.guesses.get(addressKey) ?? []).filter((g) => g !== guess);
        if (left.length) this.guesses.set(addressKey, left);
        else this.guesses.delete(addressKey);
      },
    };
  }

  /** Seconds until the oldest of the last `max` guesses leaves the window, or 0 below the limit. */
  private wait(key: string, max: number, t: number): number {
    const list = this.recent(key, t);
    return list.length >= max
      ? Math.max(1, Math.ceil((list[list.length - max].at + this.limits.windowMs - t) / 1000))
      : 0;
  }

  private recent(key: string, t: number): Array<{ at: number }> {
    const list = (this.guesses.get(key) ?? []).filter((g) => g.at > t - this.limits.windowMs);
    if (list.length) this.guesses.set(key, list);
    else this.guesses.delete(key);
    return list;
  }

  private prune(t: number): void {
    for (const key of [...this.guesses.keys()]) this.recent(key, t);
  }
}

/** Per process: the log can tell repeated names apart, but a name typed there cannot be looked up. */
const logKey = randomBytes(32);

/** How a typed user name appears in the log: people type passwords into the name field. */
function loggedName(typed: string): string {
  return `#${createHmac('sha256', logKey).update(typed.toLowerCase()).digest('hex').slice(0, 12)}`;
}

export interface SignInDeps {
  limiter: LoginLimiter;
  users: UserStore;
  log: Logger;
}

/** Checks a sign-in within the limits; throws the 429 or 401 the client gets. */
export async function signIn(deps: SignInDeps, name: string, password: string, address: string): Promise<User> {
  const ticket = deps.limiter.begin(name, address);
  if (!ticket.granted) {
    const wait = ticket.retryAfterSeconds;
    throw new HttpError(429, `auth: too many failed sign-ins; try again in ${Math.ceil(wait / 60)} min`, {
      'Retry-After': String(wait),
    });
  }
  const user = await deps.users.verify(name, password);
  if (!user) {
    // An existing account's name is no secret; anything else typed might be a password.
    const account = deps.users.get(name)?.name;
    deps.log.warn({ ...(account ? { user: account } : { typed: loggedName(name) }), ip: address }, 'sign-in failed');
    throw new HttpError(401, 'auth: wrong user name or password');
  }
  ticket.succeeded();
  deps.log.info({ user: user.name, ip: address }, 'signed in');
  return user;
}
