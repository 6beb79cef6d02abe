import pino, { type Logger } from 'pino';

/** JSON logs on stdout; LOG_LEVEL sets the level. URLs are masked where they are logged. */
export function createLogger(name: string): Logger {
  return pino({ name, level: process.env.LOG_LEVEL ?? 'info' });
}
