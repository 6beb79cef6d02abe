// A camera pipeline makes one capture per person: kinds confirmed seconds apart reach the archive as
// one capture id, the later ones marked as an amendment. Detections are scripted per frame (the
// Detector interface is the pipeline's edge), so the rules see exactly the evidence described.
import { describe, expect, it } from 'vitest';
import { cameraConfigSchema } from '../../src/config/schema';
import type { Box, Detection, LentFrame, PpeRole } from '../../src/domain/detection';
import type { CaptureEvent } from '../../src/domain/events';
import type { Detector } from '../../src/detect/detector';
import { BUILT_IN_CATALOGUE } from '../../src/domain/ppe-items';
import { CameraPipeline } from '../../src/worker/pipeline';

const W = 320;
const H = 240;
const PERSON: Box = [100, 40, 180, 230];
const HEAD: Box = [120, 36, 160, 80];
const TORSO: Box = [104, 80, 176, 160];

const det = (role: PpeRole, box: Box): Detection => ({ box, score: 0.8, classId: 0, className: role, role });

/** A detector that answers frame n with script(n). */
function scripted(script: (n: number) => Detection[]): Detector {
  return {
    classNames: ['person', 'helmet', 'no-helmet', 'vest', 'no-vest'],
    roles: ['person', 'helmet', 'no-helmet', 'vest', 'no-vest'],
    hasPersonClass: true,
    detect: async (frame) => ({
      detections: script(frame.seq),
      timings: { letterboxMs: 0, inferenceMs: 1, decodeMs: 0 },
    }),
    close: async () => {},
  };
}

async function run(
  frames: number,
  script: (n: number) => Detection[],
  fps = 5,
  privacyMasks: unknown[] = [],
): Promise<CaptureEvent[]> {
  // Motion gating off: the picture is still, and every scripted frame is to be detected.
  const motion = { enabled: false };
  const camera = cameraConfigSchema.parse({ id: 'bay', name: 'Bay', url: '/dev/null', fps, motion, privacyMasks });
  const events: CaptureEvent[] = [];
  const pipeline = new CameraPipeline(
    camera,
    scripted(script),
    BUILT_IN_CATALOGUE,
    { maxWidth: 320, quality: 70 },
    {
      preview: () => {},
      previewFailed: (err) => {
        throw err;
      },
      frameFailed: (err) => {
        throw err;
      },
      capture: (e) => events.push(e),
      sightings: () => {},
    },
  );
  const pixels = Buffer.alloc(W * H * 3, 90);
  for (let seq = 0; seq < frames; seq++) {
    const time = 1_000_000 + Math.round((seq * 1000) / fps);
    const frame: LentFrame = { data: pixels, width: W, height: H, seq, time, release() {} };
    await pipeline.process(frame);
  }
  await pipeline.flush();
  return events;
}

describe('one capture per person in the camera pipeline', () => {
  it('sends a kind found seconds later as an amendment of the same capture', async () => {
    // Bare head from the start; the missing vest is only seen from frame 12 (2.4 s later).
    const events = await run(25, (n) => [
      det('person', PERSON),
      det('no-helmet', HEAD),
      det(n >= 12 ? 'no-vest' : 'vest', TORSO),
    ]);
    expect(events.map((e) => [e.kinds, e.amendment ?? false])).toEqual([
      [['no-helmet'], false],
      [['no-vest'], true],
    ]);
    expect(events[1].id).toBe(events[0].id);
    expect(events[1].trackId).toBe(events[0].trackId);
  });

  it('sends kinds confirmed within one window as one capture', async () => {
    const events = await run(15, (n) => [
      det('person', PERSON),
      det('no-helmet', HEAD),
      det(n >= 2 ? 'no-vest' : 'vest', TORSO),
    ]);
    expect(events.map((e) => e.kinds)).toEqual([['no-helmet', 'no-vest']]);
    expect(events[0].amendment).toBeUndefined();
  });
});

describe('a camera tracking at its own frame rate', () => {
  // A bare-headed person hidden for 20 frames: 1.3 s at 15 fps, within the tracker's 2 s memory
  // (maxAge 10 frames at 5 fps: 30 at 15 fps); 4 s at 5 fps, beyond it.
  const hiddenFor20Frames = (n: number) =>
    n >= 15 && n < 35 ? [] : [det('person', PERSON), det('no-helmet', HEAD), det('vest', TORSO)];

  it('keeps a person hidden for 1.3 s at 15 fps on one track: one capture', async () => {
    const events = await run(60, hiddenFor20Frames, 15);
    expect(events.map((e) => [e.trackId, e.kinds])).toEqual([[1, ['no-helmet']]]);
  });

  it('takes the same 20 frames at 5 fps as 4 s: the person comes back on a new track', async () => {
    const events = await run(60, hiddenFor20Frames, 5);
    expect(events.map((e) => e.trackId)).toEqual([1, 2]);
  });
});

describe('a camera with privacy masks', () => {
  const bareHeaded = () => [det('person', PERSON), det('no-helmet', HEAD), det('vest', TORSO)];
  // The person's box, PERSON, spans x 100..180 and y 40..230 of 320×240: its centre is at (140, 135).
  const mask = (style: string, x0: number, x1: number) => ({
    name: 'm',
    style,
    points: [
      [x0, 0],
      [x1, 0],
      [x1, 1],
      [x0, 1],
    ],
  });

  it('judges nobody the model still finds inside a mask (a pixelated person can look like one)', async () => {
    expect(await run(15, bareHeaded, 5, [mask('blur', 0.3, 0.6)])).toEqual([]);
    expect(await run(15, bareHeaded, 5, [mask('black', 0.3, 0.6)])).toEqual([]);
  });

  it('still captures a person whose box centre is outside every mask', async () => {
    const events = await run(15, bareHeaded, 5, [mask('black', 0.6, 1)]);
    expect(events.map((e) => e.kinds)).toEqual([['no-helmet']]);
  });
});
