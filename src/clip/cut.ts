// Cuts a capture's clip out of the segment buffer into one MP4 a browser plays.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describeExit, readStderrLines, terminate, whenClosed } from '../ingest/child-process';
import { burnInArgs, type MaskLayers, type PictureSize } from './mask-burn';
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

/** A segment's video: its codec as ffprobe names it ("h264", "mjpeg") and its picture size. */
export interface SegmentFormat extends PictureSize {
  codec: string;
}

export async function segmentFormat(file: string, deadline: number): Promise<SegmentFormat> {
  const out = await run(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=codec_name,width,height',
      '-of',
      'csv=p=0',
      file,
    ],
    deadline,
  );
  const [codec, width, height] = out.trim().split(',');
  return { codec, width: Number(width), height: Number(height) };
}

const REENCODE = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '26', '-pix_fmt', 'yuv420p'];

function codecArgs(codec: string): string[] {
  if (codec === 'hevc') return ['-c:v', 'copy', '-tag:v', 'hvc1']; // hvc1: the tag Safari and Chrome play
  if (COPYABLE.has(codec)) return ['-c:v', 'copy'];
  return REENCODE;
}

/** The inputs after the segments, and the video's way to the output: copied or re-encoded, masks burned in. */
function videoArgs(codec: string, masks: MaskLayers | undefined): { inputs: string[]; output: string[] } {
  if (!masks) return { inputs: [], output: ['-map', '0:v:0', ...codecArgs(codec)] };
  const { inputs, filter } = burnInArgs(masks);
  return { inputs, output: ['-filter_complex', filter, '-map', '[masked]', ...REENCODE] };
}

/**
 * Writes `segments` (consecutive, oldest first) up to `toMs` to `outFile` as MP4 with the index up
 * front (faststart: playback starts before the download ends). The clip starts where the first
 * segment does, on a keyframe (segments are cut at keyframes): a copy cannot start between
 * keyframes, and a seek inside the concat input jumps to the keyframe after the point asked.
 * With `masks` (a camera with privacy masks) the video is re-encoded with them burned in.
 * Returns the clip's start, wall clock.
 */
export async function cutClip(
  segments: readonly Segment[],
  toMs: number,
  outFile: string,
  /** The segments' codec (segmentFormat), when the cut is given up, and the masks to burn in. */
  { codec, deadline, masks }: { codec: string; deadline: number; masks?: MaskLayers },
): Promise<number> {
  const first = segments[0];
  if (!first) throw new Error('no recorded video around the capture time');
  const list = `${outFile}.list`;
  // The concat demuxer's quoting: a quote inside a name is written '\''.
  const lines = segments.map((s) => `file '${path.resolve(s.file).replace(/'/g, "'\\''")}'`);
  await fs.writeFile(list, lines.join('\n') + '\n');
  const video = videoArgs(codec, masks);
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
        ...video.inputs,
        '-t',
        ((toMs - first.startMs) / 1000).toFixed(3),
        ...video.output,
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
