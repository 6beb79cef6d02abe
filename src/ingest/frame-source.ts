import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Frame, LentFrame } from '../domain/detection';
import {
  PICTURE_CHANGED_DETAIL,
  type FrameSource,
  type FrameSourceOptions,
  type IngestLogger,
  type SourceState,
  type SourceStats,
} from './source-contract';
import { type ChildExit, describeExit, readStderrLines, terminate, whenClosed } from './child-process';
import {
  CAMERA_MAX_WIDTH,
  type SourceInput,
  type VideoSize,
  classifySource,
  ffmpegArgs,
  outputSize,
  PICTURE_CHANGED,
} from './ffmpeg-args';
import { FramePool } from './frame-pool';
import { LatestFrameSlot } from './latest-frame-slot';
import { maskUrl } from './mask-url';
import { probeVideo } from './probe';
import { RawFrameReader } from './raw-frame-reader';
import { type FramePipe, openFramePipe, readFrames } from './frame-pipe';

export type { FrameSource, FrameSourceOptions, IngestLogger, SourceState, SourceStats } from './source-contract';

const FPS_WINDOW_MS = 5000;
/** Retry delays are shortened by up to this fraction at random, so cameras that fail together do not retry together. */
const JITTER = 0.2;

export function createFrameSource(opts: FrameSourceOptions): FrameSource {
  return new FfmpegFrameSource(opts);
}

class FfmpegFrameSource implements FrameSource {
  private readonly source: SourceInput;
  private readonly log: IngestLogger | undefined;
  private readonly maskedUrl: string;
  private readonly frameCallbacks: Array<(frame: Frame) => void> = [];
  private readonly stateCallbacks: Array<(state: SourceState, detail?: string) => void> = [];
  private readonly pictureCallbacks: Array<(detail: string) => void> = [];
  /** Made on the first nextFrame(): until someone consumes, each frame is released when the next arrives. */
  private slot: LatestFrameSlot | undefined;
  private readonly abort = new AbortController();

  private state: SourceState = 'offline';
  private started = false;
  private stopped = false;
  /** A non-looping file played to its end. */
  private ended = false;
  private size: VideoSize | undefined;
  /** The rate the source stated at its last probe (ffmpegArgs' sourceFps). */
  private sourceFps: number | undefined;
  private pool: FramePool | undefined;
  private reader: RawFrameReader | undefined;
  private child: ChildProcess | undefined;
  private childClosed: Promise<ChildExit> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  /** The connection attempt in progress (probing, then spawning ffmpeg); stop() waits for it. */
  private attempt: Promise<void> | undefined;
  /** Consecutive attempts that ended without a frame. */
  private failures = 0;
  private seq = 0;
  /** ffmpeg runs started: a run's recorded segments are named after it. */
  private runs = 0;
  private newest: LentFrame | undefined;
  /** The newest frame is the source's own to release (no consumer took it over). */
  private ownsNewest = false;
  private recentFrameTimes: number[] = [];
  private framesDecoded = 0;
  private reconnects = 0;
  private lastError: string | undefined;
  private lastFrameAt: number | undefined;
  private attemptStartedAt = 0;
  /** Arrival of the latest frame delivered from the current ffmpeg run. */
  private runLastFrameAt: number | undefined;

  constructor(private readonly opts: FrameSourceOptions) {
    if (!(opts.fps > 0)) throw new Error(`fps must be above 0, got ${opts.fps}`);
    this.source = classifySource(opts.url);
    this.log = opts.log;
    this.maskedUrl = maskUrl(opts.url);
  }

  start(): void {
    if (this.stopped) throw new Error('a stopped FrameSource cannot be started again');
    if (this.started) return;
    this.started = true;
    this.attempt = this.connect();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.abort.abort();
    this.slot?.close();
    await this.attempt;
    if (this.child && this.childClosed) await terminate(this.child, this.childClosed);
  }

  onFrame(cb: (frame: Frame) => void): void {
    this.frameCallbacks.push(cb);
  }

