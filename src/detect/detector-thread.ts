// The detection engine on a thread of its own. onnxruntime-node runs a model synchronously on the
// JavaScript thread that calls it, so while a frame is inferred nothing else in that thread moves:
// ffmpeg's pipe is not read (ffmpeg stalls on a full pipe, and behind it the camera's socket), IPC
// and status reports wait, and encoded previews are not delivered. Here the model runs on a
// worker thread; the calling thread only copies the frame into a buffer shared with it.
import { Worker } from 'node:worker_threads';
import type { Detection, Frame, PpeRole } from '../domain';
import type { Detector, DetectorLog, StageTimings } from './detector';
import type { ModelConfigInput } from './config';

/** Calling thread → detector thread. */
export type DetectorThreadRequest =
  | {
      type: 'detect';
      /** The frame's pixels: RGB24, `width × height × 3` bytes from `byteOffset`. */
      buffer: SharedArrayBuffer;
      byteOffset: number;
      width: number;
      height: number;
      seq: number;
      time: number;
    }
  | { type: 'close' };

/** Detector thread → calling thread. */
export type DetectorThreadReply =
  | { type: 'ready'; classNames: string[]; roles: PpeRole[]; hasPersonClass: boolean }
  | { type: 'failed'; message: string }
  | { type: 'detections'; detections: Detection[]; timings: StageTimings }
  | { type: 'detectFailed'; message: string }
  | { type: 'log'; level: 'info' | 'warn'; obj: object | string; msg?: string }
  | { type: 'closed' };

// The product runs its TypeScript through tsx; a worker thread does not inherit the loader, so the
// thread registers it before loading its entry (`--import tsx` in execArgv is ignored by workers).
const ENTRY = new URL('./detector-thread-entry.ts', import.meta.url).href;
const BOOT = `import('tsx/esm/api').then((tsx) => tsx.register()).then(() => import(${JSON.stringify(ENTRY)}));`;

/** Loads the model(s) on a new thread; rejects with the same errors as `createDetector`. */
export function createThreadedDetector(config: ModelConfigInput, log?: DetectorLog): Promise<Detector> {
  const worker = new Worker(BOOT, { eval: true, workerData: config });
  return new Promise((resolve, reject) => {
    const onReady = (reply: DetectorThreadReply) => {
      if (reply.type === 'log') log?.[reply.level](reply.obj, reply.msg);
      else if (reply.type === 'ready') {
        worker.off('message', onReady);
        worker.off('error', onStartError);
        resolve(new ThreadedDetector(worker, reply, log));
      } else if (reply.type === 'failed') {
        void worker.terminate();
        reject(new Error(reply.message));
      }
    };
    const onStartError = (err: Error) => reject(err);
    worker.on('message', onReady);
    worker.once('error', onStartError);
  });
}

class ThreadedDetector implements Detector {
  readonly classNames: readonly string[];
  readonly roles: readonly PpeRole[];
  readonly hasPersonClass: boolean;
  lastTimings: StageTimings = { letterboxMs: 0, inferenceMs: 0, decodeMs: 0 };
  /** Copy of the last frame that did not come in shared memory; reused while frames keep their size. */
  private ownPixels: Buffer = Buffer.alloc(0);
  /** Calls sent to the thread, oldest first: it answers them in order. */
  private readonly pending: { resolve(d: Detection[]): void; reject(err: Error): void }[] = [];
  /** Settles after the last call made so far. */
  private last: Promise<unknown> = Promise.resolve();
  private failure: Error | undefined;
  private closed = false;
  private readonly exited: Promise<void>;

  constructor(
    private readonly worker: Worker,
    ready: Extract<DetectorThreadReply, { type: 'ready' }>,
    log: DetectorLog | undefined,
  ) {
    this.classNames = ready.classNames;
    this.roles = ready.roles;
    this.hasPersonClass = ready.hasPersonClass;
    worker.on('message', (reply: DetectorThreadReply) => {
      if (reply.type === 'log') log?.[reply.level](reply.obj, reply.msg);
      else if (reply.type === 'detections') {
        this.lastTimings = reply.timings;
        this.pending.shift()?.resolve(reply.detections);
      } else if (reply.type === 'detectFailed') this.pending.shift()?.reject(new Error(reply.message));
    });
    worker.on('error', (err) => this.fail(new Error(`Detector thread failed: ${err.message}`)));
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        if (!this.closed) this.fail(new Error(`Detector thread exited (code ${code})`));
        resolve();
      }),
    );
  }

  /**
   * A frame in shared memory (a Buffer over a SharedArrayBuffer) goes to the thread as it is, at
   * once, even while earlier frames are still being detected: its pixels must not change until
   * its call resolves. Any other frame is copied, once the calls before it are done.
   */
  detect(frame: Frame): Promise<Detection[]> {
    if (this.closed) return Promise.reject(new Error('Detector is closed'));
    const { width, height, seq, data } = frame;
    const bytes = width * height * 3;
    if (data.length < bytes) {
      return Promise.reject(new Error(`Frame ${seq} holds ${data.length} bytes; ${width}x${height} RGB24 needs ${bytes}`));
    }
    const result =
      data.buffer instanceof SharedArrayBuffer
        ? this.send(frame, data)
        : this.last.then(() => {
            if (this.ownPixels.length < bytes) this.ownPixels = Buffer.from(new SharedArrayBuffer(bytes));
            data.copy(this.ownPixels, 0, 0, bytes);
            return this.send(frame, this.ownPixels);
          });
    this.last = result.catch(() => undefined);
    return result;
  }

  private send(frame: Frame, pixels: Buffer): Promise<Detection[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      const { width, height, seq, time } = frame;
      const buffer = pixels.buffer as SharedArrayBuffer;
      this.post({ type: 'detect', buffer, byteOffset: pixels.byteOffset, width, height, seq, time });
    });
  }

  private post(request: DetectorThreadRequest): void {
    this.worker.postMessage(request);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const call of this.pending.splice(0)) call.reject(err);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.last; // calls made before close() still complete
    if (!this.failure) this.post({ type: 'close' }); // the thread releases its sessions and ends
    await this.exited;
  }
}
