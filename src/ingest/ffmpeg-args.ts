import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { maskUrl } from './mask-url';

/** How ffmpeg has to treat a source: the options that apply differ and ffmpeg rejects unused ones. */
export type SourceKind = 'rtsp' | 'http' | 'hls' | 'file' | 'device';

export interface SourceInput {
  kind: SourceKind;
  /** What follows `-i`. */
  input: string;
}

export interface VideoSize {
  width: number;
  height: number;
}

export function classifySource(url: string): SourceInput {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'rtsp':
    case 'rtsps':
      return { kind: 'rtsp', input: url };
    case 'http':
    case 'https': {
      const path = url.replace(/[?#].*$/, '');
      return { kind: /\.m3u8$/i.test(path) ? 'hls' : 'http', input: url };
    }
    case 'file':
      return { kind: 'file', input: `file:${fileURLToPath(url)}` };
    case undefined:
      // `file:` keeps ffmpeg from reading a name with a colon as a protocol, or one starting with `-` as an option.
      return url.startsWith('/dev/') ? { kind: 'device', input: url } : { kind: 'file', input: `file:${url}` };
    default:
      throw new Error(`unsupported source URL scheme "${scheme}:" in ${maskUrl(url)}`);
  }
}

export interface ConnectionOptions {
  rtspTransport: 'tcp' | 'udp';
  /** A network read blocked this long fails, so a dead camera ends ffmpeg instead of hanging it. */
  ioTimeoutMs: number;
}

/** Options that open the source; shared by ffprobe and ffmpeg so both reach it the same way. */
export function connectionArgs(kind: SourceKind, opts: ConnectionOptions): string[] {
  const timeoutUs = String(Math.round(opts.ioTimeoutMs * 1000));
  switch (kind) {
    case 'rtsp':
      // Audio is never used: not setting it up saves the camera a stream.
      return ['-rtsp_transport', opts.rtspTransport, '-timeout', timeoutUs, '-allowed_media_types', 'video'];
    case 'http':
      return ['-rw_timeout', timeoutUs];
    case 'hls':
      // Start at the newest segment; ffmpeg's default starts three segments back, i.e. that much behind live.
      return ['-rw_timeout', timeoutUs, '-live_start_index', '-1'];
    case 'device':
      return ['-f', 'v4l2'];
    case 'file':
      return [];
  }
}

export interface FfmpegOptions extends ConnectionOptions {
  fps: number;
  /** The source's own frame rate, when it states one (decodeArgs). */
  sourceFps?: number;
  size: VideoSize;
  loop: boolean;
  realtime: boolean;
  /** Also copy the video into segment files (recordingArgs), for this run of ffmpeg. */
  recording?: { dir: string; segmentSeconds: number; run: number };
}

export function ffmpegArgs(source: SourceInput, opts: FfmpegOptions): string[] {
  const { width, height } = opts.size;
  return [
    '-hide_banner',
    '-nostdin',
    // Warnings too, tagged with their level: PICTURE_CHANGED is one; errors still give the reason.
    '-loglevel',
    'level+warning',
    ...pacingArgs(source.kind, opts),
    ...connectionArgs(source.kind, opts),
    ...decodeArgs(opts.fps, opts.sourceFps),
    // The filters stay set up for the picture size the source was probed at, so a size change
    // mid-stream is reported (PICTURE_CHANGED) instead of scaled silently into a distorted picture.
    '-reinit_filter',
    '0',
    '-i',
    source.input,
    '-an',
    '-sn',
    '-dn',
    // A fixed output size: frames stay exactly width*height*3 bytes even if the camera changes resolution.
    '-vf',
    `${rateCap(opts.fps)},scale=${width}:${height}:flags=bilinear,format=rgb24`,
    // Pass frames on as the filter chose them (no duplicates added to keep a constant rate), and
    // write each one out at once rather than when the next one fills the output buffer.
    '-fps_mode',
    'passthrough',
    '-flush_packets',
    '1',
    '-f',
    'rawvideo',
    'pipe:1',
    ...(opts.recording ? recordingArgs(source.kind, opts.recording) : []),
  ];
}

/**
 * A second output: the camera's video stream copied (never decoded) into segment files.
 * Matroska segments hold any codec (H.264, HEVC, MJPEG), so every source records the same way;
 * a clip's cut decides between copying and re-encoding. The segment list goes to pipe 3 as each
 * segment closes, which is how the recording learns a segment is complete. Should this output
 * fail (a full disk), ffmpeg closes it and goes on with the frames.
 */
export function recordingArgs(kind: SourceKind, opts: { dir: string; segmentSeconds: number; run: number }): string[] {
  // Over RTP the first packets of a stream with B-frames come without timestamps, which no muxer
  // takes ("unknown timestamp"): copying starts at the first keyframe after them.
  const settled = kind === 'rtsp' ? ['-ss', '0.1'] : [];
  return [
    ...['-map', '0:v:0', '-c', 'copy', ...settled, '-f', 'segment', '-segment_time', String(opts.segmentSeconds)],
    ...['-reset_timestamps', '1', '-segment_format', 'matroska'],
    ...['-segment_list', 'pipe:3', '-segment_list_type', 'csv', path.join(opts.dir, `r${opts.run}-%09d.mkv`)],
  ];
}

/** What ffmpeg (run with ffmpegArgs) warns once the source's picture size or format changes mid-stream. */
export const PICTURE_CHANGED = 'Changing video frame properties on the fly';

function pacingArgs(kind: SourceKind, opts: FfmpegOptions): string[] {
  if (kind === 'file') return [...(opts.realtime ? ['-re'] : []), ...(opts.loop ? ['-stream_loop', '-1'] : [])];
  // low_delay turns off frame-threaded decoding, which holds back one frame per decoder thread.
  // (Not `-fflags nobuffer`: it discards the packets read while probing the stream, keyframe
  // included, so the first picture waits for the next keyframe — seconds on many cameras.)
  const live = ['-flags', 'low_delay'];
  // MJPEG cameras send no usable timestamps: use arrival time, so the rate cap means real seconds.
  return kind === 'http' ? [...live, '-use_wallclock_as_timestamps', '1'] : live;
}

/**
 * Frames that no other frame refers to (B-frames) come at most this many in a row from x264's
 * defaults and most cameras; some encoders put more (the demo clip: up to 6).
 */
const MAX_UNREFERENCED_RUN = 3;

/**
 * Decoder options for a camera keeping `fps` of the source's `sourceFps`: when the rate cap keeps
 * at most one frame in MAX_UNREFERENCED_RUN + 1, frames nothing refers to are not decoded at all.
 * Decoding is most of ffmpeg's cost and B-frames are most frames of many streams: ffmpeg's CPU
 * per camera ×0.63 (bench/results.md, seventh round). The rest still give a frame in every slot
 * of the cap, a later one of the slot when it starts on a B-frame; from longer runs a slot now and
 * then gets none (the demo clip at 5 fps: 299 frames of 305).
 */
export function decodeArgs(fps: number, sourceFps: number | undefined): string[] {
  return sourceFps !== undefined && fps * (MAX_UNREFERENCED_RUN + 1) <= sourceFps ? ['-skip_frame', 'noref'] : [];
}

/**
 * Keeps at most `fps` frames per second: the first frame of each 1/fps time slot passes, the
 * rest are dropped. Unlike ffmpeg's `fps` filter this never holds a frame back waiting for the
 * next one (no added latency, no stale frame flushed out when ffmpeg exits) and never duplicates
 * frames to fill a gap in the stream. A timestamp jump backwards restarts the slots.
 */
export function rateCap(fps: number): string {
  const slot = (t: string) => `floor(${t}*${fps})`;
  return `select='isnan(prev_selected_t)+gt(${slot('t')},${slot('prev_selected_t')})+lt(t,prev_selected_t)'`;
}

export function ffprobeArgs(source: SourceInput, opts: ConnectionOptions): string[] {
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    ...connectionArgs(source.kind, opts),
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height,sample_aspect_ratio,avg_frame_rate:stream_side_data=rotation',
    '-of',
    'json',
    '-i',
    source.input,
  ];
}