  onState(cb: (state: SourceState, detail?: string) => void): void {
    this.stateCallbacks.push(cb);
  }

  onPictureChange(cb: (detail: string) => void): void {
    this.pictureCallbacks.push(cb);
  }

  stats(): SourceStats {
    this.trimFpsWindow(Date.now());
    const times = this.recentFrameTimes;
    const span = times.length > 1 ? times[times.length - 1] - times[0] : 0;
    return {
      state: this.state,
      inputFps: span > 0 ? ((times.length - 1) * 1000) / span : 0,
      framesDecoded: this.framesDecoded,
      framesDropped: this.slot?.dropped ?? 0,
      reconnects: this.reconnects,
      lastError: this.lastError,
      width: this.size?.width ?? 0,
      height: this.size?.height ?? 0,
      lastFrameAt: this.lastFrameAt,
    };
  }

  latest(): Frame | undefined {
    return this.newest;
  }

  nextFrame(): Promise<LentFrame | undefined> {
    if (!this.slot) {
      this.slot = new LatestFrameSlot();
      if (this.stopped || this.ended) this.slot.close();
    }
    return this.slot.next();
  }

  private async connect(): Promise<void> {
    this.attemptStartedAt = Date.now();
    if (this.state !== 'failed') this.setState('connecting');
    // Probed on every connection: a camera reconfigured while it was away (another resolution or
    // aspect) would otherwise be scaled, distorted, into the size of its first connection.
    let size: VideoSize;
    try {
      size = await this.probeSize();
    } catch (err) {
      if (!this.stopped) this.attemptEnded((err as Error).message, false);
      return;
    }
    if (this.stopped) return;
    if (this.size && (size.width !== this.size.width || size.height !== this.size.height)) {
      // Frames, letterboxers and masks are all of the first size: the consumer starts over (a
      // camera worker restarts). Until then this source retries, saying so each time.
      this.attemptEnded(this.pictureChanged(this.size, size), false);
      return;
    }
    if (!this.size) {
      this.size = size;
      this.pool = new FramePool(size.width * size.height * 3);
      this.reader = new RawFrameReader(this.pool, (data) => this.deliver(data));
    }
    let pipe: FramePipe;
    try {
      pipe = await openFramePipe();
    } catch (err) {
      if (!this.stopped) this.attemptEnded((err as Error).message, false);
      return;
    }
    if (this.stopped) {
      fs.closeSync(pipe.readFd);
      fs.closeSync(pipe.writeFd);
      return;
    }
    this.spawnFfmpeg(this.size, this.reader!, pipe);
  }

  /** The size frames of this source come at: the camera's picture scaled down to maxWidth. */
  private async probeSize(): Promise<VideoSize> {
    const probed = await probeVideo(this.source, {
      ...this.connection(),
      timeoutMs: this.opts.probeTimeoutMs ?? 15_000,
      signal: this.abort.signal,
    });
    const size = outputSize(probed, this.opts.maxWidth ?? CAMERA_MAX_WIDTH);
    this.sourceFps = probed.fps;
    this.log?.info({ url: this.maskedUrl, ...probed, output: `${size.width}x${size.height}` }, 'source probed');
    return size;
  }

