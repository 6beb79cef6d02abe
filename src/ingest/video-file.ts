// Video files read by offline tools, as fast as the consumer takes frames. `readVideoFrames`:
// every frame at the file's own size (`cctv detect video.mp4`, where no frame may be skipped).
// `readCameraFrames`: the frames a live camera would take from the file (`cctv replay`): the
// camera's own ffmpeg command, so the same size and rate cap, stamped with the file's timestamps.
import { spawn } from 'node:child_process';
import type { LentFrame } from '../domain/detection';
import { describeExit, readStderrLines, terminate, whenClosed } from './child-process';
import {
  CAMERA_MAX_WIDTH,
  classifySource,
  decodeArgs,
  ffmpegArgs,
  outputSize,
  rateCap,
  uprightSize,
  type SourceInput,
  type VideoSize,
} from './ffmpeg-args';
import { FramePool } from './frame-pool';
import { probeVideo, type ProbedVideo } from './probe';
import { RawFrameReader } from './raw-frame-reader';

export interface VideoFile extends VideoSize {
  /** Frames per second, when the file states it. */
  fps?: number;
}

/** A file opens no connection: these only satisfy the probe's and ffmpeg's options. */
const NO_CONNECTION = { rtspTransport: 'tcp', ioTimeoutMs: 5000 } as const;
const PROBE_TIMEOUT_MS = 15_000;

function probeFile(file: string): Promise<ProbedVideo> {
  return probeVideo(classifySource(file), {
    ...NO_CONNECTION,
    timeoutMs: PROBE_TIMEOUT_MS,
    signal: new AbortController().signal,
  });
}

/** The size frames come out at (ffmpeg turns rotated phone videos upright) and the frame rate. */
export async function probeVideoFile(file: string): Promise<VideoFile> {
  const probed = await probeFile(file);
  const { width, height } = uprightSize(probed);
  return { width, height, ...(probed.fps ? { fps: probed.fps } : {}) };
}

/** How a camera reading the file gets it: its frames' size (see outputSize), and the file's own rate. */
export interface CameraVideo extends VideoSize {
  sourceFps?: number;
}

export async function cameraFrameSize(file: string, maxWidth = CAMERA_MAX_WIDTH): Promise<CameraVideo> {
  const probed = await probeFile(file);
  return { ...outputSize(probed, maxWidth), ...(probed.fps ? { sourceFps: probed.fps } : {}) };
}

/**
 * The file's frames, lent: the consumer releases each when done with it (its buffer then holds a
 * later frame). Stopping early (break) ends ffmpeg. Rejects with ffmpeg's last error line when
 * decoding fails.
 */
export function readVideoFrames(file: string, video: VideoSize): AsyncGenerator<LentFrame> {
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', classifySource(file).input];
  return decodeFrames([...args, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], video, () => Date.now());
}

/**
 * The frames a camera at `fps` takes from the file, at `size` (cameraFrameSize), lent as by
 * readVideoFrames. Each is stamped with its offset into the video (ms) instead of the wall clock:
 * a replay is then the same from run to run, however fast the machine is.
 */
export async function* readCameraFrames(file: string, video: CameraVideo, fps: number): AsyncGenerator<LentFrame> {
  const source = classifySource(file);
  const decoding = decodeArgs(fps, video.sourceFps);
  const times = await cameraFrameTimes(source, fps, decoding);
  const size = { width: video.width, height: video.height };
  const args = ffmpegArgs(source, {
    ...NO_CONNECTION,
    fps,
    sourceFps: video.sourceFps,
    size,
    loop: false,
    realtime: false,
  });
  const frameTime = (seq: number) => {
    if (seq >= times.length) throw new Error(`${file}: ffmpeg gave more frames than the ${times.length} it timed`);
    return times[seq];
  };
  yield* decodeFrames(args, size, frameTime);
}

/**
 * The offsets (ms from the first) of the frames the camera's rate cap keeps: raw frames carry no
 * timestamps, so a first ffmpeg run applies the same cap and lists its frames' own (framecrc, in
 * the stream's time base, without converting pixels). Decoding twice costs far less than detecting.
 */
async function cameraFrameTimes(source: SourceInput, fps: number, decoding: string[]): Promise<number[]> {
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', ...decoding, '-i', source.input, '-an', '-sn', '-dn'];
  args.push('-vf', rateCap(fps), '-fps_mode', 'passthrough', '-enc_time_base', '-1');
  const ffmpeg = spawn('ffmpeg', [...args, '-c:v', 'wrapped_avframe', '-f', 'framecrc', 'pipe:1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const closed = whenClosed(ffmpeg);
  let lastLine: string | undefined;
  readStderrLines(ffmpeg, (line) => (lastLine = line));
  let listing = '';
  ffmpeg.stdout.setEncoding('utf8').on('data', (text: string) => (listing += text));
  const exit = await closed;
  if (exit.spawnError || exit.code !== 0) throw new Error(lastLine ?? describeExit('ffmpeg', exit));
  const [num, den] = (/^#tb 0: (\d+)\/(\d+)$/m.exec(listing) ?? []).slice(1).map(Number);
  if (!(num > 0 && den > 0)) throw new Error('ffmpeg listed no time base for the video');
  // Data lines: stream index, dts, pts, duration, size, checksum.
  const pts = listing
    .split('\n')
    .filter((line) => /^\d/.test(line))
    .map((line) => Number(line.split(',')[2]));
  return pts.map((p) => Math.round(((p - pts[0]) * num * 1000) / den));
}

/** Runs ffmpeg (writing raw RGB frames of `size` to stdout) and lends its frames; ffmpeg decodes only as fast as they are taken. */
async function* decodeFrames(
  args: string[],
  size: VideoSize,
  frameTime: (seq: number) => number,
): AsyncGenerator<LentFrame> {
  const { width, height } = size;
  const ffmpeg = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const closed = whenClosed(ffmpeg);
  let lastLine: string | undefined;
  readStderrLines(ffmpeg, (line) => (lastLine = line));
  const pool = new FramePool(width * height * 3);
  const decoded: Buffer[] = [];
  const reader = new RawFrameReader(pool, (data) => decoded.push(data));
  let seq = 0;
  try {
    for await (const chunk of ffmpeg.stdout as AsyncIterable<Buffer>) {
      reader.push(chunk);
      for (const data of decoded.splice(0)) {
        yield pool.lend(data, width, height, seq, frameTime(seq));
        seq++;
      }
    }
    const exit = await closed;
    if (exit.spawnError || exit.code !== 0) throw new Error(lastLine ?? describeExit('ffmpeg', exit));
  } finally {
    await terminate(ffmpeg, closed);
  }
}
