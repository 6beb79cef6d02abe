import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cameraConfigSchema } from '../../src/config/schema';
import type { CameraView } from '../../src/hosting/supervisor';
import { sampleVideo } from '../helpers/media';
import { readMjpegParts, startTestSystem, waitFor } from '../helpers/system';

describe('detection schedule at a window boundary', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const camera = async (): Promise<CameraView> =>
    (await (await fetch(`${system.url}/api/cameras/yard`)).json()) as CameraView;

  beforeAll(async () => {
    // Workers read the clock shifted so that it is 11:59:40 UTC when they start: the window opens in 20 s
    // (room for a worker to start and stream on a loaded machine before it opens).
    const noon = new Date();
    noon.setUTCHours(12, 0, 0, 0);
    process.env.CCTV_CLOCK_OFFSET_MS = String(noon.getTime() - 20_000 - Date.now());
    const yard = cameraConfigSchema.parse({
      id: 'yard',
      name: 'Yard',
      url: sampleVideo,
      schedule: { timeZone: 'UTC', windows: [{ start: '12:00', end: '18:00' }] },
    });
    system = await startTestSystem({ cameras: [yard] });
  });
  afterAll(async () => {
    delete process.env.CCTV_CLOCK_OFFSET_MS;
    await system?.close();
  });

  it('streams without detection before the window, then detects in the same worker', async () => {
    const before = await waitFor(
      async () => {
        const c = await camera();
        return c.status === 'streaming' ? c : undefined;
      },
      30_000,
      'stream-only mode before the window',
    );
    expect(before.detecting).toBe(false);
    expect(before.stats.detectFps).toBe(0);
    const pid = system.supervisor.workerPid('yard');
    // Outside the window the dashboard still gets a live picture.
    expect((await readMjpegParts(`${system.url}/api/cameras/yard/live.mjpeg`, 2)).parts).toHaveLength(2);

    const after = await waitFor(
      async () => {
        const c = await camera();
        return c.status === 'detecting' && c.stats.detectFps > 0 ? c : undefined;
      },
      30_000,
      'detection once the window opens',
    );
    expect(after.detecting).toBe(true);
    expect(after.restarts).toBe(0);
    expect(system.supervisor.workerPid('yard')).toBe(pid);
  });
});