  private spawnFfmpeg(size: VideoSize, reader: RawFrameReader, pipe: FramePipe): void {
    const { recording } = this.opts;
    const args = ffmpegArgs(this.source, {
      ...this.connection(),
      fps: this.opts.fps,
      sourceFps: this.sourceFps,
      size,
      loop: this.opts.loop ?? true,
      realtime: this.opts.realtime ?? true,
      recording: recording && { dir: recording.dir, segmentSeconds: recording.segmentSeconds, run: this.runs++ },
    });
    this.log?.debug({ url: this.maskedUrl, args: args.map(maskUrl) }, 'starting ffmpeg');
    // Pipe 3 carries the recording's segment list.
    const child = spawn('ffmpeg', args, { stdio: ['ignore', pipe.writeFd, 'pipe', recording ? 'pipe' : 'ignore'] });
    // The child holds the write end now: its exit (or a failed start) ends the frames.
    fs.closeSync(pipe.writeFd);
    reader.reset();
    // Closed once ffmpeg is gone and every frame it wrote is read (the last frames of a file too).
    const closed = Promise.all([whenClosed(child), readFrames(pipe.readFd, reader)]).then(([exit]) => exit);
    this.child = child;
    this.childClosed = closed;
    this.runLastFrameAt = undefined;
    const framesBefore = this.framesDecoded;
    const segmentList = child.stdio[3] as Readable | null;
    if (recording && segmentList) {
      createInterface({ input: segmentList }).on('line', (line) => recording.segmentClosed(line));
    }
    const said = this.listenToStderr(child, size);
    void closed.then((exit) => {
      if (this.child === child) this.child = undefined;
      if (this.stopped) return;
      const hadFrames = this.framesDecoded > framesBefore;
      if (this.source.kind === 'file' && !(this.opts.loop ?? true) && exit.code === 0) {
        this.endOfFile();
        return;
      }
      this.attemptEnded(said.error ?? said.warning ?? describeExit('ffmpeg', exit), hadFrames);
    });
  }

  /** What this ffmpeg run says: its last error and warning (why it stopped), a picture change, a failed recording. */
  private listenToStderr(child: ChildProcess, size: VideoSize): { error?: string; warning?: string } {
    const said: { error?: string; warning?: string } = {};
    let pictureChanged = false;
    readStderrLines(child, (line, level) => {
      this.log?.debug({ url: this.maskedUrl, ffmpeg: line }, 'ffmpeg says');
      // A warning is not why ffmpeg stopped, unless nothing worse was said.
      if (level !== 'warning') said.error = line;
      else if (!line.includes(PICTURE_CHANGED)) said.warning = line;
      else if (!pictureChanged && !this.stopped) {
        pictureChanged = true;
        this.pictureChanged(size);
      }
      // The segment output failed (ffmpeg goes on with the frames): no clip video until the next run.
      if (level === 'error' && line.startsWith('segment: ')) this.opts.recording?.stopped(line);
    });
    return said;
  }

  /** Tells the consumer the picture is no longer `size`: mid-stream, or `now` at a reconnection. Returns what it said. */
  private pictureChanged(size: VideoSize, now?: VideoSize): string {
    const was = `it was ${size.width}x${size.height}`;
    const detail = now
      ? `${PICTURE_CHANGED_DETAIL} while away (${was}, now ${now.width}x${now.height})`
      : `${PICTURE_CHANGED_DETAIL} mid-stream (${was})`;
    this.log?.warn({ url: this.maskedUrl }, detail);
    for (const cb of this.pictureCallbacks) cb(detail);
    return detail;
  }

  private deliver(data: Buffer): void {
    const now = Date.now();
    if (this.stopped || this.isFlushedLeftover(now)) {
      this.pool!.recycle(data);
      return;
    }
    this.runLastFrameAt = now;
    const { width, height } = this.size!;
    const frame = this.pool!.lend(data, width, height, this.seq++, now);
    if (this.ownsNewest) this.newest?.release();
    this.newest = frame;
    this.ownsNewest = false;
    this.lastFrameAt = frame.time;
    this.framesDecoded++;
    this.recentFrameTimes.push(frame.time);
    this.trimFpsWindow(frame.time);
    if (this.state !== 'streaming') {
      // Frames flow again: the next failure starts the backoff from the beginning.
      this.failures = 0;
      this.log?.info({ url: this.maskedUrl, width, height }, 'source streaming');
      this.setState('streaming');
    }
    // The consumer's slot takes the frame over; without one the source keeps it (for latest())
    // until the next frame replaces it.
    if (this.slot) this.slot.put(frame);
    else this.ownsNewest = true;
    for (const cb of this.frameCallbacks) {
      if (this.stopped) return; // a callback may stop the source
      try {
        cb(frame);
      } catch (err) {
        this.log?.error({ url: this.maskedUrl, err }, 'frame callback threw');
      }
    }
  }

