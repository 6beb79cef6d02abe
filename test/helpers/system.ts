import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { sampleModel } from './media';
import { loadConfig } from '../../src/config/load';
import type { AppConfig } from '../../src/config/schema';
import { startSystem, type RunningSystem, type SystemOptions } from '../../src/system';

/** Starts the real system (workers, ffmpeg, model, SQLite) on a free port with a fresh data folder. */
process.env.LOG_LEVEL ??= 'warn';

export async function startTestSystem(
  overrides: Partial<AppConfig> = {},
  opts: SystemOptions = {},
): Promise<RunningSystem & { dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-system-'));
  const base = loadConfig({ env: { DATA_DIR: dataDir, PORT: '0' }, cwd: os.tmpdir() });
  // Plumbing tests: the fast model (verdict accuracy is asserted in test/eval).
  const model = { ...base.model, path: sampleModel };
  const config: AppConfig = { ...base, model, ...overrides, storage: { dir: dataDir } };
  const system = await startSystem(config, pino({ level: process.env.LOG_LEVEL ?? 'warn' }), opts);
  return { ...system, dataDir };
}

/** Reads `count` parts of a multipart/x-mixed-replace response: their headers and bodies. */
export function readMjpegParts(
  url: string,
  count: number,
  timeoutMs = 30_000,
): Promise<{ contentType: string; parts: Buffer[] }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, (res) => {
      const contentType = String(res.headers['content-type']);
      const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
      if (res.statusCode !== 200 || !boundary) {
        reject(new Error(`status ${res.statusCode}, content-type ${contentType}`));
        return;
      }
      let buffer = Buffer.alloc(0);
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (;;) {
          const start = buffer.indexOf(`--${boundary}\r\n`);
          const headerEnd = buffer.indexOf('\r\n\r\n', start);
          if (start < 0 || headerEnd < 0) break;
          const headers = buffer.subarray(start, headerEnd).toString();
          const length = Number(/Content-Length: (\d+)/i.exec(headers)?.[1]);
          const bodyStart = headerEnd + 4;
          if (buffer.length < bodyStart + length) break;
          parts.push(Buffer.from(buffer.subarray(bodyStart, bodyStart + length)));
          buffer = buffer.subarray(bodyStart + length);
        }
        if (parts.length >= count) {
          clearTimeout(timer);
          req.destroy();
          resolve({ contentType, parts: parts.slice(0, count) });
        }
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`fewer than ${count} MJPEG parts within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (err) => {
      if (!req.destroyed) reject(err);
    });
  });
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  what: string,
  pollMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
