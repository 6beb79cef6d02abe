import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { maskUrl } from './mask-url';

/**
 * ffmpeg prefixes messages with its context address (`[tcp @ 0x5564…] `, `[graph 0 input from
 * stream 0:0 @ 0x…] `); keep the name, drop the noise.
 */
const CONTEXT = /\[([^\]@]+?) @ 0x[0-9a-f]+\] /g;
/** The severity tag of `-loglevel level+…` (`[warning] `). */
const LEVEL = /\[(panic|fatal|error|warning|info|verbose|debug|trace)\] /;
const MAX_LINE = 300;

/**
 * Calls `onLine` with each non-empty stderr line of `child`, credentials masked, and its severity
 * when ffmpeg runs with `-loglevel level+…` (undefined otherwise).
 */
export function readStderrLines(child: ChildProcess, onLine: (line: string, level?: string) => void): void {
  if (!child.stderr) return;
  createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (raw) => {
    const level = LEVEL.exec(raw)?.[1];
    const line = maskUrl(raw.replace(LEVEL, '').replace(CONTEXT, '$1: ').trim()).slice(0, MAX_LINE);
    // "Last message repeated N times" says nothing about the failure; keep the message it repeats.
    if (line && !line.startsWith('Last message repeated')) onLine(line, level);
  });
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the program could not be started at all (e.g. ffmpeg not installed). */
  spawnError?: Error;
}

/** Resolves when `child` has exited and its pipes are closed; never rejects. */
export function whenClosed(child: ChildProcess): Promise<ChildExit> {
  return new Promise((resolve) => {
    let spawnError: Error | undefined;
    child.once('error', (err) => {
      spawnError = err;
      if (child.pid === undefined) resolve({ code: null, signal: null, spawnError });
    });
    child.once('close', (code, signal) => resolve({ code, signal, spawnError }));
  });
}

/**
 * Ends `child` and waits until it is gone (reaped, so no zombie). SIGTERM first, so ffmpeg can
 * TEARDOWN its RTSP session and the camera frees the slot; SIGKILL after `graceMs`, because ffmpeg
 * blocked in network I/O ignores a single SIGTERM.
 */
export async function terminate(child: ChildProcess, closed: Promise<ChildExit>, graceMs = 1000): Promise<void> {
  const running = child.pid !== undefined && child.exitCode === null && child.signalCode === null;
  const timer = running ? setTimeout(() => child.kill('SIGKILL'), graceMs) : undefined;
  if (running) child.kill('SIGTERM');
  await closed;
  clearTimeout(timer);
}

/** A readable reason for an exit that printed nothing on stderr. */
export function describeExit(program: string, exit: ChildExit): string {
  if (exit.spawnError) return `cannot run ${program}: ${exit.spawnError.message}`;
  if (exit.signal) return `${program} was killed by ${exit.signal}`;
  return exit.code === 0 ? 'the source ended the stream' : `${program} exited with code ${exit.code}`;
}
