import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load';
import { DEMO_MODEL_FILE } from '../../src/config/paths';

function writeConfig(content: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-config-'));
  const file = path.join(dir, 'cctv.config.json');
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const valid = {
  model: { path: 'model.onnx' },
  cameras: [{ id: 'gate-1', name: 'Gate 1', url: 'rtsp://u:p@127.0.0.1/x' }],
};

describe('configuration', () => {
  it('fills defaults a user would expect from a minimal file', () => {
    const config = loadConfig({ file: writeConfig(valid), env: {}, checkFiles: false });
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.cameras[0]).toMatchObject({ fps: 5, enabled: true, location: '' });
    expect(config.watchdogSeconds).toBe(15);
  });

  it('names the field and the reason when a value is wrong', () => {
    const file = writeConfig({ ...valid, cameras: [{ ...valid.cameras[0], fps: -1 }] });
    expect(() => loadConfig({ file, env: {}, checkFiles: false })).toThrow(ConfigError);
    expect(() => loadConfig({ file, env: {}, checkFiles: false })).toThrow(/cameras\[0\]\.fps/);
  });

  it('names a missing required field', () => {
    const file = writeConfig({ cameras: [{ id: 'gate-1', name: 'Gate 1' }] });
    expect(() => loadConfig({ file, env: {}, checkFiles: false })).toThrow(/cameras\[0\]\.url: .*received undefined/);
  });

  it('runs the default model when the file has no model section, and says so when it is missing', () => {
    const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-shared-'));
    const env = { SHARED_DIR: shared };
    const file = writeConfig({ cameras: [] });
    const config = loadConfig({ file, env, checkFiles: false });
    expect(config.model.path).toBe(path.join(shared, DEMO_MODEL_FILE));
    expect(config.model.minScore).toBe(0.25);
    expect(config.supervisor).toBe('builtin');
    expect(() => loadConfig({ file, env })).toThrow(
      /model\.path: default model file not found: .*cctv-shared-.*\n.*config names no model/,
    );
    // A model section without a path keeps its settings and gets the default path.
    const tuned = loadConfig({ file: writeConfig({ model: { minScore: 0.4 } }), env, checkFiles: false });
    expect(tuned.model).toMatchObject({ path: path.join(shared, DEMO_MODEL_FILE), minScore: 0.4 });
  });

  it('rejects a file whose top level is not an object', () => {
    expect(() => loadConfig({ file: writeConfig('[]'), env: {}, checkFiles: false })).toThrow(
      /\(root\): expected an object/,
    );
  });

  it('reports a file that is not JSON with its path', () => {
    const file = writeConfig('{ not json');
    expect(() => loadConfig({ file, env: {}, checkFiles: false })).toThrow(/not valid JSON/);
  });

  it('rejects a camera id that cannot name a folder or URL', () => {
    const file = writeConfig({ ...valid, cameras: [{ ...valid.cameras[0], id: '../etc' }] });
    expect(() => loadConfig({ file, env: {}, checkFiles: false })).toThrow(/cameras\[0\]\.id/);
  });

  it('lets the environment override the file', () => {
    const config = loadConfig({
      file: writeConfig(valid),
      env: { PORT: '9090', MODEL_PATH: '/m.onnx' },
      checkFiles: false,
    });
    expect(config.port).toBe(9090);
    expect(config.model.path).toBe('/m.onnx');
  });

  it('says which paths to configure when the shared model and video are absent', () => {
    const env = { SHARED_DIR: path.join(os.tmpdir(), 'no-such-shared-dir') };
    expect(() => loadConfig({ env, cwd: os.tmpdir() })).toThrow(
      /model file not found.*no-such-shared-dir[\s\S]*MODEL_PATH/,
    );
  });

  it('runs the demo camera from the shared footage by default', () => {
    const config = loadConfig({ env: {}, cwd: os.tmpdir() });
    expect(config.cameras).toHaveLength(1);
    expect(config.cameras[0].url).toMatch(/factory-helmets-640x360\.mp4$/);
    expect(fs.existsSync(config.model.path)).toBe(true);
  });
});
