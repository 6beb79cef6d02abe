import { createHash } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../src/domain/detection';
import { createFrameSource } from '../../src/ingest';
import { pictureChangingClip } from '../helpers/media';
import { ffmpegChildren, makeClip, sleep, sourceTracker, waitFor } from './support';

const sources = sourceTracker();
let dir: string;
let clip: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ingest-file-'));
  clip = makeClip(dir, 2);
});
afterEach(() => sources.stopAll());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const digest = (frame: Frame) => createHash('sha1').update(frame.data).digest('hex');

describe('file source', () => {
  it('delivers downscaled frames at the capped rate and keeps looping past the end of the clip', async () => {
    const source = sources.track(createFrameSource({ url: clip, fps: 10, maxWidth: 320 }));
    const arrivals: number[] = [];
    const sizes = new Set<string>();
    const digests = new Set<string>();
    const pictureChanges: string[] = [];
    source.onPictureChange((detail) => pictureChanges.push(detail));
    source.onFrame((frame) => {
      arrivals.push(Date.now());
      sizes.add(`${frame.width}x${frame.height}:${frame.data.length}`);
      digests.add(digest(frame));
    });
    source.start();
    await waitFor('first frame', () => arrivals.length > 0);
    await sleep(4500); // more than two passes over the 2 s clip

    const rate = ((arrivals.length - 1) * 1000) / (arrivals[arrivals.length - 1] - arrivals[0]);
    expect(rate).toBeGreaterThan(8);
    expect(rate).toBeLessThan(11.5);
    expect(arrivals.length).toBeGreaterThan(35); // ~45: the 2 s clip ran out long ago, frames still come
    expect([...sizes]).toEqual([`320x180:${320 * 180 * 3}`]);
    expect(digests.size).toBeGreaterThan(10); // real, changing pictures
    expect(pictureChanges).toEqual([]); // starting over is not a change of picture
    const stats = source.stats();
    expect(stats).toMatchObject({ state: 'streaming', width: 320, height: 180, reconnects: 0 });
    expect(stats.inputFps).toBeGreaterThan(8);
    expect(stats.inputFps).toBeLessThan(11.5);
  });

  it('says once when the picture changes size mid-stream, and frames keep their probed size', async () => {
    const changing = pictureChangingClip(dir, 1);
    const source = sources.track(createFrameSource({ url: changing, fps: 10, loop: false }));
    const pictureChanges: string[] = [];
    const sizes = new Set<string>();
    source.onPictureChange((detail) => pictureChanges.push(detail));
    source.onFrame((frame) => sizes.add(`${frame.width}x${frame.height}`));
    source.start();
    await waitFor('the end of the file', () => source.stats().state === 'offline' && sizes.size > 0);
    expect(pictureChanges).toEqual(['the camera changed its picture size or format mid-stream (it was 640x360)']);
    expect([...sizes]).toEqual(['640x360']);
  });

  it('says so when the camera comes back from a reconnection with another picture size, and delivers none of it', async () => {
    const camera = makeClip(dir, 2, '640:360');
    const source = sources.track(createFrameSource({ url: camera, fps: 10, reconnect: { initialMs: 100 } }));
    const pictureChanges: string[] = [];
    const sizes = new Set<string>();
    source.onPictureChange((detail) => pictureChanges.push(detail));
    source.onFrame((frame) => sizes.add(`${frame.width}x${frame.height}`));
    source.start();
    await waitFor('frames', () => sizes.size > 0);
    // Reconfigured while away: another resolution and aspect, then the stream drops.
    renameSync(makeClip(dir, 2, '480:360'), camera);
    for (const child of ffmpegChildren()) process.kill(child.pid, 'SIGKILL');
    await waitFor('the new size noticed', () => pictureChanges.length > 0);
    const said = 'the camera changed its picture size or format while away (it was 640x360, now 480x360)';
    expect(pictureChanges[0]).toBe(said);
    expect(source.stats()).toMatchObject({ state: 'offline', lastError: said });
    expect([...sizes]).toEqual(['640x360']);
  });

  it('never gives a slow consumer a frame older than the newest one at the time it asks', async () => {
    const source = sources.track(createFrameSource({ url: clip, fps: 15 }));
    source.start();
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) {
      const newestWhenAsked = source.latest()?.seq ?? -1;
      const frame = await source.nextFrame();
      expect(frame).toBeDefined();
      expect(frame!.seq).toBeGreaterThanOrEqual(newestWhenAsked);
      expect(frame!.width).toBe(640); // at most maxWidth (1280): not scaled
      seen.push(frame!.seq);
      const before = digest(frame!);
      await sleep(300); // a detector managing ~3 frames per second on a 15 fps stream
      expect(digest(frame!)).toBe(before); // the consumer's frame is not overwritten while it works
      expect(source.latest()!.seq - frame!.seq).toBeGreaterThan(1); // the stream went on meanwhile
      frame!.release(); // the consumer is done: the source may fill its buffer again
    }
    const gaps = seen.slice(1).map((seq, i) => seq - seen[i]);
    expect(Math.min(...gaps)).toBeGreaterThan(1);
    expect(source.stats().framesDropped).toBeGreaterThan(10);

    await source.stop();
    expect(await source.nextFrame()).toBeUndefined(); // the consumer loop ends with the source
  });

  it('plays a non-looping file once and then reports its end', async () => {
    const source = sources.track(createFrameSource({ url: `file://${clip}`, fps: 10, loop: false, realtime: false }));
    const states: string[] = [];
    source.onState((state, detail) => states.push(detail ? `${state}: ${detail}` : state));
    source.start();
    await waitFor('end of file', () => states.includes('offline: end of file'));
    expect(source.stats().framesDecoded).toBeGreaterThanOrEqual(19);
    expect(source.stats().framesDecoded).toBeLessThanOrEqual(21);
    expect(await source.nextFrame()).toBeUndefined();
    await sleep(300);
    expect(states).toEqual(['connecting', 'streaming', 'offline: end of file']); // no reconnect
  });

  it('stop() leaves no ffmpeg process behind and no callback runs after it', async () => {
    const source = sources.track(createFrameSource({ url: clip, fps: 10 }));
    let frames = 0;
    source.onFrame(() => frames++);
    source.start();
    await waitFor('frames', () => frames >= 3);
    expect(ffmpegChildren().map((p) => p.name)).toEqual(['ffmpeg']);
    await source.stop();
    const atStop = frames;
    expect(ffmpegChildren()).toEqual([]);
    await sleep(300);
    expect(frames).toBe(atStop);

    // Stopped while still probing: ffprobe goes too.
    const early = sources.track(createFrameSource({ url: clip, fps: 10 }));
    early.start();
    await early.stop();
    expect(ffmpegChildren()).toEqual([]);
  });
});
