// Sample footage for the benches: frames decoded to memory, and cut clips.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Frame } from '../../src/domain/detection';

export function probeSize(file: string): { width: number; height: number } {
  const out = execFileSync('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height',
    '-of',
    'csv=p=0',
    file,
  ]);
  const [width, height] = out.toString().trim().split(',').map(Number);
  return { width, height };
}

/**
 * The first `count` frames of `file` as RGB24 in memory (decoding is then no part of a figure).
 * Frame times are spaced as the video's (`fps`), from `t0`.
 */
export async function decodeFrames(file: string, count: number, fps = 30, t0 = Date.now()): Promise<Frame[]> {
  const { width, height } = probeSize(file);
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn(
      'ffmpeg',
      [
        '-v',
        'error',
        '-nostdin',
        '-i',
        file,
        '-frames:v',
        String(count),
        '-f',
        'rawvideo',
        '-pix_fmt',
        'rgb24',
        'pipe:1',
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`ffmpeg exited with ${code}`)),
    );
  });
  const size = width * height * 3;
  const n = Math.floor(raw.length / size);
  if (n < count) throw new Error(`only ${n} of ${count} frames decoded from ${file}`);
  return Array.from({ length: n }, (_, seq) => ({
    data: raw.subarray(seq * size, (seq + 1) * size),
    width,
    height,
    seq,
    time: Math.round(t0 + (seq * 1000) / fps),
  }));
}

/** The first `seconds` of `file`, cut without re-encoding into a temp folder (removed by the caller). */
export function cutClip(file: string, seconds: number): string {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-bench-clip-')), `clip-${seconds}s.mp4`);
  execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-i', file, '-t', String(seconds), '-an', '-c', 'copy', out]);
  return out;
}

/**
 * A still scene as a 720p H.264 camera sends it: one photo (people standing in it) held for
 * `seconds` at 25 fps, a keyframe every 2 s, in a temp folder (removed by the caller).
 */
export function stillClip(photo: string, seconds: number): string {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-bench-still-')), 'still-720p.mp4');
  const fit = 'scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:(ow-iw)/2:(oh-ih)/2,setsar=1';
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-nostdin', '-loop', '1', '-t', String(seconds), '-r', '25', '-i', photo, '-vf', fit],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-g', '50', '-pix_fmt', 'yuv420p', out],
  ]);
  return out;
}
