import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureSpool } from '../../src/bus/spool';
import type { CaptureEvent } from '../../src/domain/events';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const event = (id: string, cameraId: string): CaptureEvent => ({
  id,
  time: new Date().toISOString(),
  cameraId,
  cameraName: cameraId,
  location: 'Yard',
  trackId: 1,
  kinds: ['no-helmet'],
  confidence: 0.9,
  box: [0, 0, 10, 10],
  crop: Buffer.from('crop'),
  frame: Buffer.from('frame'),
});

describe('capture spool', () => {
  it('names the camera of an event it drops when full', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-spool-'));
    dirs.push(dir);
    const warnings: object[] = [];
    const spool = new CaptureSpool(
      dir,
      { maxEvents: 1, maxBytes: 1e9 },
      { warn: (obj) => warnings.push(obj), info() {} },
    );
    expect(spool.add(event('a', 'gate-1'))).toBe(true);
    expect(spool.add(event('b', 'dock-2'))).toBe(false);
    expect(warnings).toEqual([{ camera: 'dock-2', event: 'b', overflowed: 1 }]);
  });
});
