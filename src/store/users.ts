import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';
import type { Db } from './db';

export type Role = 'admin' | 'viewer';
export const ROLES: readonly Role[] = ['admin', 'viewer'];

export interface User {
  id: number;
  name: string;
  role: Role;
  createdAt: string;
  updatedAt: string;
}

export const userNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'letters, digits and . _ @ - only, at most 64 characters');

export const passwordSchema = z.string().min(8, 'at least 8 characters').max(1024, 'at most 1024 characters');

// ---- passwords: scrypt, salted, compared in constant time ----

const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 64 };

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p, keyLength } = SCRYPT;
  const key = await scryptAsync(password, salt, keyLength, { N, r, p });
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltB64, keyB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const actual = await scryptAsync(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash nobody's password matches, checked for unknown users so a login takes as long either way. */
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

// ---- users ----

interface UserRow {
  id: number;
  name: string;
  role: Role;
  password_hash: string;
  created_at: string;
  updated_at: string;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  name: r.name,
  role: r.role,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class UserError extends Error {
  override name = 'UserError';
}

export class UserStore {
  constructor(private readonly db: Db) {}

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }

  list(): User[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY name').all() as UserRow[]).map(toUser);
  }

  get(name: string): User | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
    return row && toUser(row);
  }

  async add(name: string, role: Role, password: string): Promise<User> {
    userNameSchema.parse(name);
    passwordSchema.parse(password);
    if (this.get(name)) throw new UserError(`a user named ${name} exists already`);
    const hash = await hashPassword(password);
    const now = new Date().toISOString();
    try {
      this.db
        .prepare('INSERT INTO users (name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(name, role, hash, now, now);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
        throw new UserError(`a user named ${name} exists already`);
      throw err;
    }
    return this.get(name)!;
  }

  /** Sets a new password and ends every session of the user. */
  async setPassword(name: string, password: string): Promise<void> {
    passwordSchema.parse(password);
    const user = this.get(name);
    if (!user) throw new UserError(`no user named ${name}`);
    const hash = await hashPassword(password);
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?')
        .run(hash, new Date().toISOString(), user.id);
      this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(user.id);
    })();
  }

  /** Removes a user and their sessions. The last admin cannot be removed while other users remain. */
  remove(name: string): void {
    this.db.transaction(() => {
      const user = this.get(name);
      if (!user) throw new UserError(`no user named ${name}`);
      if (user.role === 'admin') {
        const admins = (this.db.prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'admin'").get() as { n: number })
          .n;
        if (admins === 1 && this.count() > 1) {
          throw new UserError(
            `${name} is the last admin; add another admin first (nobody could change cameras otherwise)`,
          );
        }
      }
      this.db.prepare('DELETE FROM users WHERE id = ?').run(user.id);
    })();
  }

  /** The user when name and password match; checks a dummy hash for unknown names (same timing). */
  async verify(name: string, password: string): Promise<User | undefined> {
    const row = this.db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
    const ok = await verifyPassword(password, row?.password_hash ?? (await getDummyHash()));
    return ok && row ? toUser(row) : undefined;
  }
}

// ---- sessions ----

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionUser {
  name: string;
  role: Role;
}

/** Sessions with a sliding expiry. Only the SHA-256 of a token is stored: a leaked database opens no session. */
export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly lifetimeMs: number,
  ) {}

  create(userId: number, now = Date.now()): string {
    const token = randomBytes(32).toString('base64url');
    this.db
      .prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(hashToken(token), userId, now, now + this.lifetimeMs);
    // Expired sessions are dropped as new ones are made.
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
    return token;
  }

  /** The session's user, extending the session; undefined when unknown or expired. */
  lookup(token: string, now = Date.now()): SessionUser | undefined {
    if (!token || token.length > 200) return undefined;
    const key = hashToken(token);
    const row = this.db
      .prepare(
        `SELECT u.name, u.role, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ? AND s.expires_at > ?`,
      )
      .get(key, now) as { name: string; role: Role; expires_at: number } | undefined;
    if (!row) return undefined;
    // Write at most about once a minute per session.
    if (now + this.lifetimeMs - row.expires_at > 60_000) {
      this.db.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?').run(now + this.lifetimeMs, key);
    }
    return { name: row.name, role: row.role };
  }

  /** Whether the session still exists and has not expired; unlike lookup, does not extend it. */
  isActive(token: string, now = Date.now()): boolean {
    return (
      this.db.prepare('SELECT 1 FROM sessions WHERE token_hash = ? AND expires_at > ?').get(hashToken(token), now) !==
      undefined
    );
  }

  remove(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hashToken(token));
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM sessions').get() as { n: number }).n;
  }
}
