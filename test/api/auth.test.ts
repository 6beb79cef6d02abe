import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/config/paths';
import { ADMIN, Client, rawRequest, saveCapture, startApi, startWithUsers, VIEWER, type TestSystem } from './helpers';

describe('sign-in and sessions', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startWithUsers();
  });
  afterAll(async () => {
    await system?.close();
  });

  it('signs in with a HttpOnly, SameSite=Strict session cookie and signs out', async () => {
    const client = new Client(system.url);
    expect((await client.get('/api/auth/me')).json).toEqual({ user: null, authRequired: true });

    const res = await client.login(ADMIN.name, ADMIN.password);
    expect(res.json).toEqual({ user: { name: ADMIN.name, role: 'admin' } });
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^cctv_session=[A-Za-z0-9_-]{40,};/);
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Strict/i);
    expect(setCookie).toMatch(/; Path=\//i);
    expect(setCookie).not.toMatch(/Secure/i); // plain http here; see the proxy test below
    const token = client.cookie!.split('=')[1];
    expect(res.text).not.toContain(token);
    // Only a hash of the token is stored.
    const stored = system.db.prepare('SELECT token_hash FROM sessions').all() as { token_hash: string }[];
    expect(stored.some((r) => r.token_hash === token)).toBe(false);
    expect(stored).toHaveLength(1);

    expect((await client.get('/api/auth/me')).json).toEqual({
      user: { name: ADMIN.name, role: 'admin' },
      authRequired: true,
    });
    expect((await client.get('/api/cameras')).status).toBe(200);

    const stolen = client.cookie;
    const out = await client.post('/api/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/cctv_session=;.*Expires=Thu, 01 Jan 1970/i);
    const replay = new Client(system.url);
    replay.cookie = stolen;
    expect((await replay.get('/api/cameras')).status).toBe(401);
  });

  it('gives the same answer for a wrong password and an unknown user', async () => {
    const client = new Client(system.url);
    const wrong = await client.post('/api/auth/login', { username: ADMIN.name, password: 'nope nope nope' });
    const unknown = await client.post('/api/auth/login', { username: 'mallory', password: 'nope nope nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.json).toEqual(unknown.json);
    expect(wrong.json.error).toBe('auth: wrong user name or password');
    expect(client.cookie).toBeUndefined();
  });

  it('blocks a user name from an address after 5 failed sign-ins, even with the right password', async () => {
    const client = new Client(system.url);
    for (let i = 0; i < 5; i++) {
      expect(
        (await client.post('/api/auth/login', { username: VIEWER.name, password: `guess ${i} guess` })).status,
      ).toBe(401);
    }
    const blocked = await client.post('/api/auth/login', { username: VIEWER.name, password: VIEWER.password });
    expect(blocked.status).toBe(429);
    expect(blocked.json.error).toMatch(/^auth: too many failed sign-ins; try again in 15 min/);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(client.cookie).toBeUndefined();
    // Another user from the same address is not locked out by it.
    await new Client(system.url).login(ADMIN.name, ADMIN.password);
  });

  it('never writes passwords, session tokens or camera credentials to the log', async () => {
    const client = new Client(system.url);
    await client.login(ADMIN.name, ADMIN.password);
    await client.post('/api/cameras', {
      id: 'secretcam',
      name: 'S',
      url: 'rtsp://admin:Sup3rSecret@127.0.0.1:1/s',
      enabled: false,
    });
    await client.get('/api/cameras');
    await client.post('/api/cameras/probe', { url: 'rtsp://admin:Sup3rSecret@127.0.0.1:1/s' });
    const logs = system.logs();
    expect(logs).toContain('signed in'); // the log is being written
    expect(logs).not.toContain(ADMIN.password);
    expect(logs).not.toContain(client.cookie!.split('=')[1]);
    expect(logs).not.toContain('Sup3rSecret');
    expect(logs).not.toMatch(/cookie/i);
  });
});

