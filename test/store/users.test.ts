import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db';
import { hashPassword, SessionStore, UserStore, verifyPassword } from '../../src/store/users';

const tempDb = () => openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-users-')), 'cctv.sqlite'));

describe('passwords', () => {
  it('are salted scrypt hashes that verify only the right password', async () => {
    const a = await hashPassword('same password');
    const b = await hashPassword('same password');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('same password');
    expect(await verifyPassword('same password', a)).toBe(true);
    expect(await verifyPassword('same passwore', a)).toBe(false);
    expect(await verifyPassword('same password', 'plain')).toBe(false);
  });
});

describe('users', () => {
  it('are unique by name regardless of case, and the last admin stays while others remain', async () => {
    const users = new UserStore(tempDb());
    await users.add('Alice', 'admin', 'alice password');
    await expect(users.add('alice', 'viewer', 'another password')).rejects.toThrow(/exists already/);
    await users.add('bob', 'viewer', 'bob password');
    expect(() => users.remove('alice')).toThrow(/last admin/);
    users.remove('bob');
    users.remove('alice'); // the very last user may go: back to open local mode / refusing to start
    expect(users.count()).toBe(0);
  });

  it('refuses weak passwords and odd names', async () => {
    const users = new UserStore(tempDb());
    await expect(users.add('carol', 'viewer', 'short')).rejects.toThrow(/at least 8/);
    await expect(users.add('../carol', 'viewer', 'long enough pw')).rejects.toThrow(/letters, digits/);
  });
});

describe('sessions', () => {
  it('expire after the idle time, are extended by use, and end with a new password', async () => {
    const db = tempDb();
    const users = new UserStore(db);
    const user = await users.add('dora', 'viewer', 'dora password');
    const sessions = new SessionStore(db, 60 * 60_000);
    const t0 = Date.UTC(2026, 0, 1);
    const token = sessions.create(user.id, t0);
    expect(sessions.lookup(token, t0 + 59 * 60_000)).toEqual({ name: 'dora', role: 'viewer' });
    // Used at 59 min: valid until 1h59.
    expect(sessions.lookup(token, t0 + 118 * 60_000)).toEqual({ name: 'dora', role: 'viewer' });
    expect(sessions.lookup(token, t0 + 118 * 60_000 + 61 * 60_000)).toBeUndefined();

    const fresh = sessions.create(user.id);
    expect(sessions.lookup(fresh)).toBeDefined();
    await users.setPassword('dora', 'new dora password');
    expect(sessions.lookup(fresh)).toBeUndefined();
    expect(sessions.lookup('')).toBeUndefined();
    expect(sessions.lookup('x'.repeat(500))).toBeUndefined();
  });
});
