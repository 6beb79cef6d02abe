// The detection engine on a thread of its own. onnxruntime-node runs a model synchronously on the
// JavaScript thread that calls it, so while a frame is inferred nothing else in that thread moves:
// ffmpeg's pipe is not read (ffmpeg stalls on a full pipe, and behind it the camera's socket), IPC
// and status reports wait, and encoded previews are not delivered. Here the models run on a
// worker thread. The calling thread letterboxes each frame into memory shared with that thread,
// while the thread is still busy with the frame before: the model never waits for its input.
import { Worker } from 'node:worker_threads';
import type { Frame, PpeRole } from '../domain/detection';
import { BUILT_IN_CATALOGUE, type PpeCatalogue, type PpeItem } from '../domain/ppe-items';
import type { DetectionEngine, DetectorLog, FrameDetections, InputSize } from './detector';
import { DetectorFailed } from './detector-failed';
import type { ModelConfigInput } from './config';
import { FrameLetterboxer, type FrameRegion, type LetterboxedInput, type LetterboxGeometry } from './letterbox';
import { threadEntry } from '../runtime';

/** Calling thread → detector thread. */
export type DetectorThreadRequest =
  /** Sent once: per slot, the shared inputs (float32), one per input size the thread announced. */
  | { type: 'inputs'; slots: SharedArrayBuffer[][] }
  /** The frame letterboxed into that slot's inputs. */
  | { type: 'detect'; slot: number; geometries: LetterboxGeometry[] }
  /** Inputs letterboxed elsewhere (a camera worker of the host's engine), copied with the message. */
  | { type: 'detectInputs'; inputs: LetterboxedInput[]; geometries: LetterboxGeometry[] }
  | { type: 'close' };

/** What the thread is started with: the model settings and the items that give classes their roles. */
export interface DetectorThreadData {
  model: ModelConfigInput;
  items: readonly PpeItem[];
}

/** Detector thread → calling thread. */
export type DetectorThreadReply =
  | { type: 'ready'; classNames: string[]; roles: PpeRole[]; hasPersonClass: boolean; inputSizes: InputSize[] }
  | { type: 'failed'; message: string }
  | ({ type: 'detections' } & FrameDetections)
  | { type: 'detectFailed'; message: string }
  | { type: 'log'; level: 'info' | 'warn'; obj: object | string; msg?: string };

/** The detector thread died: no further frame can be detected by this detector. */
export class DetectorThreadFailed extends DetectorFailed {}

/** Loads the model(s) on a new thread; rejects with the same errors as `createDetector`. */
export function createThreadedDetector(
  config: ModelConfigInput,
  log?: DetectorLog,
  catalogue: PpeCatalogue = BUILT_IN_CATALOGUE,
): Promise<DetectionEngine> {
  const entry = threadEntry('detectorThread');
  const workerData: DetectorThreadData = { model: config, items: catalogue.items };
  const worker = new Worker(entry.filename, { eval: entry.eval, workerData });
  return new Promise((resolve, reject) => {
    const onReady = (reply: DetectorThreadReply) => {
      if (reply.type === 'log') log?.[reply.level](reply.obj, reply.msg);
      else if (reply.type === 'ready') {
        worker.off('message', onReady);
        worker.off('error', onStartError);
        worker.off('exit', onStartExit);
        resolve(new ThreadedDetector(worker, reply, log));
      } else if (reply.type === 'failed') {
        void worker.terminate();
        reject(new Error(reply.message));
      }
    };
    const onStartError = (err: Error) => reject(err);
    // After a 'failed' reply this rejection is a no-op; without one it is the only word of the exit.
    const onStartExit = (code: number) =>
      reject(new Error(`Detector thread exited while loading the model (code ${code})`));
    worker.on('message', onReady);
    worker.once('error', onStartError);
    worker.once('exit', onStartExit);
  });
}

/**
 * Frames letterboxed ahead: the one the thread is running and the next. A third call waits until
 * the first is answered.
 */
const INPUTS_IN_FLIGHT = 2;

/** One set of letterboxed inputs shared with the thread, and when it is free again. */
interface InputSlot {
  index: number;
  letterboxers: FrameLetterboxer[];
  inputs: SharedArrayBuffer[];
  /** Settles once the last call that used this slot is answered. */
  released: Promise<unknown>;
}

