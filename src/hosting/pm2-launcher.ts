// Camera workers as PM2 processes, one per camera (cctv-cam-<id>), so `pm2 list`, `pm2 logs` and
// `pm2 restart` see them. PM2 does not restart them (autorestart off): the Supervisor does, with
// the same backoff, watchdog and schedules as for its own children. PM2's processes are not
// children of this one, so they dial back over a local socket (worker-socket-server.ts).
import type { Logger } from 'pino';
import type { ProcessDescription, StartOptions } from 'pm2';
import { repoRoot } from '../config/paths';
import { processEntry } from '../runtime';
import { CAMERA_ID_ENV, HOST_SOCKET_ENV, type WorkerHello } from '../worker/message-socket';
import type { HostMessage, WorkerSettings } from '../worker/protocol';
import type { EngineProcess } from './engine-host';
import { STOP_GRACE_MS, type WorkerEvents, type WorkerHandle, type WorkerLauncher } from './worker-launcher';
import { WorkerSocketServer, type WorkerConnection } from './worker-socket-server';

type Pm2 = typeof import('pm2');

/** The PM2 process name of a camera's worker. */
export const pm2ProcessName = (cameraId: string) => `cctv-cam-${cameraId}`;

/**
 * What a worker needs of this process's environment. The rest (Redis password, admin secrets)
 * would otherwise be copied into PM2's process table, where `pm2 env` shows it; camera URLs
 * reach the worker over the socket, never through the environment or the command line.
 */
const WORKER_ENV = /^(PATH|HOME|USER|LANG|LC_[A-Z_]+|TZ|TMPDIR|NODE_ENV|LOG_LEVEL|LOG_FORMAT|CCTV_CLOCK_OFFSET_MS)$/;

/** The PM2 process name of the host's inference engine. */
export const PM2_ENGINE_NAME = 'cctv-engine';

function processEnvironment(env: NodeJS.ProcessEnv, own: Record<string, string>): Record<string, string> {
  const kept = Object.entries(env).filter(([key, value]) => WORKER_ENV.test(key) && value !== undefined);
  return { ...(Object.fromEntries(kept) as Record<string, string>), ...own };
}

function workerEnvironment(env: NodeJS.ProcessEnv, socketPath: string, cameraId: string) {
  return processEnvironment(env, { [HOST_SOCKET_ENV]: socketPath, [CAMERA_ID_ENV]: cameraId });
}

