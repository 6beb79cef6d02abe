// The product as a user installs it: `npm pack`, `npm install -g` of the tarball into a fresh
// prefix (packages from the npm cache or registry), then the installed `cctv` — compiled
// JavaScript only, no TypeScript tooling reachable.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, sharedDir } from '../../src/config/paths';
import { waitFor } from '../helpers/system';

const run = promisify(execFile);
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-install-'));
const prefix = path.join(tmp, 'prefix');
const installed = path.join(prefix, 'lib', 'node_modules', pkg.name);
const cctvBin = path.join(prefix, 'bin', 'cctv');
/** The shipped calibration of the default model, which the installed product must apply. */
const DEFAULT_CALIBRATION = 'dist/calibration/construction-ppe-yolov8n-640-int8.json';
/** Building native packages (better-sqlite3) from source on a loaded 2-core machine takes minutes. */
const INSTALL_TIMEOUT_MS = 20 * 60_000;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The environment of a user running the demo from an empty folder. */
function userEnv(port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${path.join(prefix, 'bin')}:${process.env.PATH}`,
    SHARED_DIR: sharedDir(),
    DATA_DIR: path.join(tmp, 'data'),
    PORT: String(port),
    LOG_FORMAT: 'json',
    NODE_OPTIONS: '',
  };
}

/** Command lines of the process and everything below it. */
function processTree(root: number): Map<number, string> {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  const tree = new Map<number, string>();
  const visit = (pid: number) => {
    try {
      tree.set(pid, fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim());
    } catch {
      return;
    }
    for (const [child, parent] of parents) if (parent === pid) visit(child);
  };
  visit(root);
  return tree;
}

describe('installed from npm pack', () => {
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    for (const file of [
      'dist/cli.js',
      'dist/worker.js',
      'dist/detector-thread.js',
      'dist/web/index.html',
      DEFAULT_CALIBRATION,
    ]) {
      if (!fs.existsSync(path.join(repoRoot, file))) throw new Error(`${file} is missing: run \`npm run build\` first`);
    }
    // dist/ is built already (npm test builds first); rebuilding here would pull it from under other tests.
    const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp], { cwd: repoRoot });
    const tarball = path.join(tmp, packed.stdout.trim().split('\n').pop()!);
    await run(
      'npm',
      [
        'install',
        '-g',
        '--prefix',
        prefix,
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--allow-scripts=better-sqlite3',
        tarball,
      ],
      { cwd: tmp, env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' }, maxBuffer: 64 * 1024 * 1024 },
    );
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    if (server?.exitCode === null) server.kill('SIGKILL');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('holds the compiled code and the dashboard, and no TypeScript tooling', () => {
    for (const file of [
      'bin/cctv.mjs',
      'dist/cli.js',
      'dist/worker.js',
      'dist/detector-thread.js',
      'dist/web/index.html',
      DEFAULT_CALIBRATION,
    ]) {
      expect(fs.existsSync(path.join(installed, file)), file).toBe(true);
    }
    expect(fs.existsSync(path.join(installed, 'src'))).toBe(false);
    for (const tool of ['tsx', 'typescript', 'vite', 'vitest']) {
      expect(fs.existsSync(path.join(installed, 'node_modules', tool)), tool).toBe(false);
    }
  });

  it('cctv --version prints the package version', async () => {
    const { stdout } = await run(cctvBin, ['--version'], { cwd: tmp, env: userEnv(0) });
    expect(stdout.trim()).toBe(pkg.version);
  });

  it('cctv doctor passes on the demo configuration', async () => {
    const { stdout } = await run(cctvBin, ['doctor'], { cwd: tmp, env: userEnv(await freePort()) });
    expect(stdout).toMatch(/^ {2}ok +config +none: the built-in demo configuration$/m);
    expect(stdout).toMatch(/^ {2}ok +model +\S+construction-ppe-yolov8n-640/m);
    // The calibrated thresholds, read from the installed package's copy.
    expect(stdout).toContain(`NO-Hardhat 0.5, NO-Safety Vest 0.3`);
    expect(stdout).toContain(`(calibration ${path.join(installed, DEFAULT_CALIBRATION)})`);
    expect(stdout).toMatch(/^ {2}ok +camera demo +\S+: 640×360$/m);
    expect(stdout).toMatch(/^ {2}ok +dashboard +/m);
    expect(stdout).toContain('All checks passed');
  });

  it('cctv detect finds what the source run finds: the calibrated thresholds apply', async () => {
    const photo = path.join(sharedDir(), 'media', 'pictor_0.jpg');
    const env = userEnv(0);
    const fromSource = await run('node', ['--import', 'tsx', 'src/cli.ts', 'detect', '--json', photo], {
      cwd: repoRoot,
      env,
    });
    const installedRun = await run(cctvBin, ['detect', '--json', photo], { cwd: tmp, env });
    const detections = (stdout: string) => (JSON.parse(stdout) as { detections: unknown[] }).detections;
    expect(detections(installedRun.stdout)).toEqual(detections(fromSource.stdout));
    // The 0.28 bare head the uncalibrated 0.25 would keep is below NO-Hardhat's calibrated 0.5.
    expect(installedRun.stdout).not.toMatch(/"className":"NO-Hardhat","role":"no-helmet","score":0\.[0-4]/);
    expect(installedRun.stderr).not.toContain('calibration shipped for this model is missing');
  });

  it('cctv serve runs the demo from dist/ until /health answers', async () => {
    const port = await freePort();
    server = spawn(cctvBin, ['serve'], { cwd: tmp, env: userEnv(port), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    server.stdout!.on('data', (chunk) => (output += chunk));
    server.stderr!.on('data', (chunk) => (output += chunk));
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      async () => (await fetch(`${base}/health`).catch(() => undefined))?.ok,
      120_000,
      `/health of the installed server (output so far: ${output})`,
    );
    const dashboard = await fetch(`${base}/`);
    expect(dashboard.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await dashboard.text()).toContain('<div id="root">');
    // The camera worker and its detector thread run too: the demo camera detects.
    await waitFor(
      async () =>
        ((await (await fetch(`${base}/api/cameras/demo`)).json()) as { status: string }).status === 'detecting',
      120_000,
      'the demo camera detecting',
    );
    const commands = [...processTree(server.pid!).values()];
    expect(commands.some((command) => command.includes(path.join(installed, 'dist', 'worker.js')))).toBe(true);
    expect(commands.filter((command) => /tsx|\.ts\b/.test(command))).toEqual([]);

    server.kill('SIGTERM');
    const code = await new Promise((resolve) => server!.once('exit', resolve));
    expect(code).toBe(0);
  }, 300_000);
});
