// Doctor checks of the machine: tools, storage, the listening port, Redis, the dashboard build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { maskUrl } from '../ingest/mask-url';
import { webDir } from '../runtime';
import { check, type CheckResult } from './check';

const GiB = 1024 ** 3;
/** Below this much free space captures soon stop being saved. */
const LOW_SPACE_BYTES = GiB;

export function checkNode(): CheckResult {
  const major = Number(process.versions.node.split('.')[0]);
  return major >= 20
    ? check('node', 'ok', `${process.version}`)
    : check('node', 'fail', `${process.version}: Node 20 or newer is needed`);
}

/** `ffmpeg -version` / `ffprobe -version`: present on PATH, and which version. */
export function checkTool(tool: 'ffmpeg' | 'ffprobe'): CheckResult {
  const run = spawnSync(tool, ['-version'], { encoding: 'utf8', timeout: 10_000 });
  if (run.error) {
    const missing = (run.error as NodeJS.ErrnoException).code === 'ENOENT';
    return missing
      ? check(tool, 'fail', 'not found on PATH (Debian: apt-get install ffmpeg)')
      : check(tool, 'fail', run.error.message);
  }
  const version = /version (\S+)/.exec(run.stdout)?.[1];
  if (run.status !== 0 || !version) return check(tool, 'fail', `\`${tool} -version\` failed (exit ${run.status})`);
  return check(tool, 'ok', `version ${version}`);
}

export function checkDashboard(): CheckResult {
  return fs.existsSync(path.join(webDir, 'index.html'))
    ? check('dashboard', 'ok', webDir)
    : check('dashboard', 'warn', `not built (${webDir}): run \`npm run build\`; the API works without it`);
}

const formatBytes = (bytes: number) =>
  bytes >= GiB ? `${(bytes / GiB).toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;

/** The data folder: writable (or creatable), and how much space is free. */
export function checkStorage(dir: string): CheckResult {
  const name = 'data folder';
  let existing = dir;
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  try {
    if (!fs.statSync(existing).isDirectory()) return check(name, 'fail', `${existing} is not a folder`);
    if (existing === dir) {
      const probe = path.join(dir, `.cctv-doctor-${process.pid}`);
      fs.writeFileSync(probe, '');
      fs.rmSync(probe);
    } else fs.accessSync(existing, fs.constants.W_OK);
  } catch (err) {
    return check(
      name,
      'fail',
      `${dir}: cannot write (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  const stats = fs.statfsSync(existing);
  const free = stats.bavail * stats.bsize;
  const where = existing === dir ? `${dir}: writable` : `${dir}: will be created in ${existing}`;
  return free < LOW_SPACE_BYTES
    ? check(name, 'warn', `${where}, only ${formatBytes(free)} free: captures stop when the disk is full`)
    : check(name, 'ok', `${where}, ${formatBytes(free)} free`);
}

/** Whether `cctv serve` could listen on host:port. */
export async function checkPort(host: string, port: number): Promise<CheckResult> {
  const name = 'port';
  if (port === 0) return check(name, 'skip', 'port 0: the server takes any free port');
  const where = `${host}:${port}`;
  const failure = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    const server = net.createServer();
    server.once('error', resolve);
    server.listen(port, host, () => server.close(() => resolve(undefined)));
  });
  if (!failure) return check(name, 'ok', `${where} is free`);
  if (failure.code === 'EADDRINUSE') {
    const ours = await answersHealth(host, port);
    return ours
      ? check(name, 'warn', `${where} is in use by a running CCTV server (its /health answers)`)
      : check(name, 'fail', `${where} is in use by another program: set PORT or "port" in the config`);
  }
  if (failure.code === 'EADDRNOTAVAIL') return check(name, 'fail', `${host} is not an address of this machine`);
  if (failure.code === 'EACCES') return check(name, 'fail', `${where}: ports below 1024 need more privileges`);
  return check(name, 'fail', `${where}: ${failure.message}`);
}

async function answersHealth(host: string, port: number): Promise<boolean> {
  const address = host.includes(':') ? `[${host}]` : host;
  try {
    const res = await fetch(`http://${address}:${port}/health`, { signal: AbortSignal.timeout(2000) });
    return res.ok && ((await res.json()) as { status?: string }).status === 'ok';
  } catch {
    return false;
  }
}

/** Redis, when REDIS_URL (or REDIS_HOST) configures it: reachable, and its version. */
export async function checkRedis(url: string | undefined): Promise<CheckResult> {
  if (!url) return check('redis', 'skip', 'not configured (REDIS_URL unset): embedded mode');
  const shown = maskUrl(url);
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // connect() then only says "Connection is closed"; the error event says why.
  let connectionError: Error | undefined;
  redis.on('error', (err: Error) => (connectionError ??= err));
  try {
    await redis.connect();
    await redis.ping();
    const version = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
    return check('redis', 'ok', `${shown}: reachable, version ${version}`);
  } catch (err) {
    return check('redis', 'fail', `${shown}: ${maskUrl((connectionError ?? (err as Error)).message)}`);
  } finally {
    redis.disconnect();
  }
}
