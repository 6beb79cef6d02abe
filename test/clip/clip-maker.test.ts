// The worker's clip stage with real ffmpeg on the sample footage: the frame source's ffmpeg
// records the stream into the segment buffer by copying it, and a capture's clip is cut from it
// as a playable MP4.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureClips } from '../../src/clip/capture-clips';
import { ClipMaker } from '../../src/clip/clip-maker';
import type { CaptureClip, CaptureEvent } from '../../src/domain/events';
import { SegmentBuffer } from '../../src/clip/segment-buffer';
import { createFrameSource, type FrameSource } from '../../src/ingest/frame-source';
import { sharedDir } from '../../src/config/paths';
import type { PrivacyMask } from '../../src/privacy/config';
import { BLACK_AND_BLUR_QUARTERS } from '../helpers/masks';
import { startRtspServer } from '../helpers/rtsp';
import { waitFor } from '../helpers/system';

const H264_720P = path.join(sharedDir(), 'media/stock-two-workers-one-without-vest-720p.mp4');
const timing = { beforeSeconds: 3, afterSeconds: 2, segmentSeconds: 1 };
const asked = timing.beforeSeconds + timing.afterSeconds;
/**
 * The shortest clip that still holds before + after "within one segment": a source read slower
 * than real time (a host loaded by the whole suite) records fewer seconds than the wall clock
 * spans, and the clip holds what the camera delivered.
 */
const shortest = asked - timing.segmentSeconds - 0.5;

interface Probed {
  format: { duration: string; format_name: string };
  streams: { codec_name: string }[];
}

function probeClip(file: string): { seconds: number; codec: string; container: string } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', file]);
  const probed = JSON.parse(out.toString()) as Probed;
  return {
    seconds: Number(probed.format.duration),
    codec: probed.streams[0].codec_name,
    container: probed.format.format_name,
  };
}

const sources: FrameSource[] = [];
afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.stop()));
});

/** A segment buffer that a frame source of `url` records into, as a camera worker runs them. */
async function startBuffer(url: string): Promise<{ buffer: SegmentBuffer; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-segments-'));
  const buffer = new SegmentBuffer({ dir, segmentSeconds: 1, bufferSeconds: 12 });
  await buffer.start();
  const source = createFrameSource({ url, fps: 5, recording: buffer, reconnect: { initialMs: 200 } });
  sources.push(source);
  source.start();
  return { buffer, dir };
}

/** A clip of the moment `before` seconds after the buffer has recorded that much. */
async function clipOfNow(url: string, masks: PrivacyMask[] = []) {
  const { buffer, dir } = await startBuffer(url);
  const startedAt = Date.now();
  await waitFor(() => buffer.coveredUntil - startedAt > timing.beforeSeconds * 1000, 30_000, 'segments recorded');
  const captureAt = Date.now() - 200;
  const clip = await new ClipMaker(buffer, timing, dir, masks).clipAt(captureAt);
  return { clip, captureAt, dir, buffer };
}

