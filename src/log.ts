import os from 'node:os';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type LogFormat = 'pretty' | 'json';

/** LOG_FORMAT when set; otherwise readable lines for a person at a terminal, JSON for log collectors. */
export function logFormat(env: NodeJS.ProcessEnv = process.env, terminal = Boolean(process.stdout.isTTY)): LogFormat {
  const forced = env.LOG_FORMAT?.trim().toLowerCase();
  if (!forced) return terminal ? 'pretty' : 'json';
  if (forced === 'pretty' || forced === 'json') return forced;
  throw new Error(`LOG_FORMAT: expected "pretty" or "json", got "${env.LOG_FORMAT}"`);
}

/**
 * A logger on stdout; LOG_LEVEL sets the level, LOG_FORMAT the format (see `logFormat`).
 * `bindings` go on every line: a camera worker passes `{ camera }`, so each line names it.
 * URLs are masked where they are logged.
 */
export function createLogger(name: string, bindings: Record<string, unknown> = {}): Logger {
  const options = {
    name,
    level: process.env.LOG_LEVEL ?? 'info',
    base: { pid: process.pid, hostname: os.hostname(), ...bindings },
  };
  if (logFormat() === 'json') return pino(options);
  const stream = pretty({
    colorize: Boolean(process.stdout.isTTY),
    // Synchronous, like pino's own stdout: the last lines before an exit are not lost.
    sync: true,
    singleLine: true,
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
    ignore: 'pid,hostname,camera',
    messageFormat: '{if camera}[{camera}] {end}{msg}',
  });
  return pino(options, stream);
}
