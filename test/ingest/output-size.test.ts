// The size a camera delivers frames at, shared by live cameras and `cctv replay`.
import { describe, expect, it } from 'vitest';
import { CAMERA_MAX_WIDTH, outputSize } from '../../src/ingest/ffmpeg-args';

describe('camera frame size', () => {
  it('scales sources wider than the camera allows down, aspect kept', () => {
    expect(outputSize({ width: 1920, height: 1080 }, CAMERA_MAX_WIDTH)).toEqual({ width: 1280, height: 720 });
    expect(outputSize({ width: 640, height: 360 }, CAMERA_MAX_WIDTH)).toEqual({ width: 640, height: 360 });
  });

  it('makes non-square pixels square: PAL D1 (720×576 at 16:15) is 768×576', () => {
    expect(outputSize({ width: 720, height: 576, sampleAspect: 16 / 15 }, CAMERA_MAX_WIDTH)).toEqual({
      width: 768,
      height: 576,
    });
  });

  it('turns a rotated phone video upright, as ffmpeg decodes it', () => {
    expect(outputSize({ width: 1920, height: 1080, rotation: -90 }, CAMERA_MAX_WIDTH)).toEqual({
      width: 1080,
      height: 1920,
    });
    expect(outputSize({ width: 640, height: 360, rotation: 180 }, CAMERA_MAX_WIDTH)).toEqual({
      width: 640,
      height: 360,
    });
  });
});
