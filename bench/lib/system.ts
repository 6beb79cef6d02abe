// Starts the real product as its own process — `node --import tsx src/cli.ts serve --config …`,
// exactly what `npm start` runs — with N cameras playing the sample clip, and finds its worker
// and ffmpeg processes in /proc so their CPU, memory and descriptors can be read from outside.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FAST_MODEL_FILE, DEMO_VIDEO_FILE, repoRoot, sharedDir } from '../../src/config/paths';
import { descendants, listProcesses, type ProcInfo } from './proc';
import { sleep } from './stats';

export const SAMPLE_VIDEO = process.env.BENCH_VIDEO ?? path.join(sharedDir(), DEMO_VIDEO_FILE);
export const MODEL = process.env.MODEL_PATH ?? path.join(sharedDir(), FAST_MODEL_FILE);

export interface BenchCamera {
  id: string;
  fps: number;
  /** Runs outside its detection schedule: stream only, no inference. */
  streamOnly?: boolean;
  /** The camera's URL (e.g. an RTSP stand-in camera); default: its own link to `video`. */
  url?: string;
  /** The clip the camera's link leads to; default the sample clip. */
  video?: string;
  /** The camera's motion gating (`motion.enabled`); default the product's (on). */
  motion?: boolean;
}

/** A camera as GET /api/cameras returns it (the part the benches read). */
export interface CameraJson {
  id: string;
  status: string;
  detecting: boolean;
  restarts: number;
  stats: { inputFps: number; detectFps: number; droppedFrames: number; inferenceMs: number; peopleJudged: number };
}

/**
 * A schedule that never matches while the bench runs: one whole day, three days from today
 * (UTC), so the camera streams without detection — the product's own stream-only mode.
 */
export function neverSchedule(now = new Date()) {
  const days = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  return { timeZone: 'UTC', windows: [{ days: [days[(now.getUTCDay() + 3) % 7]], start: '00:00', end: '00:00' }] };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export function getJson<T>(url: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString()) as T);
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
  });
}

export interface SystemProcesses {
  server: ProcInfo;
  /** Camera id → its worker process. */
  workers: Map<string, ProcInfo>;
  /** Camera id → its frame source's ffmpeg processes (one normally), which also record its clips' video. */
  ffmpeg: Map<string, ProcInfo[]>;
  /** The host's inference engine (config `detect.engine: host`), while one runs. */
  engine?: ProcInfo;
  /** Anything else below the server (ffprobe, esbuild service of tsx, …). */
  other: ProcInfo[];
}

/** A camera worker's or the engine's command line, from source or compiled. */
const WORKER_SCRIPT = /worker\/main\.ts|dist\/worker\.js/;
const ENGINE_SCRIPT = /engine\/main\.ts|dist\/engine\.js/;

