// Starting and stopping camera worker processes. The Supervisor decides when (start, restart with
// backoff, stop); a launcher decides how: a child process of this one, or a PM2 process.
import { fork, type ChildProcess } from 'node:child_process';
import { processEntry } from '../runtime';
import type { EngineLauncher, EngineProcess } from './engine-host';
import type { HostMessage, WorkerMessage, WorkerSettings } from '../worker/protocol';

/** A worker asked to stop is killed if it has not exited after this long. */
export const STOP_GRACE_MS = 5000;

/** What a launcher tells the supervisor about a worker it started. */
export interface WorkerEvents {
  message(message: WorkerMessage): void;
  /** The worker is gone (exited, killed, or lost its connection); called at most once. */
  exit(reason: string): void;
}

/** One worker process, from its launch until it is gone. */
export interface WorkerHandle {
  /** The worker's process id, once known. */
  readonly pid: number | undefined;
  /** Whether a message sent now can reach the worker. */
  readonly connected: boolean;
  send(message: HostMessage): void;
  /** Asks the worker to finish, forces it after STOP_GRACE_MS; resolves once it is gone. */
  stop(): Promise<void>;
}

export interface WorkerLauncher extends EngineLauncher {
  /** Starts a worker for the camera and hands it `settings` (the `start` message). */
  launch(cameraId: string, settings: WorkerSettings, events: WorkerEvents): WorkerHandle;
  /** Releases what the launcher holds (connections, sockets); workers are stopped before. */
  close(): Promise<void>;
}

/** Workers (and the inference engine) as child processes of this one, over child-process IPC. */
export class ForkLauncher implements WorkerLauncher {
  launch(_cameraId: string, settings: WorkerSettings, events: WorkerEvents): WorkerHandle {
    const child = forkEntry('worker', process.env);
    child.send({ type: 'start', settings } satisfies HostMessage);
    child.on('message', (message: WorkerMessage) => events.message(message));
    child.on('exit', (code, signal) =>
      events.exit(signal ? `worker killed by ${signal}` : `worker exited with code ${code}`),
    );
    return {
      get pid() {
        return child.pid;
      },
      get connected() {
        return child.connected;
      },
      send: (message) => {
        if (child.connected) child.send(message);
      },
      stop: () => stopChild(child),
    };
  }

  launchEngine(env: Record<string, string>, exited: (reason: string) => void): EngineProcess {
    const child = forkEntry('engine', { ...process.env, ...env });
    child.on('exit', (code, signal) =>
      exited(signal ? `engine killed by ${signal}` : `engine exited with code ${code}`),
    );
    return {
      get pid() {
        return child.pid;
      },
      stop: () => stopChild(child),
    };
  }

  async close(): Promise<void> {}
}

function forkEntry(entry: 'worker' | 'engine', env: NodeJS.ProcessEnv): ChildProcess {
  const { script, execArgv, env: defaults } = processEntry(entry);
  return fork(script, [], {
    execArgv,
    env: { ...defaults, ...env },
    serialization: 'advanced', // Buffers cross the IPC channel without base64
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** SIGTERM, then SIGKILL after STOP_GRACE_MS; resolves once the child is gone. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
