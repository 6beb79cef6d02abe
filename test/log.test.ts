import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/config/paths';
import { logFormat } from '../src/log';

const run = promisify(execFile);

/** Logs two lines from a camera worker's logger in a process of its own, with this LOG_FORMAT. */
async function workerLines(format: string): Promise<string[]> {
  const script =
    "const { createLogger } = await import('./src/log.ts');" +
    "const log = createLogger('worker', { camera: 'gate-1' });" +
    "log.info({ fps: 5 }, 'camera worker starting'); log.warn('no frame yet');";
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repoRoot,
    env: { ...process.env, LOG_FORMAT: format, LOG_LEVEL: 'info' },
  });
  return stdout.trim().split('\n');
}

describe('log format', () => {
  it('is readable at a terminal and JSON otherwise, unless LOG_FORMAT says', () => {
    expect(logFormat({}, true)).toBe('pretty');
    expect(logFormat({}, false)).toBe('json');
    expect(logFormat({ LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(logFormat({ LOG_FORMAT: 'Pretty' }, false)).toBe('pretty');
    expect(() => logFormat({ LOG_FORMAT: 'xml' }, false)).toThrow('LOG_FORMAT: expected "pretty" or "json", got "xml"');
  });

  it('names the camera on every line, in both formats', async () => {
    const json = (await workerLines('json')).map((line) => JSON.parse(line));
    expect(json).toMatchObject([
      { camera: 'gate-1', name: 'worker', level: 30, fps: 5, msg: 'camera worker starting' },
      { camera: 'gate-1', level: 40, msg: 'no frame yet' },
    ]);
    const pretty = await workerLines('pretty');
    expect(pretty).toHaveLength(2);
    expect(pretty[0]).toMatch(
      /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] INFO \(worker\): \[gate-1\] camera worker starting \{"fps":5\}$/,
    );
    expect(pretty[1]).toMatch(/WARN \(worker\): \[gate-1\] no frame yet$/);
  });
});