describe('sessions end', () => {
  it('after the configured idle time', async () => {
    const system = await startWithUsers({ env: { SESSION_HOURS: String(1 / 3600) } });
    try {
      const client = new Client(system.url);
      await client.login(ADMIN.name, ADMIN.password);
      expect((await client.get('/api/cameras')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1300));
      expect((await client.get('/api/cameras')).status).toBe(401);
    } finally {
      await system.close();
    }
  });

  it('gets the Secure flag behind a TLS proxy (TRUST_PROXY=1)', async () => {
    const system = await startWithUsers({ env: { TRUST_PROXY: '1' } });
    try {
      const res = await new Client(system.url).post(
        '/api/auth/login',
        { username: ADMIN.name, password: ADMIN.password },
        { 'x-forwarded-proto': 'https' },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toMatch(/; Secure/i);
    } finally {
      await system.close();
    }
  });
});

describe('open local mode', () => {
  it('lets everyone on this machine in as admin while no user exists, and ends once one does', async () => {
    const system = await startApi();
    try {
      const client = new Client(system.url);
      expect((await client.get('/api/auth/me')).json).toEqual({
        user: { name: 'local', role: 'admin' },
        authRequired: false,
      });
      expect((await client.get('/api/cameras')).status).toBe(200);
      const capture = await saveCapture(system);
      const reviewed = await client.post(`/api/violations/${capture.id}/review`, { status: 'acknowledged' });
      expect(reviewed.json).toMatchObject({ status: 'acknowledged', reviewer: 'local' });

      // A DNS-rebinding page reaches 127.0.0.1 under its own host name: refused.
      const rebound = await rawRequest(system.url, 'GET', '/api/cameras', { host: 'evil.example' });
      expect(rebound.status).toBe(403);
      expect(JSON.parse(rebound.body).error).toMatch(/^host: /);

      await system.users.add('first', 'admin', 'first admin pw');
      expect((await client.get('/api/auth/me')).json).toEqual({ user: null, authRequired: true });
      expect((await client.get('/api/cameras')).status).toBe(401);
    } finally {
      await system.close();
    }
  });

  it('refuses to start on a reachable address without users, saying how to add one', async () => {
    const promise = startApi({ overrides: { host: '0.0.0.0' } });
    await expect(promise).rejects.toThrow(/Refusing to start: the server would listen on 0\.0\.0\.0/);
    await expect(promise).rejects.toThrow(/ADMIN_USER and ADMIN_PASSWORD/);
    await expect(promise).rejects.toThrow(/user add <name> --role admin/);
  });

  it('starts on a reachable address with the first admin from ADMIN_USER/ADMIN_PASSWORD, and never resets it', async () => {
    const system = await startApi({
      overrides: { host: '0.0.0.0' },
      env: { ADMIN_USER: 'root', ADMIN_PASSWORD: 'first password' },
    });
    const dataDir = system.dataDir;
    try {
      const url = system.url.replace('0.0.0.0', '127.0.0.1');
      const client = new Client(url);
      expect((await client.get('/api/auth/me')).json).toEqual({ user: null, authRequired: true });
      expect((await client.get('/api/cameras')).status).toBe(401);
      await client.login('root', 'first password');
      expect((await client.get('/api/cameras')).status).toBe(200);
      expect(system.logs()).not.toContain('first password');
    } finally {
      await system.close();
    }
    const again = await startApi({
      dataDir,
      overrides: { host: '0.0.0.0' },
      env: { ADMIN_USER: 'root', ADMIN_PASSWORD: 'another password' },
    });
    try {
      const client = new Client(again.url.replace('0.0.0.0', '127.0.0.1'));
      expect((await client.post('/api/auth/login', { username: 'root', password: 'another password' })).status).toBe(
        401,
      );
      await client.login('root', 'first password');
    } finally {
      await again.close();
    }
  });

  it('refuses a too short ADMIN_PASSWORD at start', async () => {
    await expect(startApi({ env: { ADMIN_USER: 'root', ADMIN_PASSWORD: 'short' } })).rejects.toThrow(
      /ADMIN_PASSWORD: at least 8 characters/,
    );
  });
});

describe('the user command', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-cli-'));

  function cli(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
    return new Promise((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(repoRoot, 'src', 'cli.ts'), 'user', ...args],
        {
          cwd: repoRoot,
          env: { ...process.env, DATA_DIR: dataDir, CCTV_CONFIG: '' },
        },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (c) => (out += c));
      child.stderr.on('data', (c) => (err += c));
      child.stdin.end(stdin);
      child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    });
  }

  it('adds the first admin (password from stdin), which ends open mode in a running server', async () => {
    const system = await startApi({ dataDir });
    try {
      const client = new Client(system.url);
      expect((await client.get('/api/auth/me')).json.authRequired).toBe(false);

      const short = await cli(['add', 'boss', '--role', 'admin'], 'short\n');
      expect(short.code).toBe(1);
      expect(short.err).toMatch(/password: at least 8 characters/);

      const added = await cli(['add', 'boss', '--role', 'admin'], 'boss password 1\n');
      expect(added.err).toBe('');
      expect(added.out).toMatch(/Added admin boss/);
      expect((await client.get('/api/auth/me')).json.authRequired).toBe(true);
      await client.login('boss', 'boss password 1');

      expect((await cli(['add', 'eve', '--role', 'viewer'], 'eve password 1\n')).code).toBe(0);
      const list = await cli(['list']);
      expect(list.out).toMatch(/boss\s+admin/);
      expect(list.out).toMatch(/eve\s+viewer/);
      expect(list.out).not.toMatch(/password/);

      // A new password ends the user's sessions.
      expect((await cli(['passwd', 'boss'], 'boss password 2\n')).code).toBe(0);
      expect((await client.get('/api/cameras')).status).toBe(401);
      await client.login('boss', 'boss password 2');

      const lastAdmin = await cli(['remove', 'boss']);
      expect(lastAdmin.code).toBe(1);
      expect(lastAdmin.err).toMatch(/last admin/);
      expect((await cli(['remove', 'eve'])).code).toBe(0);
      expect((await cli(['list'])).out).not.toMatch(/eve/);
      expect((await cli(['add', 'x', '--role', 'superuser'], 'whatever pw\n')).err).toMatch(
        /--role admin or --role viewer/,
      );
    } finally {
      await system.close();
    }
  });
});
