// A camera worker's detector when the host runs one inference engine (server.ts): frames are
// letterboxed here into CHW bytes and sent over the engine's socket; detections come back in the
// order sent. If the engine goes away (killed, restarting), frames are dropped with
// DetectorReconnecting while the connection is dialled again, and detection resumes once the
// engine answers: the worker keeps its stream, tracks and previews meanwhile.
import net from 'node:net';
import type { ModelConfigInput } from '../detect/config';
import type { DetectorLog, FrameDetections, InputSize, RegionDetector } from '../detect/detector';
import { DetectorFailed } from '../detect/detector-failed';
import { FrameLetterboxer, type FrameRegion } from '../detect/letterbox';
import type { Frame, PpeRole } from '../domain/detection';
import type { PpeItem } from '../domain/ppe-items';
import { MessageSocket } from '../worker/message-socket';
import type { EngineReply, EngineRequest } from './protocol';

/** The engine is not reachable now: this frame is not detected, later ones will be once it is back. */
export class DetectorReconnecting extends Error {}

/** The engine answered the hello with a refusal: the model cannot be loaded. */
class ModelRefused extends Error {}

type EngineConnection = MessageSocket<EngineReply, EngineRequest>;
type Ready = Extract<EngineReply, { type: 'ready' }>;

export interface RemoteDetectorOptions {
  socketPath: string;
  cameraId: string;
  model: ModelConfigInput;
  items: readonly PpeItem[];
  log?: DetectorLog;
  /** How long the first connection may take: the engine may still be starting. Default 30 s. */
  connectTimeoutMs?: number;
  /** Pause between attempts to reach the engine. Default 250 ms. */
  retryMs?: number;
}

/**
 * Passes sent ahead: the one the engine runs and the next, so the engine never waits for this
 * camera's next frame; a third call waits. Bounded, so a camera never queues more in the engine.
 */
const PASSES_IN_FLIGHT = 2;

