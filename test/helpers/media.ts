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
