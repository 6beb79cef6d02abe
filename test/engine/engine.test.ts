// The host's inference engine as a real process, with several cameras' detectors talking to it
// over its socket: the same detections as a detector of the camera's own, passes answered in
// order, an engine killed with -9 reconnected to, a bad model refused with the same words to all.
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_MODEL_FILE, sharedDir } from '../../src/config/paths';
import { createDetector, type DetectionEngine, type FrameDetections } from '../../src/detect/detector';
import { FrameLetterboxer } from '../../src/detect/letterbox';
import type { Detection, Frame } from '../../src/domain/detection';
import { BUILT_IN_CATALOGUE } from '../../src/domain/ppe-items';
import { connectRemoteDetector, DetectorReconnecting, type RemoteDetector } from '../../src/engine/remote-detector';
import { ENGINE_LANES_ENV, ENGINE_THREADS_ENV, type EngineReply, type EngineRequest } from '../../src/engine/protocol';
import { engineShape } from '../../src/hosting/engine-host';
import { InferenceEngineServer } from '../../src/engine/server';
import { MessageSocket } from '../../src/worker/message-socket';
import { waitFor } from '../helpers/system';
import { engineSocketPath, photo, PHOTOS, startEngineProcess, stopProcess } from './support';

const model = { path: path.join(sharedDir(), FAST_MODEL_FILE) };
/** The engine as the product starts it on a 2-core host: two lanes of one thread (engineShape). */
const { lanes, threads } = engineShape(undefined, 2);
const laneEnv = { [ENGINE_LANES_ENV]: String(lanes), [ENGINE_THREADS_ENV]: String(threads) };
const items = BUILT_IN_CATALOGUE.items;
const silent = { info() {}, warn() {}, error() {} };

/** What a detector in this process finds on the frame letterboxed to bytes, as a worker sends it. */
function fromBytes(local: DetectionEngine, frame: Frame): Promise<FrameDetections> {
  const letterboxers = local.inputSizes.map(({ width, height }) => FrameLetterboxer.bytes(width, height));
  const geometries = letterboxers.map((l) => l.letterbox(frame));
  return local.detectLetterboxed(
    letterboxers.map((l) => l.tensor),
    geometries,
  );
}

const iou = (a: Detection['box'], b: Detection['box']) => {
  const w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const area = (r: Detection['box']) => (r[2] - r[0]) * (r[3] - r[1]);
  return (w * h) / (area(a) + area(b) - w * h);
};

