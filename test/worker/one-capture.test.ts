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

async function run(frames: number, script: (n: number) => Detection[]): Promise<CaptureEvent[]> {
  const camera = cameraConfigSchema.parse({ id: 'bay', name: 'Bay', url: '/dev/null', fps: 5 });
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
    const frame: LentFrame = { data: pixels, width: W, height: H, seq, time: 1_000_000 + seq * 200, release() {} };
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
