import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMjpegParts, startTestSystem, waitFor } from '../helpers/system';

describe('the running system with the demo camera', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(async () => {
    await system?.close();
  });

  it('answers /health', async () => {
    const res = await fetch(`${system.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });

  it('lists the demo camera, which starts detecting', async () => {
    const camera = await waitFor(
      async () => {
        const [c] = (await (await fetch(`${system.url}/api/cameras`)).json()) as { status: string }[];
        return c?.status === 'detecting' ? c : undefined;
      },
      60_000,
      'the demo camera to detect',
    );
    expect(camera).toMatchObject({ id: 'demo', name: 'Demo camera', enabled: true, detecting: true });
  });

  it('streams the live view as MJPEG whose parts are decodable JPEG frames that change', async () => {
    const { contentType, parts } = await readMjpegParts(`${system.url}/api/cameras/demo/live.mjpeg`, 4);
    expect(contentType).toMatch(/^multipart\/x-mixed-replace; boundary=/);
    for (const jpeg of parts) {
      const meta = await sharp(jpeg).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.width).toBe(640);
      expect(meta.height).toBe(360);
    }
    // A live stream, not one frame repeated.
    expect(new Set(parts.map((p) => p.toString('base64'))).size).toBeGreaterThan(1);
  });

  it('answers unknown cameras and bad queries with a 4xx and a reason', async () => {
    const missing = await fetch(`${system.url}/api/cameras/nope/live.mjpeg`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: expect.stringContaining('nope') });
    const bad = await fetch(`${system.url}/api/violations?limit=abc`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/limit/);
    const badCursor = await fetch(`${system.url}/api/violations?before=xyz`);
    expect(badCursor.status).toBe(400);
  });
});