export class BenchSystem {
  readonly url: string;
  private exited = false;

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    readonly dir: string,
    readonly cameras: BenchCamera[],
  ) {
    this.url = `http://127.0.0.1:${port}`;
    child.once('exit', () => (this.exited = true));
  }

  /** Starts the server with these cameras and waits until every camera delivers frames. */
  static async start(
    cameras: BenchCamera[],
    opts: {
      readyTimeoutMs?: number;
      logLevel?: string;
      /** Merged into the config's `model` section, e.g. { threads: 1 } or { spinWait: true }. */
      model?: Record<string, unknown>;
      /** Further config sections, e.g. { clip: { enabled: false } }. */
      config?: Record<string, unknown>;
      /** Run the compiled product (dist/, `npm run build:code`) as `cctv serve` does, not tsx. */
      compiled?: boolean;
    } = {},
  ): Promise<BenchSystem> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-bench-'));
    fs.mkdirSync(path.join(dir, 'media'));
    const port = await freePort();
    const config = {
      host: '127.0.0.1',
      port,
      storage: { dir: path.join(dir, 'data') },
      model: { path: MODEL, ...opts.model },
      // The links' folder, and the clip's they lead to: the server starts file cameras only from media folders.
      mediaDirs: [
        ...new Set([
          path.join(dir, 'media'),
          ...[SAMPLE_VIDEO, ...cameras.map((c) => c.video ?? SAMPLE_VIDEO)].map(path.dirname),
        ]),
      ],
      ...opts.config,
      cameras: cameras.map((c) => {
        // One link per camera: its ffmpeg command line names the camera, so /proc tells them apart.
        const link = path.join(dir, 'media', `${c.id}.mp4`);
        if (!c.url) fs.symlinkSync(c.video ?? SAMPLE_VIDEO, link);
        return {
          id: c.id,
          name: c.id,
          location: 'bench',
          url: c.url ?? link,
          fps: c.fps,
          ...(c.streamOnly ? { schedule: neverSchedule() } : {}),
          ...(c.motion === undefined ? {} : { motion: { enabled: c.motion } }),
        };
      }),
    };
    const configFile = path.join(dir, 'cctv.config.json');
    fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
    // Loopback and no users: the server runs open (no sign-in), as the tests run it.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LOG_LEVEL: opts.logLevel ?? 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: path.join(dir, 'data'),
    };
    for (const key of ['ADMIN_USER', 'ADMIN_PASSWORD', 'CCTV_CONFIG', 'REDIS_URL', 'MODEL_PATH']) delete env[key];
    const child = spawn(
      process.execPath,
      opts.compiled
        ? [path.join(repoRoot, 'bin', 'cctv.mjs'), 'serve', '--config', configFile]
        : ['--import', 'tsx', path.join(repoRoot, 'src', 'cli.ts'), 'serve', '--config', configFile],
      {
        cwd: repoRoot, // `--import tsx` resolves from here
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const system = new BenchSystem(child, port, dir, cameras);
    try {
      await system.waitReady(opts.readyTimeoutMs ?? 90_000);
    } catch (err) {
      await system.stop();
      throw err;
    }
    return system;
  }

  async cameraStats(): Promise<CameraJson[]> {
    return getJson<CameraJson[]>(`${this.url}/api/cameras`);
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.exited) throw new Error('the server exited during start');
      try {
        const list = await this.cameraStats();
        const ready = list.filter(
          (c) => (c.status === 'detecting' || c.status === 'streaming') && c.stats.inputFps > 0,
        );
        if (ready.length === this.cameras.length) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`cameras not streaming within ${timeoutMs} ms`);
      await sleep(500);
    }
  }

  processes(): SystemProcesses {
    const all = listProcesses();
    const server = all.find((p) => p.pid === this.child.pid);
    if (!server) throw new Error('server process is gone');
    const below = descendants(server.pid, all);
    const workers = new Map<string, ProcInfo>();
    const ffmpeg = new Map<string, ProcInfo[]>();
    const other: ProcInfo[] = [];
    const isWorker = (p: ProcInfo) => p.ppid === server.pid && WORKER_SCRIPT.test(p.cmdline);
    const engine = below.find((p) => p.ppid === server.pid && ENGINE_SCRIPT.test(p.cmdline));
    // A camera's link in its command line; a lone camera (an RTSP URL) is the only one there is.
    const cameraOf = (p: ProcInfo) =>
      /\/media\/([\w-]+)\.mp4/.exec(p.cmdline)?.[1] ?? (this.cameras.length === 1 ? this.cameras[0].id : '?');
    for (const p of below) {
      if (isWorker(p) || p === engine) continue; // placed below
      // A camera's ffmpeg: its frames, and its clip recording (a second output) when clips are on.
      if (p.comm === 'ffmpeg') {
        const id = cameraOf(p);
        ffmpeg.set(id, [...(ffmpeg.get(id) ?? []), p]);
        const worker = below.find((w) => w.pid === p.ppid);
        if (worker) workers.set(id, worker);
      } else {
        other.push(p);
      }
    }
    // Workers without a running ffmpeg at this instant are still workers.
    for (const p of below) {
      if (isWorker(p) && ![...workers.values()].some((w) => w.pid === p.pid)) {
        workers.set(`?${p.pid}`, p);
      }
    }
    return { server, workers, ffmpeg, engine, other };
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      const gone = new Promise<void>((r) => this.child.once('exit', () => r()));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
