import { BUILT_IN_CATALOGUE } from '../../src/domain/ppe-items';
import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../src/domain/events';
import { cameraConfigSchema } from '../../src/config/schema';
import type { Detector } from '../../src/detect/detector';
import { createThreadedDetector } from '../../src/detect/detector-thread';
import { createFrameSource } from '../../src/ingest/frame-source';
import { CameraPipeline } from '../../src/worker/pipeline';
import { sampleClip, sampleModel } from '../helpers/media';
import sharp from 'sharp';

describe('camera pipeline on 20 seconds of the sample video', () => {
  it('captures violations, each track at most once per kind, with decodable images', async () => {
    const camera = cameraConfigSchema.parse({
      id: 'sample',
      name: 'Sample',
      location: 'Test bay',
      url: sampleClip(0, 20),
      fps: 5,
    });
    const detector = await createThreadedDetector({ path: sampleModel });
    const captures: CaptureEvent[] = [];
    let previews = 0;
    const pipeline = new CameraPipeline(
      camera,
      detector,
      BUILT_IN_CATALOGUE,
      { maxWidth: 960, quality: 75 },
      {
        preview: () => previews++,
        previewFailed: (err) => {
          throw err;
        },
        frameFailed: (err) => {
          throw err;
        },
        capture: (event) => captures.push(event),
        sightings: () => {},
      },
    );
    pipeline.watched = true;
    const source = createFrameSource({ url: camera.url, fps: camera.fps, loop: false, realtime: true });
    source.start();
    let frames = 0;
    for (let frame = await source.nextFrame(); frame; frame = await source.nextFrame()) {
      await pipeline.process(frame);
      frames++;
    }
    await pipeline.flush();
    await source.stop();
    await detector.close();

    expect(frames).toBeGreaterThanOrEqual(90); // 20 s at 5 fps, played as a live camera
    expect(previews).toBe(frames);
    expect(captures.length).toBeGreaterThan(0);
    const seen = new Set<string>();
    for (const c of captures) {
      for (const kind of c.kinds) {
        const key = `${c.trackId}/${kind}`;
        expect(seen.has(key), `track ${c.trackId} captured twice for ${kind}`).toBe(false);
        seen.add(key);
      }
      expect(c).toMatchObject({ cameraId: 'sample', cameraName: 'Sample', location: 'Test bay' });
      expect((await sharp(c.crop).metadata()).format).toBe('jpeg');
      expect(await sharp(c.frame).metadata()).toMatchObject({ format: 'jpeg', width: 640, height: 360 });
    }
    console.log(`20 s of sample video: ${frames} frames, ${captures.length} captures (${[...seen].join(', ')})`);
  });
});

describe('live preview', () => {
  it.each([
    ['stream-only', false],
    ['detecting, frames in flight on the detector thread', true],
  ])(
    'shows each frame as it was, in order, even though the source reuses a frame buffer as soon as it is released (%s)',
    async (_mode, detecting) => {
      const camera = cameraConfigSchema.parse({ id: 'reuse', name: 'Reuse', url: 'file.mp4' });
      const threaded = await createThreadedDetector({ path: sampleModel });
      // Records whether a frame's pixels changed while it was being detected.
      const changedInFlight: number[] = [];
      const detector: Detector = {
        ...threaded,
        classNames: threaded.classNames,
        roles: threaded.roles,
        hasPersonClass: threaded.hasPersonClass,
        async detect(frame) {
          const before = Buffer.from(frame.data);
          const found = await threaded.detect(frame);
          if (!before.equals(frame.data)) changedInFlight.push(frame.seq);
          return found;
        },
        close: () => threaded.close(),
      };
      const previews: { jpeg: Buffer; time: number }[] = [];
      const pipeline = new CameraPipeline(
        camera,
        detector,
        BUILT_IN_CATALOGUE,
        { maxWidth: 960, quality: 90 },
        {
          preview: (jpeg, time) => previews.push({ jpeg, time }),
          previewFailed: (err) => {
            throw err;
          },
          frameFailed: (err) => {
            throw err;
          },
          capture: () => {},
          sightings: () => {},
        },
      );
      pipeline.detecting = detecting;
      pipeline.watched = true;
      const colours = [
        [250, 10, 10],
        [10, 250, 10],
        [10, 10, 250],
        [250, 250, 10],
      ];
      // The source's buffers: a released one is overwritten at once and is the next frame's.
      const free: Buffer[] = [];
      const released: number[] = [];
      for (const [i, rgb] of colours.entries()) {
        const buffer = free.pop() ?? Buffer.alloc(320 * 240 * 3);
        for (let p = 0; p < buffer.length; p += 3) buffer.set(rgb, p);
        const release = () => {
          released.push(i);
          buffer.fill(0); // what the source does with the buffer next
          free.push(buffer);
        };
        await pipeline.process({ data: buffer, width: 320, height: 240, seq: i, time: 1000 + i, release });
      }
      await pipeline.flush();
      await detector.close();

      expect(released).toEqual([0, 1, 2, 3]);
      expect(changedInFlight).toEqual([]);
      expect(previews.map((p) => p.time)).toEqual([1000, 1001, 1002, 1003]);
      for (const [i, p] of previews.entries()) {
        const { channels } = await sharp(p.jpeg).stats();
        const mean = channels.slice(0, 3).map((c) => c.mean);
        colours[i].forEach((v, c) => expect(Math.abs(mean[c] - v), `preview ${i} channel ${c}`).toBeLessThan(8));
      }
    },
  );
});
