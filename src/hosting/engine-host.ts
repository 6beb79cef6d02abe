// The host's inference engine process (src/engine/): started before the camera workers, restarted
// when it dies (workers dial it again by themselves), stopped after them. Its socket lives in a
// folder only this user can enter and stays the same across restarts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { ENGINE_LANES_ENV, ENGINE_SOCKET_ENV, ENGINE_THREADS_ENV } from '../engine/protocol';

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

/** How the engine spreads its passes over the host's cores, decided once for the host. */
export interface EngineShape {
  /** Passes run side by side, each on a thread and session of its own (src/engine/lanes.ts). */
  lanes: number;
  /** onnxruntime intra-op threads per lane; undefined: a thread per core. */
  threads: number | undefined;
}

/** Lanes beyond this load the model more times for little: cameras' decoding shares the cores too. */
const MAX_LANES = 4;

/**
 * A lane per core (up to MAX_LANES), one thread each: one pass over both cores of a 2-core host
 * stalls whenever a camera's ffmpeg holds one of them, where two passes side by side do not —
 * 16 cameras got 36.3 detections a second instead of 23.6 (bench/results.md, sixth round).
 * `model.threads` sets the threads per lane. A single core: one pass at a time.
 */
export function engineShape(configuredThreads: number | undefined, cores: number): EngineShape {
  const lanes = Math.max(1, Math.min(cores, MAX_LANES));
  return { lanes, threads: configuredThreads ?? (lanes > 1 ? Math.max(1, Math.floor(cores / lanes)) : undefined) };
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
    private readonly shape: EngineShape,
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
    if (this.shape.threads) env[ENGINE_THREADS_ENV] = String(this.shape.threads);
    env[ENGINE_LANES_ENV] = String(this.shape.lanes);
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