describe('one inference engine for the cameras of a host', () => {
  let engine: ChildProcess;
  let local: DetectionEngine;
  const socketPath = engineSocketPath();
  const cameras: RemoteDetector[] = [];
  const connect = (cameraId: string) =>
    connectRemoteDetector({ socketPath, cameraId, model, items, retryMs: 100 }).then((d) => {
      cameras.push(d);
      return d;
    });

  beforeAll(async () => {
    engine = await startEngineProcess(socketPath, laneEnv);
    local = await createDetector(model);
  });
  afterAll(async () => {
    await Promise.all(cameras.map((c) => c.close()));
    await local?.close();
    await stopProcess(engine);
  });

  it('detects for several cameras at once exactly what a detector of their own finds on the same bytes', async () => {
    const frames = await Promise.all(PHOTOS.map((name, i) => photo(name, i)));
    const expected = [];
    for (const frame of frames) expected.push((await fromBytes(local, frame)).detections);
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map(connect));
    expect(a.classNames).toEqual(local.classNames);
    expect(a.roles).toEqual(local.roles);
    // Every camera sends all four frames at once (more than it may have in flight): answered in order.
    const answers = await Promise.all([a, b, c].map((camera) => Promise.all(frames.map((f) => camera.detect(f)))));
    for (const perCamera of answers) expect(perCamera.map((x) => x.detections)).toEqual(expected);
    expect(answers.flat().every((x) => x.timings.inferenceMs > 0)).toBe(true);
    expect(expected.flat().length).toBeGreaterThan(4);
  });

  it('finds what the per-worker detector finds (frames sent as bytes: scores within 0.03, boxes within a pixel or two)', async () => {
    const camera = cameras[0] ?? (await connect('a'));
    for (const name of PHOTOS) {
      const frame = await photo(name);
      const worker = (await local.detect(frame)).detections.filter((d) => d.score >= 0.25);
      const remote = (await camera.detect(frame)).detections;
      for (const d of worker) {
        const match = remote.find((r) => r.classId === d.classId && iou(r.box, d.box) > 0.95);
        expect(match, `${name}: ${d.className} ${d.score.toFixed(2)}`).toBeDefined();
        expect(Math.abs(match!.score - d.score)).toBeLessThan(0.03);
      }
    }
  });

  it('after kill -9 of the engine, drops frames as "reconnecting" and detects again once an engine is back', async () => {
    const camera = cameras[0] ?? (await connect('a'));
    const frame = await photo(PHOTOS[0]);
    const expected = (await fromBytes(local, frame)).detections;
    await stopProcess(engine, 'SIGKILL');
    await waitFor(() => camera.reconnecting || undefined, 5000, 'the camera to notice');
    await expect(camera.detect(frame)).rejects.toBeInstanceOf(DetectorReconnecting);
    const restartedAt = Date.now();
    engine = await startEngineProcess(socketPath, laneEnv);
    await waitFor(() => (camera.reconnecting ? undefined : true), 10_000, 'the camera to reconnect', 50);
    expect((await camera.detect(frame)).detections).toEqual(expected);
    expect(Date.now() - restartedAt).toBeLessThan(10_000);
  });

  it('a camera that goes away mid-frame does not disturb the engine or the other cameras', async () => {
    const stays = await connect('stays');
    const frame = await photo(PHOTOS[1]);
    const expected = (await fromBytes(local, frame)).detections;
    // A worker that says hello, sends two frames and vanishes (as one killed with -9) before the answers.
    const socket = net.connect(socketPath);
    const gone = new MessageSocket<EngineReply, EngineRequest>(socket);
    gone.send({ type: 'hello', cameraId: 'gone', model, items });
    await new Promise((resolve) => gone.once('message', resolve));
    const letterboxer = FrameLetterboxer.bytes(stays.inputSizes[0].width, stays.inputSizes[0].height);
    const geometries = [letterboxer.letterbox(frame)];
    for (let id = 0; id < 2; id++) gone.send({ type: 'detect', id, geometries }, [letterboxer.tensor]);
    socket.destroy();
    expect((await stays.detect(frame)).detections).toEqual(expected);
    expect(engine.exitCode).toBeNull();
  });

  it('refuses a bad model file with the same readable error for every camera, and keeps serving', async () => {
    const bad = { path: path.join(sharedDir(), 'media', 'pictor_0.jpg') };
    const expected = await createDetector(bad).catch((err: Error) => err.message);
    expect(expected).toMatch(/not an ONNX model/);
    const errors = await Promise.all(
      ['x', 'y', 'z'].map((cameraId) =>
        connectRemoteDetector({ socketPath, cameraId, model: bad, items }).catch((err: Error) => err.message),
      ),
    );
    expect(errors).toEqual([expected, expected, expected]);
    const camera = await connect('after');
    expect((await camera.detect(await photo(PHOTOS[2]))).detections.length).toBeGreaterThan(0);
  });
});

describe('engine detectors', () => {
  it('loads a model once for cameras whose PPE items differ', async () => {
    const socketPath = engineSocketPath();
    const server = await InferenceEngineServer.listen({ socketPath, log: silent });
    try {
      const helmetsOnly = items.filter((item) => item.id === 'helmet');
      const [all, some] = await Promise.all([
        connectRemoteDetector({ socketPath, cameraId: 'all', model, items }),
        connectRemoteDetector({ socketPath, cameraId: 'some', model, items: helmetsOnly }),
      ]);
      expect(server.sessionCount).toBe(1);
      expect(all.roles).not.toEqual(some.roles);
      await Promise.all([all.close(), some.close()]);
    } finally {
      await server.close();
    }
  });
});