/** A PM2 call as a promise. */
function pm2Call<T>(call: (done: (err: Error | null, result: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => call((err, result) => (err ? reject(err) : resolve(result))));
}

interface ProcessEvent {
  event: string;
  process: { name?: string; pm_id?: number; exit_code?: number };
}

interface Session {
  pm2: Pm2;
  sockets: WorkerSocketServer;
}

export class Pm2Launcher implements WorkerLauncher {
  private session?: Promise<Session>;
  /** The current worker of each camera. */
  private readonly workers = new Map<string, Pm2Worker>();
  /** Workers that connected without being launched from here (an operator's `pm2 restart`). */
  private readonly unclaimed = new Map<string, { pid: number; connection: WorkerConnection }>();
  /** PM2 operations per process name run one after another: a stop and the next start never interleave. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly pids = new Map<string, number>();

  constructor(private readonly log: Logger) {}

  launch(cameraId: string, settings: WorkerSettings, events: WorkerEvents): WorkerHandle {
    const worker = new Pm2Worker(this, cameraId, settings, events);
    this.workers.set(cameraId, worker);
    worker.start();
    return worker;
  }

  /**
   * The engine as PM2 process cctv-engine, which PM2 restarts itself when it dies (the workers
   * dial it again), so `exited` is never called.
   */
  launchEngine(env: Record<string, string>): EngineProcess {
    const entry = processEntry('engine');
    let pid: number | undefined;
    const started = this.connect().then(({ pm2 }) =>
      this.queue(PM2_ENGINE_NAME, async () => {
        await pm2Call((done) => pm2.delete(PM2_ENGINE_NAME, done)).catch(() => undefined);
        const options: StartOptions = {
          name: PM2_ENGINE_NAME,
          script: entry.script,
          node_args: entry.execArgv,
          interpreter: process.execPath,
          cwd: repoRoot,
          autorestart: true,
          restart_delay: 300,
          kill_timeout: STOP_GRACE_MS,
          filter_env: [''],
          env: { ...entry.env, ...processEnvironment(process.env, env) },
          merge_logs: true,
        };
        await pm2Call((done) => pm2.start(options, done as never));
        const [running] = await pm2Call<ProcessDescription[]>((done) => pm2.describe(PM2_ENGINE_NAME, done));
        pid = running?.pid;
      }),
    );
    started.catch((err: Error) => this.log.error({ err: err.message }, 'PM2: inference engine not started'));
    return {
      get pid() {
        return pid;
      },
      stop: async () => {
        await started.catch(() => undefined);
        const { pm2 } = await this.connect();
        await this.queue(PM2_ENGINE_NAME, () => pm2Call((done) => pm2.delete(PM2_ENGINE_NAME, done))).catch(
          () => undefined,
        );
      },
    };
  }

  /** Connects to PM2 (starting its daemon if none runs) and opens the workers' socket, once. */
  connect(): Promise<Session> {
    this.session ??= this.openSession().catch((err: Error) => {
      this.session = undefined; // the next launch tries again
      throw err;
    });
    return this.session;
  }

  private async openSession(): Promise<Session> {
    const pm2 = (await import('pm2')).default;
    await pm2Call<void>((done) => pm2.connect((err) => done(err, undefined)));
    const sockets = await WorkerSocketServer.listen((hello, connection) => this.onWorker(hello, connection));
    const bus = await pm2Call<{ on(event: string, listener: (packet: ProcessEvent) => void): void }>((done) =>
      pm2.launchBus(done),
    );
    bus.on('process:event', (packet) => {
      if (packet.event !== 'exit' || !packet.process.name) return;
      const cameraId = packet.process.name.replace(/^cctv-cam-/, '');
      this.workers.get(cameraId)?.processExited(packet.process.pm_id, packet.process.exit_code);
    });
    this.log.info({ socket: sockets.path }, 'camera workers run as PM2 processes (cctv-cam-<id>)');
    return { pm2, sockets };
  }

  /** Runs `operation` after every earlier PM2 operation on the same process. */
  queue<T>(name: string, operation: () => Promise<T>): Promise<T> {
    const next = (this.queues.get(name) ?? Promise.resolve()).then(operation, operation);
    this.queues.set(
      name,
      next.catch(() => undefined),
    );
    return next;
  }

  startOptions(cameraId: string, socketPath: string): StartOptions {
    const entry = processEntry('worker');
    return {
      name: pm2ProcessName(cameraId),
      script: entry.script,
      node_args: entry.execArgv,
      interpreter: process.execPath,
      cwd: repoRoot,
      autorestart: false,
      kill_timeout: STOP_GRACE_MS,
      // PM2 copies the caller's whole environment unless filtered; [''] matches every name.
      filter_env: [''],
      env: { ...entry.env, ...workerEnvironment(process.env, socketPath, cameraId) },
      merge_logs: true,
    };
  }

  /** The process id of the camera's last worker that connected. */
  lastPid(cameraId: string): number | undefined {
    return this.pids.get(cameraId);
  }

  /** The connection of a worker of this camera started outside this launcher, if one waits. */
  takeUnclaimed(cameraId: string): { pid: number; connection: WorkerConnection } | undefined {
    const waiting = this.unclaimed.get(cameraId);
    this.unclaimed.delete(cameraId);
    return waiting?.connection.connected ? waiting : undefined;
  }

  forget(cameraId: string, worker: Pm2Worker): void {
    if (this.workers.get(cameraId) === worker) this.workers.delete(cameraId);
  }

  private onWorker(hello: WorkerHello, connection: WorkerConnection): void {
    this.pids.set(hello.cameraId, hello.pid);
    const worker = this.workers.get(hello.cameraId);
    if (worker?.awaitingConnection) return worker.attach(hello.pid, connection);
    // Kept for the camera's next launch: the Supervisor restarts a worker that went away.
    this.unclaimed.get(hello.cameraId)?.connection.close();
    this.unclaimed.set(hello.cameraId, { pid: hello.pid, connection });
  }

  async close(): Promise<void> {
    const session = await this.session?.catch(() => undefined);
    if (!session) return;
    for (const { connection } of this.unclaimed.values()) connection.close();
    await session.sockets.close();
    session.pm2.disconnect();
  }
}

/** One camera's worker, from its launch as PM2 process cctv-cam-<id> until it is gone. */
class Pm2Worker implements WorkerHandle {
  pid: number | undefined;
  private connection?: WorkerConnection;
  private pmId?: number;
  private launched: Promise<void> = Promise.resolve();
  private stopping = false;
  private gone = false;
  private readonly name: string;

  constructor(
    private readonly launcher: Pm2Launcher,
    private readonly cameraId: string,
    private readonly settings: WorkerSettings,
    private readonly events: WorkerEvents,
  ) {
    this.name = pm2ProcessName(cameraId);
  }

  get awaitingConnection(): boolean {
    return !this.connection && !this.stopping && !this.gone;
  }

  get connected(): boolean {
    return this.connection?.connected ?? false;
  }

  send(message: HostMessage): void {
    this.connection?.send(message);
  }

  start(): void {
    this.launched = this.launch().catch((err: Error) => this.exited(`PM2: ${err.message}`));
  }

  private async launch(): Promise<void> {
    const { pm2, sockets } = await this.launcher.connect();
    const waiting = this.launcher.takeUnclaimed(this.cameraId);
    if (waiting) return this.attach(waiting.pid, waiting.connection);
    await this.launcher.queue(this.name, async () => {
      const [running] = await pm2Call<ProcessDescription[]>((done) => pm2.describe(this.name, done));
      const status = running?.pm2_env?.status;
      if ((status === 'online' || status === 'launching') && running.pid !== this.launcher.lastPid(this.cameraId)) {
        // Restarted outside (`pm2 restart`) and still coming up: its connection is awaited.
        this.pmId = running.pm_id;
        return;
      }
      // A process of this name left by an earlier run has another socket in its environment.
      await pm2Call((done) => pm2.delete(this.name, done)).catch(() => undefined);
      if (this.stopping) return;
      const started = await pm2Call<Array<{ pm2_env?: { pm_id?: number } }>>((done) =>
        pm2.start(this.launcher.startOptions(this.cameraId, sockets.path), done as never),
      );
      this.pmId = started[0]?.pm2_env?.pm_id;
    });
  }

  attach(pid: number, connection: WorkerConnection): void {
    this.pid = pid;
    this.connection = connection;
    connection.on('message', (message) => {
      if (message.type !== 'hello') this.events.message(message);
    });
    connection.once('close', () => this.exited('worker disconnected'));
    connection.send({ type: 'start', settings: this.settings });
  }

  /** PM2 saw a process of this name exit: ours, if it never connected, is gone. */
  processExited(pmId: number | undefined, code: number | undefined): void {
    if (!this.connection && pmId !== undefined && pmId === this.pmId) {
      this.exited(`worker exited with code ${code} before reaching its host`);
    }
  }

  private exited(reason: string): void {
    if (this.gone) return;
    this.gone = true;
    this.launcher.forget(this.cameraId, this);
    this.events.exit(reason);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.launched;
    const { pm2 } = await this.launcher.connect().catch(() => ({ pm2: undefined }));
    // PM2 sends SIGINT, then SIGKILL after kill_timeout (STOP_GRACE_MS); the callback comes once it is gone.
    if (pm2)
      await this.launcher.queue(this.name, () => pm2Call((done) => pm2.delete(this.name, done))).catch(() => undefined);
    this.connection?.close();
  }
}
