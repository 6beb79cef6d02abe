// `cctv replay` judges the frames a live camera would see: the camera's size rule (at most 1280 px
// wide, pixels made square) and its rate cap (never a duplicated frame), timed by the file's own
// timestamps. Clips are made from the sample clip in a temp folder; detection is scripted (nothing
// found), as only the frames are looked at.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cameraConfigSchema, configSchema } from '../../src/config/schema';
import type { Detector } from '../../src/detect/detector';
import { cameraFrameSize, readCameraFrames } from '../../src/ingest/video-file';
import { replayVideo } from '../../src/eval/replay';
import { sampleVideo } from '../helpers/media';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-replay-frames-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The first 4 s of the sample clip (640×360, 29.97 fps) through an ffmpeg video filter. */
function clip(name: string, filter: string): string {
  const file = path.join(tmp, name);
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', '-t', '4', '-i', sampleVideo, '-an', '-vf', filter],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', file],
  ]);
  return file;
}

const nothingFound: Detector = {
  classNames: [],
  roles: [],
  hasPersonClass: true,
  detect: async () => ({ detections: [], timings: { letterboxMs: 0, inferenceMs: 0, decodeMs: 0 } }),
  close: async () => {},
};

async function replay(file: string, fps = 5) {
  const camera = cameraConfigSchema.parse({ id: 'replay', name: 'Replay', url: file, fps });
  return replayVideo({
    file,
    camera,
    config: configSchema.parse({ model: { path: 'unused.onnx' } }),
    detector: nothingFound,
  });
}

describe('replay frames as a camera takes them', () => {
  it('scales a 1920-px-wide file down to 1280 px, as a camera does', async () => {
    const result = await replay(clip('wide.mp4', 'scale=1920:1080'));
    expect(result).toMatchObject({ width: 1280, height: 720 });
  });

  it('makes non-square pixels square: 320×360 stored at 2:1 is seen at 640×360', async () => {
    const result = await replay(clip('anamorphic.mp4', 'scale=320:360,setsar=2'));
    expect(result).toMatchObject({ width: 640, height: 360 });
  });

  it('takes each frame of a 2 fps file once at camera fps 5, at the file’s own timestamps', async () => {
    const file = clip('slow.mp4', 'fps=2');
    expect((await replay(file)).frames).toBe(8); // ffmpeg's fps=5 filter would give 20, each frame 2–3 times
    const times: number[] = [];
    for await (const frame of readCameraFrames(file, await cameraFrameSize(file), 5)) {
      times.push(frame.time);
      frame.release();
    }
    expect(times).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000, 3500]);
  });

  it('takes the first frame of each fifth of a second of a 29.97 fps file, timed by the file', async () => {
    const file = clip('native.mp4', 'null');
    const times: number[] = [];
    for await (const frame of readCameraFrames(file, await cameraFrameSize(file), 5)) {
      times.push(frame.time);
      frame.release();
    }
    expect(times).toHaveLength(20);
    // Frames fall every 1/29.97 s: the first of each slot starts it or follows within one frame.
    times.forEach((t, k) => expect(t - k * 200).toBeGreaterThanOrEqual(0));
    times.forEach((t, k) => expect(t - k * 200).toBeLessThan(34));
  });
});