/** A call handed to the thread, waiting for its answer. */
interface SentCall {
  /** Time this thread spent letterboxing the call's frame. */
  letterboxMs: number;
  resolve(answer: FrameDetections): void;
  reject(err: Error): void;
}

class ThreadedDetector implements DetectionEngine {
  readonly classNames: readonly string[];
  readonly roles: readonly PpeRole[];
  readonly hasPersonClass: boolean;
  readonly inputSizes: readonly InputSize[];
  private readonly slots: InputSlot[];
  private calls = 0;
  /** Calls sent to the thread, oldest first: it answers them in order. */
  private readonly pending: SentCall[] = [];
  /** Settles once the last call made so far was sent (calls are sent in the order made). */
  private lastSent: Promise<unknown> = Promise.resolve();
  /** Settles once the last call made so far is answered. */
  private lastAnswered: Promise<unknown> = Promise.resolve();
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
    this.inputSizes = ready.inputSizes;
    this.slots = Array.from({ length: INPUTS_IN_FLIGHT }, (_, index) => {
      const inputs = ready.inputSizes.map(({ width, height }) => new SharedArrayBuffer(3 * width * height * 4));
      const letterboxers = ready.inputSizes.map(
        ({ width, height }, i) => new FrameLetterboxer(width, height, 'bilinear', new Float32Array(inputs[i])),
      );
      return { index, letterboxers, inputs, released: Promise.resolve() };
    });
    this.post({ type: 'inputs', slots: this.slots.map((slot) => slot.inputs) });
    worker.on('message', (reply: DetectorThreadReply) => {
      if (reply.type === 'log') log?.[reply.level](reply.obj, reply.msg);
      else if (reply.type === 'detections') {
        const call = this.pending.shift();
        if (!call) return;
        // Letterboxing here and the thread's copy of it into the model input are one stage.
        const timings = { ...reply.timings, letterboxMs: call.letterboxMs + reply.timings.letterboxMs };
        call.resolve({ detections: reply.detections, timings });
      } else if (reply.type === 'detectFailed') this.pending.shift()?.reject(new Error(reply.message));
    });
    worker.on('error', (err) => this.fail(new DetectorThreadFailed(`Detector thread failed: ${err.message}`)));
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        if (!this.closed) this.fail(new DetectorThreadFailed(`Detector thread exited (code ${code})`));
        resolve();
      }),
    );
  }

  detect(frame: Frame, region?: FrameRegion): Promise<FrameDetections> {
    if (this.closed) return Promise.reject(new Error('Detector is closed'));
    const slot = this.slots[this.calls++ % this.slots.length];
    let answer: Promise<FrameDetections> | undefined;
    const sent = Promise.all([this.lastSent, slot.released]).then(() => {
      answer = this.send(slot, frame, region);
    });
    const result = sent.then(() => answer!);
    this.lastSent = sent.catch(() => undefined);
    this.lastAnswered = slot.released = result.catch(() => undefined);
    return result;
  }

  /** Inputs already letterboxed: copied to the thread with the call, in the order of all calls. */
  detectLetterboxed(
    inputs: readonly LetterboxedInput[],
    geometries: readonly LetterboxGeometry[],
  ): Promise<FrameDetections> {
    if (this.closed) return Promise.reject(new Error('Detector is closed'));
    let answer: Promise<FrameDetections> | undefined;
    const sent = this.lastSent.then(() => {
      answer = this.call({ type: 'detectInputs', inputs: [...inputs], geometries: [...geometries] }, 0);
    });
    const result = sent.then(() => answer!);
    this.lastSent = sent.catch(() => undefined);
    this.lastAnswered = result.catch(() => undefined);
    return result;
  }

  /** Letterboxes the frame (or region) into the slot's shared inputs and hands them to the thread. */
  private send(slot: InputSlot, frame: Frame, region: FrameRegion | undefined): Promise<FrameDetections> {
    if (this.failure) return Promise.reject(this.failure);
    const t = performance.now();
    const geometries = slot.letterboxers.map((l) => l.letterbox(frame, region));
    return this.call({ type: 'detect', slot: slot.index, geometries }, performance.now() - t);
  }

  private call(request: DetectorThreadRequest, letterboxMs: number): Promise<FrameDetections> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.push({ letterboxMs, resolve, reject });
      this.post(request);
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
    await this.lastAnswered; // calls made before close() still complete
    if (!this.failure) this.post({ type: 'close' }); // the thread releases its sessions and ends
    await this.exited;
  }
}
