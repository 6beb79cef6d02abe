// What a camera source is to the rest of the product: frames in order, its state and figures.
import type { Frame, LentFrame } from '../domain/detection';

/** How FrameSource.onPictureChange's detail begins (shown to users as it is: the words are the product's own). */
export const PICTURE_CHANGED_DETAIL = 'the camera changed its picture size or format';

export type SourceState = 'connecting' | 'streaming' | 'offline' | 'failed';

type LogFn = (obj: Record<string, unknown>, msg?: string) => void;
/** The part of a pino logger ingest uses. */
export interface IngestLogger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

/**
 * Where a frame source's ffmpeg also writes the camera's own encoded video, copied (no decoding),
 * as segment files `r<run>-<n>.mkv` (run counts the source's ffmpeg runs), e.g. a clip buffer.
 */
export interface SegmentRecording {
  readonly dir: string;
  readonly segmentSeconds: number;
  /** A segment file closed: its csv list line ("r0-000000012.mkv,24.04,26.08"). */
  segmentClosed(line: string): void;
  /** No more segments come from this ffmpeg run (it ended, or its recording failed), and why. */
  stopped(reason: string): void;
}

export interface FrameSourceOptions {
  /** rtsp(s)://, http(s):// (MJPEG, video, HLS .m3u8), a file path or file:// URL, or a device such as /dev/video0. */
  url: string;
  /** Frames per second delivered at most; extra frames are dropped inside ffmpeg, before conversion to RGB. */
  fps: number;
  /** Larger sources are scaled down to this width, aspect kept. Default CAMERA_MAX_WIDTH (1280). */
  maxWidth?: number;
  /** Files: start over at the end. Default true. */
  loop?: boolean;
  /** Files: play at their own speed, as a live camera would. Default true. */
  realtime?: boolean;
  /** Default 'tcp': no smeared frames from lost UDP packets, and it passes NAT and firewalls. */
  rtspTransport?: 'tcp' | 'udp';
  reconnect?: {
    /** First retry delay. Default 1000. */
    initialMs?: number;
    /** Retry delay cap; a 'failed' source retries at this pace. Default 30000. */
    maxMs?: number;
    /** Consecutive attempts without a frame before the state becomes 'failed'. Default 5. */
    failAfter?: number;
  };
  /** A network read blocked this long makes ffmpeg give up (and the source reconnect). Default 5000. */
  ioTimeoutMs?: number;
  /** Longest wait for ffprobe to report the source's size. Default 15000. */
  probeTimeoutMs?: number;
  log?: IngestLogger;
  /** Also record the source's own video, copied, as segment files (not for capture devices). */
  recording?: SegmentRecording;
}

export interface SourceStats {
  state: SourceState;
  /** Frames per second received, measured over the last few seconds. */
  inputFps: number;
  framesDecoded: number;
  /** Frames replaced before nextFrame() handed them out (the consumer was busy). */
  framesDropped: number;
  /** Connection attempts after the first one. */
  reconnects: number;
  /** The latest failure, credentials masked, e.g. "rtsp://***:***@cam/x: Connection refused". */
  lastError?: string;
  /** Size of the delivered frames; 0 until the source has been probed. */
  width: number;
  height: number;
  /** When the latest frame arrived (ms since the epoch); undefined before the first. For the stall watchdog. */
  lastFrameAt?: number;
}

export interface FrameSource {
  start(): void;
  /** Ends ffmpeg (and waits until it is gone); no callback runs after this is called. Final. */
  stop(): Promise<void>;
  /**
   * Every frame, in order. Lifetime: `frame.data` is reused, it is valid until the next frame
   * callback. Copy it, or take frames with `nextFrame()`, to keep it longer or work on it async.
   */
  onFrame(cb: (frame: Frame) => void): void;
  onState(cb: (state: SourceState, detail?: string) => void): void;
  /**
   * The source's picture changed size (or format) mid-stream, once per connection: frames keep
   * coming at the probed size, scaled out of shape, until the owner restarts the camera.
   */
  onPictureChange(cb: (detail: string) => void): void;
  stats(): SourceStats;
  /** The newest frame, with the same lifetime as in `onFrame`. */
  latest(): Frame | undefined;
  /**
   * For the one slow consumer (the detector loop): the newest frame it has not had yet, waiting
   * for the next one if it has had the newest. Frames that arrive meanwhile are replaced, not
   * queued, and counted in `framesDropped`. The frame is lent, not copied: its pixels stay until
   * the consumer releases it (frames held longer only make the source allocate more buffers).
   * Resolves `undefined` once the source is stopped or a non-looping file has ended.
   */
  nextFrame(): Promise<LentFrame | undefined>;
}
