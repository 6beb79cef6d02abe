import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configCommand } from '../../src/cli/config';
import { sampleModel } from '../helpers/media';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-config-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let stdout: string;
let stderr: string;
beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void (stdout += `${args.join(' ')}\n`));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void (stderr += `${args.join(' ')}\n`));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

function writeConfig(name: string, config: unknown): string {
  const file = path.join(tmp, `${name}.json`);
  fs.writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
  return file;
}

const camera = { id: 'gate-1', name: 'Gate 1', url: 'rtsp://admin:pa55word@192.0.2.10:554/stream1?pwd=pa55word' };

describe('cctv config', () => {
  it('check names the wrong field and the reason', async () => {
    const file = writeConfig('bad', { model: { path: sampleModel }, cameras: [{ ...camera, fps: 0 }] });
    expect(await configCommand(['check', file])).toBe(2);
    expect(stderr).toContain(`Invalid configuration (${file}):`);
    expect(stderr).toContain('cameras[0].fps: Too small: expected number to be >0');
    expect(stderr).not.toContain('pa55word');
  });

  it('check reports a missing model file as a problem of model.path', async () => {
    const file = writeConfig('missing-model', { model: { path: path.join(tmp, 'none.onnx') }, cameras: [] });
    expect(await configCommand(['check', file])).toBe(2);
    expect(stderr).toMatch(/^model\.path: model file not found: .*none\.onnx$/m);
  });

  it('check accepts a valid file and says what it runs', async () => {
    const file = writeConfig('good', { model: { path: sampleModel }, cameras: [camera] });
    expect(await configCommand(['check', file])).toBe(0);
    expect(stdout).toContain(`${file}: valid`);
    expect(stdout).toContain('1 camera(s); supervisor builtin; port 8080');
  });

  it('print shows every section with its defaults and masks the secrets', async () => {
    vi.stubEnv('ADMIN_USER', 'alice');
    vi.stubEnv('ADMIN_PASSWORD', 'correct horse battery');
    const file = writeConfig('secrets', {
      model: { path: sampleModel },
      cameras: [camera],
      auth: { metricsToken: 'a-metrics-token-of-some-length' },
    });
    expect(await configCommand(['print', '--config', file])).toBe(0);
    const printed = JSON.parse(stdout);
    expect(Object.keys(printed)).toEqual(
      expect.arrayContaining(['host', 'port', 'storage', 'model', 'supervisor', 'retention', 'auth', 'dedup']),
    );
    expect(printed.cameras[0].url).toBe('rtsp://***:***@192.0.2.10:554/stream1?pwd=***');
    expect(printed.auth).toMatchObject({ adminUser: 'alice', adminPassword: '***', metricsToken: '***' });
    expect(stdout).not.toMatch(/pa55word|correct horse|a-metrics-token/);
  });

  it('print masks the values of credential headers of a webhook', async () => {
    const headers = {
      Authorization: 'Bearer hdr-bearer-771',
      'Proxy-Authorization': 'Basic cHJveHk6cHc=',
      Cookie: 'session=hdr-cookie-772',
      'X-Api-Key': 'hdr-key-773',
      'X-Auth-Token': 'hdr-token-774',
      'X-Site': 'plant-1',
    };
    const file = writeConfig('headers', {
      model: { path: sampleModel },
      cameras: [camera],
      alerts: {
        channels: [{ id: 'hook', type: 'webhook', url: 'https://hooks.example/ppe', headers }],
        rules: [{ channels: ['hook'] }],
      },
    });
    expect(await configCommand(['print', '--config', file])).toBe(0);
    expect(JSON.parse(stdout).alerts.channels[0].headers).toEqual({
      Authorization: '***',
      'Proxy-Authorization': '***',
      Cookie: '***',
      'X-Api-Key': '***',
      'X-Auth-Token': '***',
      'X-Site': 'plant-1',
    });
    expect(stdout).not.toMatch(/hdr-|cHJveHk6cHc=/);
  });

  it('explains its usage when the action or file is missing', async () => {
    expect(await configCommand(['check'])).toBe(2);
    expect(await configCommand(['frobnicate'])).toBe(2);
    expect(stderr).toContain('cctv config check <file>');
  });
});
