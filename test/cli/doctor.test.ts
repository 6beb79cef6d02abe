import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { doctorCommand } from '../../src/cli/doctor';
import { SHIPPED_CALIBRATION_DIR } from '../../src/detect/thresholds';
import { namesMetadata, removeModels, writeModel, yolov8Values } from '../detect/onnx-models';
import { sampleModel, sampleVideo } from '../helpers/media';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-doctor-'));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  removeModels();
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let port: number;
let output: string;
beforeAll(async () => {
  port = await closedPort();
});
beforeEach(() => {
  output = '';
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void (output += `${args.join(' ')}\n`));
});
afterEach(() => vi.restoreAllMocks());

function writeConfig(name: string, config: object): string {
  const file = path.join(tmp, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ port, storage: { dir: path.join(tmp, 'data') }, ...config }));
  return file;
}

const demoCamera = { id: 'demo', name: 'Demo', url: sampleVideo };
/** The row of one check: its status and first line. */
const row = (name: string) => new RegExp(`^ {2}(\\S+) +${name} +(.*)$`, 'm').exec(output)?.slice(1);

describe('cctv doctor', () => {
  it('passes on a working setup and describes the model', async () => {
    const config = writeConfig('good', { model: { path: sampleModel }, cameras: [demoCamera] });
    expect(await doctorCommand(['--config', config])).toBe(0);
    expect(row('ffmpeg')).toEqual(['ok', expect.stringMatching(/^version \S+/)]);
    expect(row('ffprobe')?.[0]).toBe('ok');
    expect(row('camera demo')).toEqual(['ok', `${sampleVideo}: 640×360`]);
    expect(row('data folder')?.[0]).toBe('ok');
    expect(row('port')).toEqual(['ok', `127.0.0.1:${port} is free`]);
    expect(output).toContain('layout yolov8, input 1×3×320×320, 4 classes');
    expect(output).toContain('head → no-helmet, helmet → helmet, no-jacket → no-vest, safety-jacket → vest');
    // The thresholds the cameras use, and where the calibrated ones come from.
    const calibration = path.join(SHIPPED_CALIBRATION_DIR, 'ppe-helmet-vest-yolov8n-320-int8.json');
    expect(output).toContain(
      `thresholds: head 0.3, helmet 0.05, no-jacket 0.05, safety-jacket 0.1 (calibration ${calibration})`,
    );
    expect(output).toMatch(/one inference on a picture from camera demo \(\d+ ms\): best score 0\.\d\d/);
    expect(output).toMatch(/All checks passed/);
  });

  it('names each wrong field of a broken config and fails', async () => {
    const config = writeConfig('broken', { port: 'eighty', cameras: [{ id: 'gate', name: 'Gate' }] });
    expect(await doctorCommand(['--config', config])).toBe(1);
    expect(row('config')?.[0]).toBe('FAIL');
    expect(output).toMatch(/port: Invalid input: expected number, received string/);
    expect(output).toMatch(/cameras\[0\]\.url: Invalid input/);
    expect(output).toMatch(/1 check\(s\) failed/);
  });

  it('names a missing model file and fails', async () => {
    const missing = path.join(tmp, 'no-such-model.onnx');
    const config = writeConfig('no-model', { model: { path: missing }, cameras: [demoCamera] });
    expect(await doctorCommand(['--config', config])).toBe(1);
    expect(row('model')).toEqual(['FAIL', `model file not found: ${missing}`]);
    expect(output).toContain('fix model.path in the config file, or set MODEL_PATH');
  });

  it('names an unreachable camera without showing its password, and fails', async () => {
    const url = `rtsp://admin:pa55word@127.0.0.1:${port}/stream1`;
    const config = writeConfig('dead-camera', { model: { path: sampleModel }, cameras: [{ ...demoCamera, url }] });
    expect(await doctorCommand(['--config', config])).toBe(1);
    expect(row('camera demo')).toEqual([
      'FAIL',
      expect.stringMatching(new RegExp(`^rtsp://\\*\\*\\*:\\*\\*\\*@127\\.0\\.0\\.1:${port}/stream1: .*refused`, 'i')),
    ]);
    expect(output).not.toContain('pa55word');
    // Without a camera picture the model still runs, on a generated one.
    expect(output).toMatch(/one inference on a generated test picture/);
  });

  it('fails a camera the server would not start, saying why', async () => {
    const notes = path.join(tmp, 'notes.nfo');
    fs.writeFileSync(notes, 'not a video\n');
    const config = writeConfig('refused-camera', {
      model: { path: sampleModel },
      cameras: [{ ...demoCamera, url: notes }],
    });
    expect(await doctorCommand(['--config', config])).toBe(1);
    expect(row('camera demo')).toEqual([
      'FAIL',
      expect.stringMatching(/: the server will not start it: video files must be in a media folder \(/),
    ]);
  });

  it('warns about a model whose class scores are all exactly zero', async () => {
    // Two candidates with boxes and zero scores: what a static int8 export with a shared output scale gives.
    const zeroScores = writeModel('zero-scores', {
      outputDims: [1, 6, 2],
      values: yolov8Values([
        [160, 160, 50, 80, 0, 0],
        [60, 60, 20, 20, 0, 0],
      ]),
      metadata: { names: namesMetadata(['helmet', 'head']) },
    });
    const config = writeConfig('zero', { model: { path: zeroScores }, cameras: [demoCamera] });
    expect(await doctorCommand(['--config', config])).toBe(0);
    expect(row('model')).toEqual(['warn', zeroScores]);
    expect(output).toMatch(/every class score is exactly 0/);
    expect(output).toContain('helmet → helmet, head → no-helmet');
  });

  it('fails when the port is taken by another program', async () => {
    const other = net.createServer((socket) => socket.end('not http\r\n'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const taken = (other.address() as net.AddressInfo).port;
    const config = writeConfig('taken', { port: taken, model: { path: sampleModel }, cameras: [demoCamera] });
    try {
      expect(await doctorCommand(['--config', config])).toBe(1);
      expect(row('port')).toEqual(['FAIL', expect.stringContaining(`127.0.0.1:${taken} is in use by another program`)]);
    } finally {
      other.close();
    }
  });
});
