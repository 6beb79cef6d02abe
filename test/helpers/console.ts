import { afterEach, beforeEach, vi } from 'vitest';

/** What the code under test prints, line by line, for CLI tests; emptied before each test. */
export function captureConsole(): { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  beforeEach(() => {
    stdout.length = 0;
    stderr.length = 0;
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void stdout.push(args.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void stderr.push(args.join(' ')));
  });
  afterEach(() => vi.restoreAllMocks());
  return { stdout, stderr };
}
