import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFrameSource } from '../../src/ingest';
import { SAMPLE, sleep, sourceTracker, waitFor } from './support';

const sources = sourceTracker();
let dir: string;
let camera: http.Server;
let url: string;

/** An MJPEG camera: multipart/x-mixed-replace, one JPEG every 100 ms, no timestamps. */
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ingest-mjpeg-'));
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-i',
    SAMPLE,
    '-t',
    '1',
    '-vf',
    'fps=10',
    '-q:v',
    '8',
    join(dir, 'f%02d.jpg'),
  ]);
  const jpegs = readdirSync(dir)
    .sort()
    .map((name) => readFileSync(join(dir, name)));
  camera = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'multipart/x-mixed-replace; boundary=frame' });
    let i = 0;
    const timer = setInterval(() => {
      const jpeg = jpegs[i++ % jpegs.length];
      res.write(`--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
      res.write(jpeg);
      res.write('\r\n');
    }, 100);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => camera.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(camera.address() as AddressInfo).port}/video.mjpg`;
});
afterAll(async () => {
  await sources.stopAll();
  camera.closeAllConnections();
  await new Promise((resolve) => camera.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('HTTP MJPEG source', () => {
  it('caps a 10 fps MJPEG camera to 5 frames per real second, downscaled', async () => {
    const source = sources.track(createFrameSource({ url, fps: 5, maxWidth: 320 }));
    source.start();
    await waitFor('first frames', () => source.stats().framesDecoded >= 2);
    const before = source.stats().framesDecoded;
    const since = Date.now();
    await sleep(3000);
    const perSecond = ((source.stats().framesDecoded - before) * 1000) / (Date.now() - since);
    expect(perSecond).toBeGreaterThan(3.5); // slack for a loaded CI machine
    expect(perSecond).toBeLessThan(6.2); // uncapped: 10
    const frame = source.latest()!;
    expect([frame.width, frame.height, frame.data.length]).toEqual([320, 180, 320 * 180 * 3]);
  });
});
