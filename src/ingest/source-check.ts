// What a camera URL may point at. ffmpeg opens anything it is given: local files (and renders text
// files as pictures), devices like /dev/zero, any protocol. Sources from the API are held to what a
// camera can be: a network stream, a video capture device, or a video file in a media folder.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describeExit, readStderrLines, terminate, whenClosed } from './child-process';
import { classifySource, type SourceInput } from './ffmpeg-args';
import { maskUrl } from './mask-url';

/** How a camera whose worker was not started because of its source reports it: `source refused: <why>`. */
export const SOURCE_REFUSED = 'source refused: ';

/** A source refused before it is used; the message is for people, `detail` (masked) for the log. */
export class SourceRefused extends Error {
  override name = 'SourceRefused';
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

const VIDEO_EXTENSIONS = [
  '.mp4',
  '.m4v',
  '.mov',
  '.mkv',
  '.webm',
  '.avi',
  '.ts',
  '.mts',
  '.m2ts',
  '.flv',
  '.mpg',
  '.mpeg',
  '.wmv',
  '.asf',
  '.3gp',
  '.ogv',
  '.h264',
  '.264',
  '.h265',
  '.hevc',
  '.mjpeg',
  '.mjpg',
];

/** ffprobe's names of the containers of those files (it reports e.g. "mov,mp4,m4a,3gp,3g2,mj2"). */
const VIDEO_FORMATS = new Set(['mov', 'mp4', 'matroska', 'webm', 'avi', 'mpegts', 'flv', 'mpeg', 'asf', 'ogg']);
const RAW_VIDEO_FORMATS = new Set(['h264', 'hevc', 'mjpeg', 'mpegvideo']);

const DEVICE = /^\/dev\/video\d{1,3}$/;

/** The folders' real paths (symlinks resolved); folders that do not exist are left out. */
function realMediaDirs(dirs: readonly string[]): string[] {
  return dirs.flatMap((dir) => {
    try {
      return [fs.realpathSync(path.resolve(dir))];
    } catch {
      return [];
    }
  });
}

const isInside = (file: string, dir: string) => file === dir || file.startsWith(dir + path.sep);

/**
 * Checks where a URL points without opening it; returns what ffmpeg will be given. Files must be
 * video files (by extension) inside one of `mediaDirs` (real paths, so neither `..` nor a symlink
 * leads out), devices must be /dev/video<N>. A file outside the folders is refused without looking
 * at it, so the answer tells nothing about what exists there.
 */
export function checkSourceLocation(url: string, mediaDirs: readonly string[]): SourceInput {
  let source: SourceInput;
  try {
    source = classifySource(url);
  } catch (err) {
    throw new SourceRefused(maskUrl((err as Error).message));
  }
  if (source.kind === 'device') {
    if (!DEVICE.test(url)) throw new SourceRefused('only video capture devices (/dev/video<N>) can be used');
    return source;
  }
  if (source.kind !== 'file') return source;

  const file = source.input.slice('file:'.length);
  if (!path.isAbsolute(file)) throw new SourceRefused('a video file must be given as an absolute path');
  const dirs = realMediaDirs(mediaDirs);
  const outside = () =>
    new SourceRefused(
      dirs.length
        ? `video files must be in a media folder (${dirs.join(', ')}; setting mediaDirs / MEDIA_DIRS)`
        : 'video files cannot be used: no media folder is configured (setting mediaDirs / MEDIA_DIRS)',
    );
  const wanted = path.resolve(file);
  const lexicalDirs = [...dirs, ...mediaDirs.map((d) => path.resolve(d))];
  if (!lexicalDirs.some((dir) => isInside(wanted, dir))) throw outside();
  if (!VIDEO_EXTENSIONS.includes(path.extname(wanted).toLowerCase()))
    throw new SourceRefused(`not a video file; use one of ${VIDEO_EXTENSIONS.join(' ')}`);
  let real: string;
  try {
    real = fs.realpathSync(wanted);
  } catch {
    throw new SourceRefused(`video file not found: ${wanted}`);
  }
  if (!dirs.some((dir) => isInside(real, dir))) throw outside();
  if (!fs.statSync(real).isFile()) throw new SourceRefused(`not a video file: ${wanted}`);
  return { kind: 'file', input: `file:${real}` };
}

/**
 * Asks ffprobe what a file holds and refuses anything but a video container with a video stream:
 * ffmpeg picks its demuxer by content too, and would show a text file dressed as .mp4 as a picture.
 */
export async function checkVideoFile(source: SourceInput, timeoutMs: number): Promise<void> {
  const args = ['-v', 'error', '-show_entries', 'format=format_name:stream=codec_type', '-of', 'json'];
  const child = spawn('ffprobe', [...args, '-i', source.input], { stdio: ['ignore', 'pipe', 'pipe'] });
  const closed = whenClosed(child);
  let stdout = '';
  let lastLine: string | undefined;
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  readStderrLines(child, (line) => (lastLine = line));
  const timer = setTimeout(() => void terminate(child, closed), timeoutMs);
  const exit = await closed;
  clearTimeout(timer);
  if (exit.code !== 0) throw new SourceRefused('not a video file', lastLine ?? describeExit('ffprobe', exit));
  const probed = JSON.parse(stdout || '{}') as {
    format?: { format_name?: string };
    streams?: Array<{ codec_type?: string }>;
  };
  const formats = (probed.format?.format_name ?? '').split(',');
  const container = formats.some((f) => VIDEO_FORMATS.has(f) || RAW_VIDEO_FORMATS.has(f));
  const video = probed.streams?.some((s) => s.codec_type === 'video');
  if (!container || !video)
    throw new SourceRefused('not a video file', `ffprobe reads it as ${formats.join(',') || 'nothing'}`);
}

/**
 * Where a URL points and, for a file, what it holds (checkSourceLocation, then checkVideoFile):
 * what a camera's source must pass before the API saves it and before its worker starts.
 */
export async function checkSource(url: string, mediaDirs: readonly string[], timeoutMs: number): Promise<SourceInput> {
  const source = checkSourceLocation(url, mediaDirs);
  if (source.kind === 'file') await checkVideoFile(source, timeoutMs);
  return source;
}
