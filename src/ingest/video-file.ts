// Every frame of a video file, in order and at its own size, as fast as ffmpeg decodes: for
// offline tools (`cctv detect video.mp4`), where no frame may be skipped. Cameras use FrameSource,
// which paces, scales and drops frames instead.
import { spawn } from 'node:child_process';
import type { LentFrame } from '../domain/detection';
import { describeExit, readStderrLines, terminate, whenClosed } from './child-process';
import { classifySource, type VideoSize } from './ffmpeg-args';
import { FramePool } from './frame-pool';
import { probeVideo } from './probe';
import { RawFrameReader } from './raw-frame-reader';

export interface VideoFile extends VideoSize {
  /** Frames per second, when the file states it. */
  fps?: number;
}

/** A file opens no connection: these only satisfy the probe's options. */
const NO_CONNECTION = { rtspTransport: 'tcp', ioTimeoutMs: 5000 } as const;
const PROBE_TIMEOUT_MS = 15_000;

/** The size frames come out at (ffmpeg turns rotated phone videos upright) and the frame rate. */
export async function probeVideoFile(file: string): Promise<VideoFile> {
  const probed = await probeVideo(classifySource(file), {
    ...NO_CONNECTION,
    timeoutMs: PROBE_TIMEOUT_MS,
    signal: new AbortController().signal,
  });
  const upright = Math.abs(probed.rotation ?? 0) % 180 !== 90;
  const { width, height } = upright ? probed : { width: probed.height, height: probed.width };
  return { width, height, ...(probed.fps ? { fps: probed.fps } : {}) };
}

export interface VideoFrameOptions {
  /**
   * Take frames at this rate from the file's own timestamps, as a camera at that fps would, and
   * stamp each with its offset into the video (ms) instead of the wall clock: a replay is then
   * the same from run to run, however fast the machine is.
   */
  fps?: number;
}

/**
 * The file's frames, lent: the consumer releases each when done with it (its buffer then holds a
 * later frame). ffmpeg decodes only as fast as the consumer takes frames. Stopping early (break)
 * ends ffmpeg. Rejects with ffmpeg's last error line when decoding fails.
 */
export async function* readVideoFrames(
  file: string,
  video: VideoSize,
  opts: VideoFrameOptions = {},
): AsyncGenerator<LentFrame> {
  const { width, height } = video;
  const { fps } = opts;
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', classifySource(file).input];
  if (fps) args.push('-vf', `fps=${fps}`);
  const frameTime = (seq: number) => (fps ? Math.round((seq * 1000) / fps) : Date.now());
  const ffmpeg = spawn('ffmpeg', [...args, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
