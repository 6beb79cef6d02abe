// A camera with privacy masks, end to end through the worker's stages with real parts: the sample
// footage played as a live camera (real ffmpeg), the real model, the camera pipeline and the clip
// stage recording the same source. The saved capture frame is black inside the mask, and so is a
// frame of its clip (re-encoded with the mask burned in); a mask over the person means no capture.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CaptureClips } from '../../src/clip/capture-clips';
import { cameraConfigSchema, type CameraConfig } from '../../src/config/schema';
import { DEMO_MODEL_FILE, sharedDir } from '../../src/config/paths';
import type { CaptureClip, CaptureEvent } from '../../src/domain/events';
import { BUILT_IN_CATALOGUE } from '../../src/domain/ppe-items';
import { createThreadedDetector } from '../../src/detect/detector-thread';
import { createFrameSource } from '../../src/ingest/frame-source';
import { CameraPipeline } from '../../src/worker/pipeline';
import { rectangle } from '../helpers/masks';
import { waitFor } from '../helpers/system';

// Two workers, the one on the right without a vest; 1280×720 H.264, 8 s (played in a loop). The
// 640 model finds the missing vest there (the 320 one does not).
const VIDEO = path.join(sharedDir(), 'media/stock-two-workers-one-without-vest-720p.mp4');
const MODEL = path.join(sharedDir(), DEMO_MODEL_FILE);
const timing = { beforeSeconds: 1, afterSeconds: 1, segmentSeconds: 1 };

/** The top-left corner, away from both workers (normalised 0..1, as drawn in the editor). */
const CORNER = { x0: 0.02, y0: 0.02, x1: 0.2, y1: 0.3 };

function camera(masks: { name: string; points: [number, number][] }[]): CameraConfig {
  return cameraConfigSchema.parse({ id: 'masked', name: 'Masked', url: VIDEO, fps: 5, privacyMasks: masks });
}

/**
 * Plays `seconds` of the sample through the pipeline (and the clip stage, when `clips`); returns
 * the captures, and the clips delivered for them.
 */
async function play(cam: CameraConfig, seconds: number, clips?: CaptureClips) {
  const detector = await createThreadedDetector({ path: MODEL });
  const captures: CaptureEvent[] = [];
  const delivered: CaptureClip[] = [];
  const pipeline = new CameraPipeline(
    cam,
    detector,
    BUILT_IN_CATALOGUE,
    { maxWidth: 1280, quality: 75 },
    {
      preview: () => {},
      previewFailed: (err) => {
        throw err;
      },
      frameFailed: (err) => {
        throw err;
      },
      capture: (event) => captures.push(clips ? clips.follow(event, (c) => delivered.push(c)) : event),
      sightings: () => {},
    },
  );
  const source = createFrameSource({ url: cam.url, fps: cam.fps, recording: clips?.recording });
  source.start();
  const endAt = Date.now() + seconds * 1000;
  for (let frame = await source.nextFrame(); frame && Date.now() < endAt; frame = await source.nextFrame()) {
    await pipeline.process(frame);
  }
  await source.stop();
  await pipeline.flush();
  await detector.close();
  return { captures, delivered };
}

/** The RGB pixels of an image (JPEG or PNG) and its size. */
async function pixels(image: Buffer | string) {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The brightest channel value inside `r` (shrunk by a margin for compression at its edges), and the mean outside it. */
function inAndOut(img: Awaited<ReturnType<typeof pixels>>, r: typeof CORNER) {
  const margin = 4;
  let maxInside = 0;
  let outside = 0;
  let outsideCount = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 3;
      const value = Math.max(img.data[i], img.data[i + 1], img.data[i + 2]);
      const [px, py] = [x / img.width, y / img.height];
      const inside = px >= r.x0 && px < r.x1 && py >= r.y0 && py < r.y1;
      const deepInside =
        x >= r.x0 * img.width + margin &&
        x < r.x1 * img.width - margin &&
        y >= r.y0 * img.height + margin &&
        y < r.y1 * img.height - margin;
      if (deepInside) maxInside = Math.max(maxInside, value);
      else if (!inside) {
        outside += value;
        outsideCount++;
      }
    }
  }
  return { maxInside, meanOutside: outside / outsideCount };
}

describe('privacy masks on a camera (real ffmpeg, real model)', () => {
  it('blacks the mask out of the capture frame and of its clip; the rest of the picture stays', async () => {
    const cam = camera([{ name: 'Office window', points: rectangle(CORNER.x0, CORNER.y0, CORNER.x1, CORNER.y1) }]);
    const bufferDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-masked-'));
    const clips = await CaptureClips.start({ enabled: true, ...timing, bufferSeconds: 12, bufferDir }, cam);
    const result = await play(cam, 12, clips);
    await waitFor(() => result.delivered.length > 0 || undefined, 30_000, 'the clip');
    await clips.finishNow();
    expect(result.captures.length).toBeGreaterThan(0);
    // The worker without a vest, on the right (the next test masks them).
    const box = result.captures[0].box;
    expect((box[0] + box[2]) / 2).toBeGreaterThan(640);

    fs.mkdirSync('test-results', { recursive: true });
    await sharp(result.captures[0].frame).png().toFile('test-results/masked-capture-frame.png');
    const frame = inAndOut(await pixels(result.captures[0].frame), CORNER);
    expect(frame.maxInside).toBeLessThanOrEqual(12); // black, give or take JPEG noise
    expect(frame.meanOutside).toBeGreaterThan(60);

    const clip = result.delivered[0];
    if (!('mp4' in clip)) throw new Error(`no clip: ${clip.error}`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-masked-clip-'));
    fs.writeFileSync(path.join(dir, 'clip.mp4'), clip.mp4);
    // A frame from the middle of the clip, as a player shows it.
    execFileSync('ffmpeg', ['-v', 'error', '-ss', '1', '-i', 'clip.mp4', '-frames:v', '1', '-y', 'frame.png'], {
      cwd: dir,
    });
    fs.copyFileSync(path.join(dir, 'frame.png'), 'test-results/masked-clip-frame.png');
    const clipFrame = await pixels(path.join(dir, 'frame.png'));
    expect([clipFrame.width, clipFrame.height]).toEqual([1280, 720]);
    const inClip = inAndOut(clipFrame, CORNER);
    expect(inClip.maxInside).toBeLessThanOrEqual(12);
    expect(inClip.meanOutside).toBeGreaterThan(60);
    // Re-encoded: a stream copy could not have the mask in it.
    const codec = execFileSync(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', 'clip.mp4'],
      {
        cwd: dir,
      },
    );
    expect(codec.toString().trim()).toBe('h264');
  }, 90_000);

  it('makes no capture of a person under a mask: detection never sees them', async () => {
    // The worker without a vest stands in the right half of the picture; the same seconds with
    // the corner masked capture them (above).
    const masked = await play(camera([{ name: 'Right half', points: rectangle(0.5, 0, 1, 1) }]), 12);
    expect(masked.captures).toEqual([]);
  }, 60_000);
});
