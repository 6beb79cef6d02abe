import { ConfigError, loadConfig, type LoadOptions } from '../config/load';
import type { AppConfig } from '../config/schema';

/** A `cctv` sub-command. */
export interface Command {
  /** One line for `cctv --help`. */
  summary: string;
  /** What `cctv <command> --help` prints. */
  usage: string;
  /** Runs it with the arguments after the command name; resolves to the exit code. */
  run(argv: string[]): Promise<number>;
}

/** The configuration, or undefined after printing what is wrong with it (exit code 2). */
export function loadConfigOrExplain(
  file: string | undefined,
  opts: Pick<LoadOptions, 'checkFiles'> = {},
): AppConfig | undefined {
  try {
    return loadConfig({ file, ...opts });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return undefined;
    }
    throw err;
  }
}

/** Resolves on Ctrl-C or a stop request from the process manager. */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