/** Cameras deliver frames at most this wide: larger sources are scaled down, aspect kept. */
export const CAMERA_MAX_WIDTH = 1280;

/** A source as probed: its stored size, pixel aspect (when not square) and display rotation. */
export interface StoredVideo extends VideoSize {
  /** Pixel aspect (sample aspect ratio) when it is not square, e.g. 12/11 for PAL D1. */
  sampleAspect?: number;
  /** Display rotation in degrees (phone videos), when the source has one: ffmpeg turns frames upright. */
  rotation?: number;
}

/**
 * The size ffmpeg decodes a source at, before any scaling: turned upright, as ffmpeg turns rotated
 * phone videos (their pixels' aspect turning with them).
 */
export function uprightSize(source: StoredVideo): VideoSize & { sampleAspect?: number } {
  const { width, height, sampleAspect } = source;
  if (Math.abs(source.rotation ?? 0) % 180 !== 90) return { width, height, sampleAspect };
  return { width: height, height: width, sampleAspect: sampleAspect && 1 / sampleAspect };
}

/**
 * The size frames are delivered at: the source's upright display size (non-square pixels, as in
 * D1 cameras, made square) scaled down to at most `maxWidth`, aspect kept, rounded to even numbers.
 */
export function outputSize(source: StoredVideo, maxWidth: number): VideoSize {
  const upright = uprightSize(source);
  const displayWidth = upright.width * (upright.sampleAspect ?? 1);
  const width = Math.min(displayWidth, maxWidth);
  const even = (n: number) => Math.max(2, 2 * Math.round(n / 2));
  return { width: even(width), height: even((upright.height * width) / displayWidth) };
}
