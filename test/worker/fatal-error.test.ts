// A camera worker that cannot start says so in one structured log line naming its camera, with
// URL credentials masked, and reports the camera failed to its host: the real worker process.
import { fork } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load';
import { cameraConfigSchema, catalogueOf } from '../../src/config/schema';
import { processEntry } from '../../src/runtime';
import type { HostMessage, WorkerMessage, WorkerSettings } from '../../src/worker/protocol';
import { sampleVideo } from '../helpers/media';

describe('camera worker fatal error', () => {
  it('is a JSON log line with the camera and the masked reason, and the camera is reported failed', async () => {
    const config = loadConfig({ env: { DATA_DIR: os.tmpdir() }, cwd: os.tmpdir(), checkFiles: false });
    // A model "path" given as a URL with credentials: the worker cannot load it, and says why.
    const model = { ...config.model, path: 'https://ops:pa55word@models.example/ppe.onnx' };
    const settings: WorkerSettings = {
      camera: cameraConfigSchema.parse({ id: 'dock-2', name: 'Dock 2', url: sampleVideo }),
      model,
      preview: config.preview,
      items: catalogueOf(config).items,
      watchdogSeconds: config.watchdogSeconds,
      reconnect: config.reconnect,
    };
    const entry = processEntry('worker');
    const worker = fork(entry.script, [], {
      execArgv: entry.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info' },
    });
    let stdout = '';
    let stderr = '';
    worker.stdout!.on('data', (chunk) => (stdout += chunk));
    worker.stderr!.on('data', (chunk) => (stderr += chunk));
    const statuses: WorkerMessage[] = [];
    worker.on('message', (msg: WorkerMessage) => statuses.push(msg));
    worker.send({ type: 'start', settings } satisfies HostMessage);
    const code = await new Promise((resolve) => worker.once('exit', resolve));

    expect(code).toBe(1);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const fatal = lines.find((line) => line.msg === 'camera worker failed');
    expect(fatal).toMatchObject({ level: 60, name: 'worker', camera: 'dock-2' });
    expect(fatal!.err).toMatch(/^Model file not found: .*ops:\*\*\*@models\.example\/ppe\.onnx$/);
    expect(statuses).toContainEqual(
      expect.objectContaining({ type: 'status', state: 'failed', lastError: fatal!.err }),
    );
    expect(`${stdout}${stderr}`).not.toContain('pa55word');
  });
});
