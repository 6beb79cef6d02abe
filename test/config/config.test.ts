import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load';
import { DEMO_MODEL_FILE } from '../../src/config/paths';
import { catalogueOf } from '../../src/config/schema';

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
    expect(config.detect.engine).toBe('host');
  });

  it('runs detection in each worker when asked, and names detect.engine when its value is wrong', () => {
    const worker = loadConfig({
      file: writeConfig({ ...valid, detect: { engine: 'worker' } }),
      env: {},
      checkFiles: false,
    });
    expect(worker.detect.engine).toBe('worker');
    const file = writeConfig({ ...valid, detect: { engine: 'gpu' } });
    expect(() => loadConfig({ file, env: {}, checkFiles: false })).toThrow(/detect\.engine/);
  });

  it('names the field and the reason when a value is wrong', () => {
    const file = writeConfig({ ...valid, cameras: [{ ...valid.cameras[0], fps: -1 }] });
    expect(() => loadConfig({ file, env: {}, checkFiles: false })).toThrow(ConfigError);
    expect(() => loadConfig({ file, env: {}, checkFiles: false })).toThrow(/cameras\[0\]\.fps/);
  });

  it('adds and renames PPE items, and refuses kinds and roles of no item with their field', () => {
    const items = [
      { id: 'helmet', name: 'Hard hat' },
      { id: 'hairnet', name: 'Hair net', region: 'head', worn: ['hairnet'], missing: ['no-hairnet'] },
    ];
    const camera = { ...valid.cameras[0], ppe: { required: ['no-hairnet', 'no-mask'] } };
    const config = loadConfig({
      file: writeConfig({ ...valid, cameras: [camera], ppeItems: items }),
      env: {},
      checkFiles: false,
    });
    const catalogue = catalogueOf(config);
    expect(catalogue.item('helmet')).toMatchObject({
      name: 'Hard hat',
      region: 'head',
      worn: ['Hardhat', 'helmet', 'hat'],
    });
    expect(catalogue.kinds).toContain('no-hairnet');
    expect(config.cameras[0].ppe.required).toEqual(['no-hairnet', 'no-mask']);

    const load = (content: unknown) => () => loadConfig({ file: writeConfig(content), env: {}, checkFiles: false });
    const zone = {
      name: 'Paint',
      polygon: [
        [0, 0],
        [1, 0],
        [1, 1],
      ],
      required: ['no-respirator'],
    };
    expect(load({ ...valid, cameras: [{ ...camera, ppe: { zones: [zone] } }] })).toThrow(
      /cameras\[0\]\.ppe\.zones\[0\]\.required\[0\]: no-respirator names no PPE item/,
    );
    expect(load({ ...valid, model: { path: 'm.onnx', classes: { Hat: { role: 'cap' } } } })).toThrow(
      /model\.classes\.Hat\.role: cap names no PPE item/,
    );
    expect(load({ ...valid, ppeItems: [{ id: 'respirator', name: 'Respirator' }] })).toThrow(
      /ppeItems\[0\]\.region: a new item needs its body region/,
    );
    expect(load({ ...valid, ppeItems: [{ id: 'no-mask', region: 'face' }] })).toThrow(/ppeItems\[0\]\.id/);
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
