// What a camera reports about its detection cost: model ms per frame summed over its passes, and
// how many passes (the whole frame and its tiles) a frame took.
import { describe, expect, it } from 'vitest';
import { cameraConfigSchema } from '../../src/config/schema';
import type { LentFrame } from '../../src/domain/detection';
import type { Detector, FrameDetections } from '../../src/detect/detector';
import { BUILT_IN_CATALOGUE } from '../../src/domain/ppe-items';
import { CameraPipeline } from '../../src/worker/pipeline';

/** A detector that finds nothing and answers every frame with the given cost. */
function costing(answer: Omit<FrameDetections, 'detections'>): Detector {
  return {
    classNames: [],
    roles: [],
    hasPersonClass: true,
    detect: async () => ({ detections: [], ...answer }),
    close: async () => {},
  };
}

async function statsAfterFrames(detector: Detector, frames: number) {
  const camera = cameraConfigSchema.parse({ id: 'gate', name: 'Gate', url: '/dev/null' });
  const fail = (err: Error) => {
    throw err;
  };
  const pipeline = new CameraPipeline(
    camera,
    detector,
    BUILT_IN_CATALOGUE,
    { maxWidth: 64, quality: 50 },
    {
      preview: () => {},
      previewFailed: fail,
      frameFailed: fail,
      capture: () => {},
      sightings: () => {},
    },
  );
  const pixels = Buffer.alloc(64 * 48 * 3);
  for (let seq = 0; seq < frames; seq++) {
    const frame: LentFrame = { data: pixels, width: 64, height: 48, seq, time: 1_000_000 + seq * 200, release() {} };
    await pipeline.process(frame);
  }
  await pipeline.flush();
  return pipeline.stats(1_000_000 + frames * 200);
}

describe('camera detection cost in the stats', () => {
  it('reports the passes of a tiled frame and its inference time summed over them', async () => {
    const timings = { letterboxMs: 1, inferenceMs: 450, decodeMs: 2 };
    const stats = await statsAfterFrames(costing({ timings, passes: 3 }), 4);
    expect(stats.passesPerFrame).toBe(3);
    expect(stats.inferenceMs).toBe(450);
  });

  it('a detector that does not say counts one pass a frame', async () => {
    const stats = await statsAfterFrames(costing({ timings: { letterboxMs: 1, inferenceMs: 150, decodeMs: 2 } }), 2);
    expect(stats.passesPerFrame).toBe(1);
  });
});
