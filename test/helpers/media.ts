import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FAST_MODEL_FILE, DEMO_VIDEO_FILE, sharedDir } from '../../src/config/paths';

export const sampleVideo = path.join(sharedDir(), DEMO_VIDEO_FILE);
export const sampleModel = path.join(sharedDir(), FAST_MODEL_FILE);

/** A piece of the sample clip, cut without re-encoding, in a temp folder. */
export function sampleClip(startSeconds: number, seconds: number): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-clip-')), `clip-${startSeconds}-${seconds}.mp4`);
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-ss',
    String(startSeconds),
    '-i',
    sampleVideo,
    '-t',
    String(seconds),
    '-an',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    file,
  ]);
  return file;
}

/**
 * An MPEG-TS file of the sample whose picture changes size (640x360, then 480x360) after
 * `seconds`, as a camera reconfigured mid-stream sends it: the two parts joined byte for byte.
 */
export function pictureChangingClip(dir: string, seconds: number): string {
  const part = (index: number, size: string) => {
    const file = path.join(dir, `part-${index}.ts`);
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-y', '-ss', String(index * seconds), '-i', sampleVideo, '-t', String(seconds)],
      ...['-an', '-vf', `scale=${size}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '15', '-f', 'mpegts', file],
    ]);
    return fs.readFileSync(file);
  };
  const file = path.join(dir, 'picture-changing.ts');
  fs.writeFileSync(file, Buffer.concat([part(0, '640:360'), part(1, '480:360')]));
  return file;
}
