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

/**
 * The first 4 s of the sample clip (640×360, 29.97 fps) through an ffmpeg video filter; `bFrames`:
 * how many B-frames in a row the encoder puts (none by default), none of them referred to.
 */
function clip(name: string, filter: string, bFrames = 0): string {
  const file = path.join(tmp, name);
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', '-t', '4', '-i', sampleVideo, '-an', '-vf', filter],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-bf', String(bFrames), '-x264-params', 'b-pyramid=none'],
    ...['-pix_fmt', 'yuv420p', file],
  ]);
  return file;
}

async function frameTimes(file: string, fps: number): Promise<number[]> {
  const times: number[] = [];
  for await (const frame of readCameraFrames(file, await cameraFrameSize(file), fps)) {
    times.push(frame.time);
    frame.release();
  }
  return times;
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
    expect(await frameTimes(file, 5)).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000, 3500]);
  });

  it('takes the first frame of each fifth of a second of a 29.97 fps file, timed by the file', async () => {
    const times = await frameTimes(clip('native.mp4', 'null'), 5);
    expect(times).toHaveLength(20);
    // Frames fall every 1/29.97 s: the first of each slot starts it or follows within one frame.
    times.forEach((t, k) => expect(t - k * 200).toBeGreaterThanOrEqual(0));
    times.forEach((t, k) => expect(t - k * 200).toBeLessThan(34));
  });

  // B-frames are left undecoded when the camera keeps few enough frames (decodeArgs): a camera
  // still gets a frame in every slot of its rate, only perhaps a later one of the slot.
  it('still takes a frame in every fifth of a second of a 29.97 fps file made mostly of B-frames', async () => {
    const file = clip('b-frames.mp4', 'null', 3);
    const times = await frameTimes(file, 5);
    expect(times).toHaveLength(20);
    times.forEach((t, k) => expect(t - k * 200).toBeGreaterThanOrEqual(0));
    // At most three B-frames in a row: a decoded frame within four frames of the slot's start.
    times.forEach((t, k) => expect(t - k * 200).toBeLessThan(4 * 34));
    // Some slots start on a B-frame, which was not decoded: a later frame of the slot stands in.
    expect(times.some((t, k) => t - k * 200 >= 34)).toBe(true);
    expect((await replay(file)).frames).toBe(20);
  });

  it('decodes every frame of a B-frame file when the camera keeps more than every fourth', async () => {
    const times = await frameTimes(clip('b-frames-10.mp4', 'null', 3), 10);
    expect(times).toHaveLength(40);
    times.forEach((t, k) => expect(t - k * 100).toBeGreaterThanOrEqual(0));
    times.forEach((t, k) => expect(t - k * 100).toBeLessThan(34));
  });
});