describe('clip per capture (real ffmpeg)', () => {
  it('cuts before + after seconds of an H.264 source by copying it into an MP4 that starts before the capture', async () => {
    const { clip, captureAt, dir, buffer } = await clipOfNow(H264_720P);
    if (!('mp4' in clip)) throw new Error(`no clip: ${clip.error}`);
    const file = path.join(dir, 'out.mp4');
    fs.writeFileSync(file, clip.mp4);
    const probed = probeClip(file);
    expect(probed.codec).toBe('h264');
    expect(probed.container).toContain('mp4');
    // Starts on the keyframe at or before capture − before: at most one segment (a keyframe gap
    // of the sample, ~3 s) longer than asked.
    expect(clip.startMs).toBeLessThanOrEqual(captureAt - timing.beforeSeconds * 1000 + 100);
    expect(probed.seconds).toBeGreaterThan(shortest);
    expect(probed.seconds).toBeLessThan(asked + 3.5);
    // faststart: the index (moov) comes before the media data (mdat).
    expect(clip.mp4.indexOf('moov')).toBeLessThan(clip.mp4.indexOf('mdat'));
    // The buffer stays bounded: segments older than bufferSeconds are deleted.
    expect(buffer.coveredUntil).toBeGreaterThan(captureAt);
  });

  it('re-encodes a source MP4 cannot carry as it is (MJPEG) to H.264', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-mjpeg-'));
    const mjpeg = path.join(dir, 'camera.mkv');
    // Long enough that the recorder's looping never reaches the loop point during the test.
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-stream_loop',
      '2',
      '-i',
      H264_720P,
      '-t',
      '24',
      '-an',
      '-vf',
      'scale=640:360',
      '-c:v',
      'mjpeg',
      '-q:v',
      '5',
      mjpeg,
    ]);
    const { clip, dir: work } = await clipOfNow(mjpeg);
    if (!('mp4' in clip)) throw new Error(`no clip: ${clip.error}`);
    const file = path.join(work, 'out.mp4');
    fs.writeFileSync(file, clip.mp4);
    const probed = probeClip(file);
    expect(probed.codec).toBe('h264');
    expect(probed.seconds).toBeGreaterThan(shortest);
  });

  it('burns privacy masks into the clip, re-encoded: black is black, blur is pixelated into blocks', async () => {
    const { clip, dir } = await clipOfNow(H264_720P, BLACK_AND_BLUR_QUARTERS);
    if (!('mp4' in clip)) throw new Error(`no clip: ${clip.error}`);
    fs.writeFileSync(path.join(dir, 'out.mp4'), clip.mp4);
    expect(probeClip(path.join(dir, 'out.mp4')).codec).toBe('h264');
    execFileSync('ffmpeg', ['-v', 'error', '-ss', '1', '-i', 'out.mp4', '-frames:v', '1', '-y', 'frame.png'], {
      cwd: dir,
    });
    const { data, info } = await sharp(path.join(dir, 'frame.png')).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => data[(y * info.width + x) * info.channels];
    // Inside the black mask (away from its edges, where compression blurs): black.
    let brightest = 0;
    for (let y = 8; y < 352; y += 3) for (let x = 8; x < 632; x += 3) brightest = Math.max(brightest, at(x, y));
    expect(brightest).toBeLessThanOrEqual(12);
    // Inside the blur mask, each block of 1280 / 40 = 32 px is one colour: the spread inside a
    // block (away from its edges) is far less than across the unmasked picture.
    const spread = (x0: number, y0: number, size: number) => {
      const values: number[] = [];
      for (let y = y0; y < y0 + size; y++) for (let x = x0; x < x0 + size; x++) values.push(at(x, y));
      return Math.max(...values) - Math.min(...values);
    };
    const blockSpreads: number[] = [];
    for (let by = 12; by < 22; by++)
      for (let bx = 21; bx < 39; bx += 2) blockSpreads.push(spread(bx * 32 + 6, by * 32 + 6, 20));
    expect(Math.max(...blockSpreads)).toBeLessThanOrEqual(16);
    expect(spread(700, 40, 200)).toBeGreaterThan(60); // the top-right quarter, unmasked
    fs.mkdirSync('test-results', { recursive: true });
    fs.copyFileSync(path.join(dir, 'frame.png'), 'test-results/masked-clip-blur.png');
  });

  it('records an RTSP camera whose stream has B-frames (its first packets carry no timestamps)', async () => {
    const camera = await startRtspServer({ file: H264_720P });
    try {
      const { clip, dir } = await clipOfNow(camera.url);
      if (!('mp4' in clip)) throw new Error(`no clip: ${clip.error}`);
      const file = path.join(dir, 'out.mp4');
      fs.writeFileSync(file, clip.mp4);
      expect(probeClip(file).codec).toBe('h264');
      expect(probeClip(file).seconds).toBeGreaterThan(timing.beforeSeconds + timing.afterSeconds - 0.5);
    } finally {
      await Promise.all(sources.splice(0).map((s) => s.stop()));
      await camera.stop();
    }
  });

  it('says why there is no clip when the source cannot be read', async () => {
    const { buffer, dir } = await startBuffer(path.join(os.tmpdir(), 'no-such-camera.mp4'));
    await waitFor(
      () => buffer.problem?.startsWith('clip recording stopped:') || undefined,
      30_000,
      'recording stopped',
    );
    expect(buffer.problem).toMatch(/No such file or directory/);
    const clip = await new ClipMaker(buffer, { ...timing, afterSeconds: 0 }, dir).clipAt(Date.now());
    expect('error' in clip && clip.error).toMatch(/No such file or directory/);
  });

  it('a capture leaves at once saying its clip is pending; the clip follows once cut; an amendment gets none', async () => {
    const bufferDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-follow-'));
    const config = { enabled: true, ...timing, bufferSeconds: 12, bufferDir };
    const clips = await CaptureClips.start(config, { url: H264_720P, privacyMasks: [] });
    const source = createFrameSource({ url: H264_720P, fps: 5, recording: clips.recording });
    sources.push(source);
    source.start();
    {
      await new Promise((r) => setTimeout(r, (timing.beforeSeconds + 1) * 1000));
      const event = {
        id: 'c1',
        time: new Date().toISOString(),
        kinds: ['no-helmet'],
        crop: Buffer.from('crop'),
        frame: Buffer.from('frame'),
      } as unknown as CaptureEvent;
      const delivered: CaptureClip[] = [];
      const sent = clips.follow(event, (clip) => delivered.push(clip));
      expect(sent).toMatchObject({ id: 'c1', clip: 'pending' });
      expect(delivered).toEqual([]); // never before the capture itself has left
      const amended = clips.follow({ ...event, amendment: true, kinds: ['no-vest'] }, (clip) => delivered.push(clip));
      expect(amended.clip).toBeUndefined();
      const [clip] = await waitFor(() => (delivered.length ? delivered : undefined), 30_000, 'the clip');
      expect('mp4' in clip && clip.mp4.indexOf('ftyp')).toBe(4);
      await clips.finishNow();
      expect(delivered).toHaveLength(1);
    }
  });

  it('a camera it cannot record gets captures that say why they have no clip', async () => {
    const clips = await CaptureClips.start(
      { enabled: true, ...timing, bufferSeconds: 12, bufferDir: os.tmpdir() },
      { url: '/dev/video0', privacyMasks: [] },
    );
    const sent = clips.follow({ id: 'c2', time: new Date().toISOString() } as CaptureEvent, () => {
      throw new Error('no clip is cut');
    });
    expect(sent.clip).toEqual({ error: 'no clip: local capture devices are not recorded' });
    expect(clips.recording).toBeUndefined(); // its frame source records nothing
  });
});
