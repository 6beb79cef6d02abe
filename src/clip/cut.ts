// Cuts a capture's clip out of the segment buffer into one MP4 a browser plays.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describeExit, readStderrLines, terminate, whenClosed } from '../ingest/child-process';
import type { Segment } from './segment-buffer';

/** Codecs MP4 and browsers take as they are: copied, no decoding. Anything else is re-encoded. */
const COPYABLE = new Set(['h264', 'hevc']);

/**
 * How long one cut (its probe and its ffmpeg) may take before it is stopped: a copy takes well
 * under a second and an MJPEG re-encode a few, but a machine loaded many times over its cores
 * makes that ten times more. Part of the longest wait for a clip.
 */
export const CUT_LIMIT_MS = 30_000;

async function run(program: string, args: string[], deadline: number): Promise<string> {
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const closed = whenClosed(child);
  let overran = false;
  const timer = setTimeout(
    () => {
      overran = true;
      void terminate(child, closed);
    },
    Math.max(0, deadline - Date.now()),
  );
  let stdout = '';
  let lastLine: string | undefined;
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  readStderrLines(child, (line) => (lastLine = line));
  const exit = await closed;
  clearTimeout(timer);
  if (overran) throw new Error(`took longer than ${CUT_LIMIT_MS / 1000} s`);
  if (exit.code !== 0) throw new Error(lastLine ?? describeExit(program, exit));
  return stdout;
}

/** The video codec of a segment, as ffprobe names it ("h264", "mjpeg"). */
export async function segmentCodec(file: string, deadline: number): Promise<string> {
  const out = await run(
    'ffprobe',
    ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', file],
    deadline,
  );
  return out.trim();
}

function codecArgs(codec: string): string[] {
  if (codec === 'hevc') return ['-c:v', 'copy', '-tag:v', 'hvc1']; // hvc1: the tag Safari and Chrome play
  if (COPYABLE.has(codec)) return ['-c:v', 'copy'];
  return ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '26', '-pix_fmt', 'yuv420p'];
}

/**
 * Writes `segments` (consecutive, oldest first) up to `toMs` to `outFile` as MP4 with the index up
 * front (faststart: playback starts before the download ends). The clip starts where the first
 * segment does, on a keyframe (segments are cut at keyframes): a copy cannot start between
 * keyframes, and a seek inside the concat input jumps to the keyframe after the point asked.
 * Returns the clip's start, wall clock.
 */
export async function cutClip(
  segments: readonly Segment[],
  toMs: number,
  outFile: string,
  /** The segments' codec (segmentCodec), and when the cut is given up. */
  { codec, deadline }: { codec: string; deadline: number },
): Promise<number> {
  const first = segments[0];
  if (!first) throw new Error('no recorded video around the capture time');
  const list = `${outFile}.list`;
  // The concat demuxer's quoting: a quote inside a name is written '\''.
  const lines = segments.map((s) => `file '${path.resolve(s.file).replace(/'/g, "'\\''")}'`);
  await fs.writeFile(list, lines.join('\n') + '\n');
  try {
    await run(
      'ffmpeg',
      [
        '-hide_banner',
        '-nostdin',
        '-loglevel',
        'error',
        '-f',
        'concat',
        '-safe',
        '0',
        '-i',
        list,
        '-t',
        ((toMs - first.startMs) / 1000).toFixed(3),
        '-map',
        '0:v:0',
        ...codecArgs(codec),
        '-movflags',
        '+faststart',
        '-f',
        'mp4',
        '-y',
        outFile,
      ],
      deadline,
    );
    return first.startMs;
  } finally {
    await fs.rm(list, { force: true });
  }
}
