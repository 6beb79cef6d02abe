// The host's inference engine as a real process, for tests that talk to it over its socket.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { sharedDir } from '../../src/config/paths';
import type { Frame } from '../../src/domain/detection';
import { ENGINE_SOCKET_ENV } from '../../src/engine/protocol';
import { processEntry } from '../../src/runtime';
import { waitFor } from '../helpers/system';

export const PHOTOS = ['construction-safety.jpg', 'pictor_0.jpg', 'pictor_2.jpg', 'pictor_8.jpg'];

export async function photo(name: string, seq = 0): Promise<Frame> {
  const { data, info } = await sharp(path.join(sharedDir(), 'media', name))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, seq, time: seq };
}

/** A fresh socket path in a folder of its own. */
export function engineSocketPath(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-engine-test-')), 'engine.sock');
}

/** Starts the engine process on `socketPath` (with `env` added) and resolves once it listens. */
export async function startEngineProcess(socketPath: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const { script, execArgv } = processEntry('engine');
  const child = fork(script, [], {
    execArgv,
    env: { ...process.env, ...env, [ENGINE_SOCKET_ENV]: socketPath, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const listening = () => {
    try {
      return fs.statSync(socketPath).isSocket() && fs.statSync(socketPath).ctimeMs >= startedAt;
    } catch {
      return false;
    }
  };
  const startedAt = Date.now() - 1000;
  await waitFor(() => listening() || undefined, 30_000, 'the engine to listen', 50);
  return child;
}

export function stopProcess(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