  /**
   * When an RTSP connection goes silent, ffmpeg gives up after the I/O timeout and flushes the
   * frame its parser (and, with B-frames, its decoder) still holds: a picture from before the
   * silence arriving seconds late, which would look like the stream was alive. Over RTSP frames
   * never legitimately follow a silence that long on the same connection (ffmpeg would have
   * timed out), so such a frame is a leftover and is not delivered.
   */
  private isFlushedLeftover(now: number): boolean {
    if (this.source.kind !== 'rtsp' || this.runLastFrameAt === undefined) return false;
    const silenceMs = now - this.runLastFrameAt;
    const leftover = silenceMs > Math.max(this.connection().ioTimeoutMs, 2000 / this.opts.fps);
    if (leftover) this.log?.debug({ url: this.maskedUrl, silenceMs }, 'dropped a frame ffmpeg flushed after a silence');
    return leftover;
  }

  /** An attempt (probe or ffmpeg run) is over: record why, and schedule the next one. */
  private attemptEnded(ffmpegError: string, hadFrames: boolean): void {
    const error = hadFrames ? ffmpegError : this.explainSilence(ffmpegError);
    this.lastError = error;
    this.opts.recording?.stopped(error);
    if (!hadFrames) this.failures++;
    const failAfter = this.opts.reconnect?.failAfter ?? 5;
    const failed = this.failures >= failAfter;
    const delay = this.retryDelay(failed);
    this.log?.warn(
      { url: this.maskedUrl, error, failures: this.failures, retryInMs: delay },
      hadFrames ? 'source lost' : 'source unreachable',
    );
    this.setState(failed ? 'failed' : 'offline', error);
    this.retryTimer = setTimeout(() => {
      this.reconnects++;
      this.attempt = this.connect();
    }, delay);
  }

  /**
   * ffmpeg reports an RTSP server that accepts the connection and then says nothing as "Invalid
   * data found when processing input", which reads like a broken stream; say what happened.
   */
  private explainSilence(error: string): string {
    const { ioTimeoutMs } = this.connection();
    const silent = this.source.kind === 'rtsp' && Date.now() - this.attemptStartedAt >= ioTimeoutMs;
    return silent && error.endsWith('Invalid data found when processing input')
      ? `${error} (no answer within ${ioTimeoutMs / 1000} s)`
      : error;
  }

  private retryDelay(failed: boolean): number {
    const initialMs = this.opts.reconnect?.initialMs ?? 1000;
    const maxMs = this.opts.reconnect?.maxMs ?? 30_000;
    const base = failed ? maxMs : Math.min(maxMs, initialMs * 2 ** Math.max(0, this.failures - 1));
    return Math.round(base * (1 - JITTER * Math.random()));
  }

  private endOfFile(): void {
    this.log?.info({ url: this.maskedUrl, frames: this.framesDecoded }, 'end of file');
    this.ended = true;
    this.setState('offline', 'end of file');
    this.slot?.close();
  }

  private connection() {
    return { rtspTransport: this.opts.rtspTransport ?? 'tcp', ioTimeoutMs: this.opts.ioTimeoutMs ?? 5000 };
  }

  private trimFpsWindow(now: number): void {
    const times = this.recentFrameTimes;
    let old = 0;
    while (old < times.length && times[old] < now - FPS_WINDOW_MS) old++;
    if (old > 0) times.splice(0, old);
  }

  private setState(state: SourceState, detail?: string): void {
    if (state === this.state || this.stopped) return;
    this.state = state;
    for (const cb of this.stateCallbacks) {
      try {
        cb(state, detail);
      } catch (err) {
        this.log?.error({ url: this.maskedUrl, err }, 'state callback threw');
      }
    }
  }
}