/** Connects to the engine and waits until its model is ready; rejects with the engine's message if it refuses the model. */
export async function connectRemoteDetector(opts: RemoteDetectorOptions): Promise<RemoteDetector> {
  const deadline = Date.now() + (opts.connectTimeoutMs ?? 30_000);
  for (;;) {
    try {
      const { connection, ready } = await dial(opts);
      return new RemoteDetector(opts, connection, ready);
    } catch (err) {
      if (err instanceof ModelRefused) throw new Error(err.message);
      if (Date.now() >= deadline) {
        throw new Error(`The inference engine at ${opts.socketPath} is not reachable: ${(err as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, opts.retryMs ?? 250));
    }
  }
}

/** One connection to the engine, once its model is ready for this camera. */
function dial(opts: RemoteDetectorOptions): Promise<{ connection: EngineConnection; ready: Ready }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(opts.socketPath);
    const connection: EngineConnection = new MessageSocket(socket);
    socket.once('error', (err) => reject(err));
    socket.once('connect', () =>
      connection.send({ type: 'hello', cameraId: opts.cameraId, model: opts.model, items: opts.items }),
    );
    connection.once('message', (reply: EngineReply) => {
      if (reply.type === 'ready') return resolve({ connection, ready: reply });
      connection.close();
      reject(new ModelRefused(reply.type === 'failed' ? reply.message : `unexpected ${reply.type}`));
    });
    connection.once('close', () => reject(new Error('the engine closed the connection')));
  });
}

/** A call waiting to be sent, or sent and waiting for its answer. */
interface Call {
  frame: Frame;
  region?: FrameRegion;
  letterboxMs: number;
  resolve(answer: FrameDetections): void;
  reject(err: Error): void;
}

export class RemoteDetector implements RegionDetector {
  readonly classNames: readonly string[];
  readonly roles: readonly PpeRole[];
  readonly hasPersonClass: boolean;
  readonly inputSizes: readonly InputSize[];
  /**
   * Per pass in flight, letterboxers into CHW bytes (one per input size): a pass's bytes are
   * written from them, so they are reused only once that pass is answered.
   */
  private readonly slots: FrameLetterboxer<Uint8ClampedArray>[][];
  private connection: EngineConnection | undefined;
  private nextId = 0;
  /** Sent, by id, oldest first: the engine answers a camera's passes in order. */
  private readonly sent = new Map<number, Call>();
  private readonly waiting: Call[] = [];
  private failure: Error | undefined;
  private closed = false;
  /** Resolves once every call made before close() is answered. */
  private drained: (() => void) | undefined;

  constructor(
    private readonly opts: RemoteDetectorOptions,
    connection: EngineConnection,
    ready: Ready,
  ) {
    this.classNames = ready.classNames;
    this.roles = ready.roles;
    this.hasPersonClass = ready.hasPersonClass;
    this.inputSizes = ready.inputSizes;
    this.slots = Array.from({ length: PASSES_IN_FLIGHT }, () =>
      ready.inputSizes.map(({ width, height }) => FrameLetterboxer.bytes(width, height)),
    );
    this.attach(connection);
  }

  /** The engine is gone and being dialled again: frames are not detected meanwhile. */
  get reconnecting(): boolean {
    return !this.connection && !this.failure && !this.closed;
  }

  detect(frame: Frame, region?: FrameRegion): Promise<FrameDetections> {
    if (this.closed) return Promise.reject(new Error('Detector is closed'));
    if (this.failure) return Promise.reject(this.failure);
    if (!this.connection) return Promise.reject(new DetectorReconnecting('detector reconnecting'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ frame, region, letterboxMs: 0, resolve, reject });
      this.sendWaiting();
    });
  }

  private sendWaiting(): void {
    while (this.connection && this.sent.size < PASSES_IN_FLIGHT && this.waiting.length) {
      const call = this.waiting.shift()!;
      try {
        const id = this.nextId;
        // Passes are answered in order: the pass that used this slot before is answered.
        const letterboxers = this.slots[id % PASSES_IN_FLIGHT];
        const t = performance.now();
        const geometries = letterboxers.map((l) => l.letterbox(call.frame, call.region));
        call.letterboxMs = performance.now() - t;
        this.nextId++;
        this.sent.set(id, call);
        this.connection.send(
          { type: 'detect', id, geometries },
          letterboxers.map((l) => l.tensor),
        );
      } catch (err) {
        call.reject(err as Error);
      }
    }
    if (this.closed && !this.sent.size && !this.waiting.length) this.drained?.();
  }

  private attach(connection: EngineConnection): void {
    this.connection = connection;
    connection.on('message', (reply: EngineReply) => {
      if (reply.type !== 'detections' && reply.type !== 'detectFailed') return;
      const call = this.sent.get(reply.id);
      if (!call) return;
      this.sent.delete(reply.id);
      if (reply.type === 'detectFailed') call.reject(new Error(reply.message));
      else {
        const timings = { ...reply.timings, letterboxMs: reply.timings.letterboxMs + call.letterboxMs };
        call.resolve({ detections: reply.detections, timings, ...(reply.passes ? { passes: reply.passes } : {}) });
      }
      this.sendWaiting();
    });
    connection.once('close', () => this.lost(connection));
  }

  /** The engine went away: what was asked of it is dropped, and it is dialled until it answers again. */
  private lost(connection: EngineConnection): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    const dropped = new DetectorReconnecting('detector reconnecting: the inference engine went away');
    for (const call of [...this.sent.values(), ...this.waiting.splice(0)]) call.reject(dropped);
    this.sent.clear();
    this.drained?.();
    if (this.closed) return;
    this.opts.log?.warn({ socket: this.opts.socketPath }, 'inference engine lost; reconnecting');
    void this.redial();
  }

  private async redial(): Promise<void> {
    while (!this.closed) {
      await new Promise((resolve) => setTimeout(resolve, this.opts.retryMs ?? 250));
      try {
        const { connection, ready } = await dial(this.opts);
        if (this.closed) return connection.close();
        if (ready.classNames.join('\n') !== this.classNames.join('\n')) {
          connection.close();
          this.failure = new DetectorFailed('The inference engine came back with another model: restarting the camera');
          return;
        }
        this.attach(connection);
        this.opts.log?.info({ socket: this.opts.socketPath }, 'inference engine reconnected');
        return;
      } catch (err) {
        if (err instanceof ModelRefused) {
          this.failure = new DetectorFailed(err.message);
          return;
        }
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.sent.size || this.waiting.length) await new Promise<void>((resolve) => (this.drained = resolve));
    this.connection?.close();
    this.connection = undefined;
  }
}
