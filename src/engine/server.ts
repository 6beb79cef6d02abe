// The host's inference engine: listens on a unix socket for camera workers, runs their frames on
// the host's detectors, a pass per lane at a time (lanes.ts; one lane: on this thread, with all
// the host's threads), picking the next pass fairly (scheduler.ts), never two of one camera at
// once. A worker that goes away takes only its own waiting passes with it.
import fs from 'node:fs';
import net from 'node:net';
import type { DetectionEngine, DetectorLog } from '../detect/detector';
import { MessageSocket } from '../worker/message-socket';
import { HostDetectors } from './host-detectors';
import type { EngineReply, EngineRequest } from './protocol';
import { FairScheduler } from './scheduler';

type EngineConnection = MessageSocket<EngineRequest, EngineReply>;

/** A pass waiting for its turn. */
interface WaitingPass {
  connection: EngineConnection;
  detector: DetectionEngine;
  request: Extract<EngineRequest, { type: 'detect' }>;
  /** The frame's bytes, in a buffer of the connection's pool: returned to it once the pass ran. */
  frame: Uint8Array;
  pool: FramePool;
}

/**
 * A connection's frame buffers, reused: a camera has at most two passes in the engine, and a fresh
 * 300 KB buffer a frame costs more CPU than the copy into it (page faults).
 */
class FramePool {
  private readonly free: Uint8Array[] = [];

  take(bytes: number): Uint8Array {
    const at = this.free.findIndex((b) => b.length === bytes);
    return at >= 0 ? this.free.splice(at, 1)[0] : new Uint8Array(bytes);
  }

  give(buffer: Uint8Array): void {
    if (this.free.length < 4) this.free.push(buffer);
  }
}

export interface EngineServerOptions {
  socketPath: string;
  /** onnxruntime intra-op threads (per lane); undefined: a thread per core. */
  threads?: number;
  /** Passes run side by side (lanes.ts); default 1. */
  lanes?: number;
  log: DetectorLog & { error(obj: object, msg?: string): void };
}

export class InferenceEngineServer {
  private readonly scheduler = new FairScheduler<WaitingPass>();
  private readonly detectors: HostDetectors;
  private readonly sockets = new Set<net.Socket>();
  private clients = 0;
  /** Clients with a pass running: one at a time each, so a camera's passes are answered in order. */
  private readonly running = new Set<string>();

  private constructor(
    private readonly server: net.Server,
    private readonly opts: EngineServerOptions,
  ) {
    this.detectors = new HostDetectors(opts.threads, opts.log, opts.lanes ?? 1);
    server.on('connection', (socket) => this.accept(socket));
  }

  /** Listens on `socketPath`, replacing the socket file a killed engine left behind. */
  static async listen(opts: EngineServerOptions): Promise<InferenceEngineServer> {
    removeStaleSocket(opts.socketPath);
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.socketPath, () => resolve());
    });
    return new InferenceEngineServer(server, opts);
  }

  /** onnxruntime sessions loaded: one per model file in use, whatever the number of cameras. */
  get sessionCount(): number {
    return this.detectors.sessionCount;
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    const client = `client-${++this.clients}`;
    const pool = new FramePool();
    const connection: EngineConnection = new MessageSocket(socket, { attachmentBuffer: (bytes) => pool.take(bytes) });
    let detector: DetectionEngine | undefined;
    let camera = '';
    connection.on('message', (message: EngineRequest, frame?: Uint8Array) => {
      if (message.type === 'hello') {
        camera = message.cameraId;
        this.detectors.detector(message.model, message.items).then(
          (ready) => {
            detector = ready;
            connection.send({
              type: 'ready',
              classNames: [...ready.classNames],
              roles: [...ready.roles],
              hasPersonClass: ready.hasPersonClass,
              inputSizes: [...ready.inputSizes],
            });
          },
          (err: Error) => {
            this.opts.log.error({ camera, err: err.message }, 'model refused');
            connection.send({ type: 'failed', message: err.message });
          },
        );
      } else if (!detector || !frame) {
        const reason = detector ? 'a frame without its pixels' : 'detect before the model was ready';
        connection.send({ type: 'detectFailed', id: message.id, message: reason });
      } else {
        this.scheduler.push(client, { connection, detector, request: message, frame, pool });
        this.runNext();
      }
    });
    connection.once('close', () => {
      this.sockets.delete(socket);
      this.scheduler.drop(client);
    });
  }

  /** Runs the next waiting pass if a lane is free; then, after reading what arrived meanwhile, the next. */
  private runNext(): void {
    if (this.running.size >= this.detectors.lanes) return;
    const next = this.scheduler.take(this.running);
    if (!next) return;
    this.running.add(next.client);
    if (this.running.size < this.detectors.lanes) this.runNext();
    const { connection, detector, request, frame, pool } = next.request;
    detector
      .detectLetterboxed(frameInputs(frame, detector), request.geometries)
      .then(
        (answer) => connection.send({ type: 'detections', id: request.id, ...answer }),
        (err: Error) => connection.send({ type: 'detectFailed', id: request.id, message: err.message }),
      )
      .finally(() => {
        pool.give(frame);
        this.running.delete(next.client);
        // setImmediate: frames other cameras sent during this pass are read before the next is picked.
        setImmediate(() => this.runNext());
      });
  }

  async close(): Promise<void> {
    const closed = new Promise((resolve) => this.server.close(resolve));
    for (const socket of this.sockets) socket.destroy();
    await closed;
    await this.detectors.close();
  }
}

/** The frame's bytes as one input per input size of the detector (a wrong size fails the pass). */
function frameInputs(frame: Uint8Array, detector: DetectionEngine): Uint8Array[] {
  let offset = 0;
  return detector.inputSizes.map(({ width, height }) => {
    const input = frame.subarray(offset, offset + 3 * width * height);
    offset += 3 * width * height;
    return input;
  });
}

function removeStaleSocket(socketPath: string): void {
  try {
    if (fs.statSync(socketPath).isSocket()) fs.unlinkSync(socketPath);
  } catch {
    // no socket there: nothing to remove
  }
}
