import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/config/paths';

const run = promisify(execFile);
const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string })
  .version;

/** Runs the CLI from source; resolves with its output and exit code. */
async function cctv(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: repoRoot,
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const failed = err as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('cctv help and version', () => {
  it('--version prints the package version', async () => {
    expect(await cctv('--version')).toMatchObject({ stdout: `${version}\n`, code: 0 });
  });

  it('--help lists every command', async () => {
    const { stdout, code } = await cctv('--help');
    expect(code).toBe(0);
    for (const command of ['serve', 'node', 'detect', 'replay', 'user', 'doctor', 'config']) {
      expect(stdout).toMatch(new RegExp(`^ {2}cctv ${command} +\\S`, 'm'));
    }
  });

  it.each([
    ['serve', '--supervisor builtin|pm2'],
    ['node', '--capacity <n>'],
    ['detect', '--min-score <x>'],
    ['replay', 'Usage: cctv replay <video|folder>'],
    ['user', 'cctv user add <name> --role admin|viewer'],
    ['doctor', 'Usage: cctv doctor [--config <file>]'],
    ['config', 'cctv config print [--config <file>]'],
  ])('%s --help prints its usage', async (command, expected) => {
    const { stdout, code } = await cctv(command, '--help');
    expect(code).toBe(0);
    expect(stdout).toContain(expected);
  });

  it('names an unknown command or option and exits 2', async () => {
    const unknown = await cctv('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    const option = await cctv('serve', '--frobnicate');
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/Unknown option '--frobnicate'[\s\S]*Usage: cctv serve/);
  });
});
