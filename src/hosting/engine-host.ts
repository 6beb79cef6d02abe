// The host's inference engine process (src/engine/): started before the camera workers, restarted
// when it dies (workers dial it again by themselves), stopped after them. Its socket lives in a
// folder only this user can enter and stays the same across restarts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { ENGINE_SOCKET_ENV, ENGINE_THREADS_ENV } from '../engine/protocol';

/** The engine process, from its start until it is gone. */
export interface EngineProcess {
  readonly pid: number | undefined;
  /** Asks it to finish, forces it after a grace period; resolves once it is gone. */
  stop(): Promise<void>;
}

/** Starts the engine process: as a child of this one, or as a PM2 process. */
export interface EngineLauncher {
  /** `exited` is called once if the process ends unasked (a launcher whose manager restarts it by itself never calls it). */
  launchEngine(env: Record<string, string>, exited: (reason: string) => void): EngineProcess;
}

/** A dead engine is started again this soon: workers resume within the 10 s the product promises. */
const RESTART_DELAY_MS = 300;

export class EngineHost {
  /** The socket workers dial (in their settings). */
  readonly socketPath: string;
  /** Times the engine died and was started again. */
  restarts = 0;
  private readonly dir: string;
  private process: EngineProcess | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    private readonly launcher: EngineLauncher,
    /** onnxruntime intra-op threads, decided once for the host; undefined: a thread per core. */
    private readonly threads: number | undefined,
    private readonly log: Logger,
  ) {
    // mkdtemp makes the folder 0700: other users of the machine cannot send frames or read detections.
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-engine-'));
    this.socketPath = path.join(this.dir, 'engine.sock');
    this.start();
  }

  /** The engine's process id, while one runs. */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  private start(): void {
    const env: Record<string, string> = { [ENGINE_SOCKET_ENV]: this.socketPath };
    if (this.threads) env[ENGINE_THREADS_ENV] = String(this.threads);
    const started = this.launcher.launchEngine(env, (reason) => {
      if (this.process !== started || this.stopping) return;
      this.process = undefined;
      this.restarts++;
      this.log.warn({ reason, restartInMs: RESTART_DELAY_MS }, 'inference engine stopped; restarting');
      this.restartTimer = setTimeout(() => this.start(), RESTART_DELAY_MS);
    });
    this.process = started;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await this.process?.stop();
    this.process = undefined;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
