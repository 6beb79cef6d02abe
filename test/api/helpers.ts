import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import sharp from 'sharp';
import { sampleModel } from '../helpers/media';
import { loadConfig } from '../../src/config/load';
import type { AppConfig } from '../../src/config/schema';
import type { CaptureEvent } from '../../src/domain/events';
import type { CaptureRecord } from '../../src/store/captures';
import { startSystem, type RunningSystem, type SystemOptions } from '../../src/system';

// Camera workers log to the test output; keep it to warnings.
process.env.LOG_LEVEL ??= 'warn';

export { sampleVideo as SAMPLE_VIDEO } from '../helpers/media';

export interface TestSystem extends RunningSystem {
  dataDir: string;
  config: AppConfig;
  /** Everything the server logged, as text. */
  logs(): string;
}

export interface StartOptions {
  /** Environment for the config (ADMIN_USER, METRICS_TOKEN, RETENTION_DAYS, …). */
  env?: Record<string, string>;
  overrides?: Partial<AppConfig>;
  /** Reuse a data folder (a restart). */
  dataDir?: string;
  system?: SystemOptions;
}

/** Starts the real system (SQLite in a temp folder, real Fastify, real supervisor) with no cameras unless given. */
export async function startApi(opts: StartOptions = {}): Promise<TestSystem> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-api-'));
  const base = loadConfig({ env: { DATA_DIR: dataDir, PORT: '0', ...opts.env }, cwd: os.tmpdir() });
  // Plumbing tests: the fast model (verdict accuracy is asserted in test/eval).
  const model = { ...base.model, path: sampleModel };
  const config: AppConfig = { ...base, model, cameras: [], ...opts.overrides, storage: { dir: dataDir } };
  let text = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  const log = pino({ level: 'debug' }, sink);
  // Embedded mode whatever the outer environment says (REDIS_URL is for the Redis tests).
  const system = await startSystem(config, log, { env: {}, ...opts.system });
  return { ...system, dataDir, config, logs: () => text };
}

export async function jpeg(color = '#c33', width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

// Recent enough that the 30-day retention keeps them.
let clock = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 86_400_000;

/** Saves a capture through the real archive (files, then row), minutes apart so dedup never merges them. */
export async function saveCapture(system: RunningSystem, over: Partial<CaptureEvent> = {}): Promise<CaptureRecord> {
  clock += 5 * 60_000;
  const event: CaptureEvent = {
    id: randomUUID(),
    time: new Date(clock).toISOString(),
    cameraId: 'cam-a',
    cameraName: 'Camera A',
    location: 'Yard',
    trackId: Math.floor(Math.random() * 1000),
    kinds: ['no-helmet'],
    confidence: 0.87,
    box: [10, 10, 40, 90],
    crop: await jpeg('#a22', 32, 64),
    frame: await jpeg('#2a2', 96, 64),
    ...over,
  };
  const { outcome, record } = await system.archive.save(event);
  if (outcome !== 'saved' || !record) throw new Error(`capture not saved: ${outcome}`);
  return record;
}

export interface Res {
  status: number;
  headers: Headers;
  body: Buffer;
  text: string;
  json: any;
}

/** A browser-like client: keeps the session cookie it is given. */
export class Client {
  cookie?: string;

  constructor(readonly base: string) {}

  async req(
    method: string,
    url: string,
    opts: { json?: unknown; body?: string; headers?: Record<string, string> } = {},
  ): Promise<Res> {
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookie) headers.cookie = this.cookie;
    let body: string | undefined = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${this.base}${url}`, { method, headers, body, redirect: 'manual' });
    const buf = Buffer.from(await res.arrayBuffer());
    const text = buf.toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0];
      this.cookie = pair.endsWith('=') ? undefined : pair;
    }
    return { status: res.status, headers: res.headers, body: buf, text, json };
  }

  get(url: string, headers?: Record<string, string>) {
    return this.req('GET', url, { headers });
  }
  post(url: string, json?: unknown, headers?: Record<string, string>) {
    return this.req('POST', url, { json, headers });
  }
  put(url: string, json?: unknown) {
    return this.req('PUT', url, { json });
  }
  patch(url: string, json?: unknown) {
    return this.req('PATCH', url, { json });
  }
  delete(url: string) {
    return this.req('DELETE', url);
  }

  async login(username: string, password: string): Promise<Res> {
    const res = await this.post('/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
    return res;
  }
}

/** A request with the path sent exactly as written (fetch would normalise `..`). */
export function rawRequest(
  base: string,
  method: string,
  rawPath: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: rawPath, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Everything a request must not change: every table a user sees and the capture files. */
export function snapshotState(system: TestSystem) {
  const rows = (sql: string) => system.db.prepare(sql).all();
  const files: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else files.push(`${path.relative(system.dataDir, full)}:${fs.statSync(full).size}`);
    }
  };
  walk(path.join(system.dataDir, 'captures'));
  return {
    captures: rows('SELECT * FROM captures ORDER BY id'),
    reviews: rows('SELECT * FROM capture_reviews ORDER BY id'),
    cameras: rows('SELECT id, config FROM cameras ORDER BY id'),
    users: rows('SELECT name, role, password_hash FROM users ORDER BY name'),
    files: files.sort(),
  };
}

export const ADMIN = { name: 'alice', password: 'correct horse battery' };
export const VIEWER = { name: 'victor', password: 'viewer password 1' };

/** A system with an admin (from the environment) and a viewer. */
export async function startWithUsers(opts: StartOptions = {}): Promise<TestSystem> {
  const system = await startApi({
    ...opts,
    env: { ADMIN_USER: ADMIN.name, ADMIN_PASSWORD: ADMIN.password, ...opts.env },
  });
  if (!system.users.get(VIEWER.name)) await system.users.add(VIEWER.name, 'viewer', VIEWER.password);
  return system;
}

/** A client signed in as `user`. */
export async function signedIn(system: RunningSystem, user: { name: string; password: string }): Promise<Client> {
  const client = new Client(system.url);
  await client.login(user.name, user.password);
  return client;
}

/** An admin's and a viewer's browser-like clients, signed in (the users of startWithUsers). */
export async function signedInClients(system: TestSystem): Promise<{ admin: Client; viewer: Client }> {
  return { admin: await signedIn(system, ADMIN), viewer: await signedIn(system, VIEWER) };
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
