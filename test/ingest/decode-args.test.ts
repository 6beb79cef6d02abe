// Which frames ffmpeg leaves undecoded: only frames nothing refers to, and only when the camera
// keeps at most one in four of the source's frames, so every slot of its rate still gets one.
import { describe, expect, it } from 'vitest';
import { decodeArgs } from '../../src/ingest/ffmpeg-args';

describe('decoding only the frames a camera can use', () => {
  it('skips unreferenced frames for 5 fps from a 25 or 29.97 fps source', () => {
    expect(decodeArgs(5, 25)).toEqual(['-skip_frame', 'noref']);
    expect(decodeArgs(5, 29.97)).toEqual(['-skip_frame', 'noref']);
    expect(decodeArgs(5, 20)).toEqual(['-skip_frame', 'noref']);
  });

  it('decodes every frame when the camera keeps more than one in four', () => {
    expect(decodeArgs(10, 29.97)).toEqual([]);
    expect(decodeArgs(6, 20)).toEqual([]);
    expect(decodeArgs(15, 15)).toEqual([]);
  });

  it('decodes every frame when the source states no rate', () => {
    expect(decodeArgs(5, undefined)).toEqual([]);
  });
});
