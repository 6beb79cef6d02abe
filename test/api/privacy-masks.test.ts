// Privacy masks as part of the camera in the API: stored and returned with it, a bad polygon
// refused naming the field, and a change applied by restarting the camera's worker, whose live
// view (the snapshot) then shows the mask blacked out.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rectangle } from '../helpers/masks';
import {
  ADMIN,
  Client,
  SAMPLE_VIDEO,
  signedIn,
  snapshotState,
  startWithUsers,
  waitFor,
  type TestSystem,
} from './helpers';

const LEFT_QUARTER = rectangle(0, 0, 0.25, 1);
const RIGHT_QUARTER = rectangle(0.75, 0, 1, 1);

describe('privacy masks through the API', () => {
  let system: TestSystem;
  let admin: Client;

  beforeAll(async () => {
    system = await startWithUsers();
    admin = await signedIn(system, ADMIN);
  });
  afterAll(async () => {
    await system?.close();
  });

  /** Brightest value in columns [x0, x1) (fractions of its width) of a picture. */
  async function brightestIn(jpeg: Buffer, [x0, x1]: [number, number]): Promise<number> {
    const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
    let brightest = 0;
    const margin = 4; // JPEG blocks at the mask's edge
    for (let y = 0; y < info.height; y++)
      for (let x = Math.ceil(x0 * info.width) + margin; x < x1 * info.width - margin; x++)
        for (let c = 0; c < 3; c++) brightest = Math.max(brightest, data[(y * info.width + x) * info.channels + c]);
    return brightest;
  }

  /**
   * The brightest value in the `masked` columns of the camera's live picture, once a picture comes
   * whose `open` columns are bright (the sample has dark scenes: a black stripe there proves nothing).
   */
  async function maskedBrightness(id: string, masked: [number, number], open: [number, number]): Promise<number> {
    return waitFor(
      async () => {
        const snap = await admin.get(`/api/cameras/${id}/snapshot.jpg`);
        if (snap.status !== 200 || (await brightestIn(snap.body, open)) <= 60) return undefined;
        return brightestIn(snap.body, masked);
      },
      60_000,
      'a bright picture',
    );
  }

  it('refuses bad masks with 400 naming the field, and changes nothing', async () => {
    await admin.post('/api/cameras', { id: 'yard', name: 'Yard', url: 'rtsp://192.0.2.20/s', enabled: false });
    const cases: [unknown, RegExp][] = [
      [
        [
          {
            name: 'a',
            points: [
              [0, 0],
              [1, 1],
            ],
          },
        ],
        /^privacyMasks\[0\]\.points: at least 3 points/,
      ],
      [
        [
          {
            name: 'a',
            points: [
              [0, 0],
              [1.5, 0],
              [1, 1],
            ],
          },
        ],
        /^privacyMasks\[0\]\.points\[1\]\[0\]: /,
      ],
      [
        [
          {
            name: 'a',
            points: [
              [0.1, 0.1],
              [0.5, 0.5],
              [0.9, 0.9],
            ],
          },
        ],
        /^privacyMasks\[0\]\.points: the points enclose no area/,
      ],
      [[{ name: 'a', points: LEFT_QUARTER, style: 'grey' }], /^privacyMasks\[0\]\.style: /],
      [[{ name: '', points: LEFT_QUARTER }], /^privacyMasks\[0\]\.name: /],
      [[{ name: 'a', points: LEFT_QUARTER, colour: 'red' }], /^privacyMasks\[0\]: unknown field colour/],
      ['all', /^privacyMasks: /],
    ];
    for (const [privacyMasks, reason] of cases) {
      const before = snapshotState(system);
      const res = await admin.patch('/api/cameras/yard', { privacyMasks });
      expect(res.status, JSON.stringify(privacyMasks)).toBe(400);
      expect(res.json.error).toMatch(reason);
      expect(snapshotState(system)).toEqual(before);
    }
    expect((await admin.get('/api/cameras/yard')).json.privacyMasks).toEqual([]);
  });

  it('stores masks with the camera, masks its live view, and restarts its worker when they change', async () => {
    const created = await admin.post('/api/cameras', {
      id: 'dock',
      name: 'Dock',
      url: SAMPLE_VIDEO,
      fps: 5,
      privacyMasks: [{ name: 'Office window', points: LEFT_QUARTER }],
    });
    expect(created.status, created.text).toBe(201);
    expect(created.json.privacyMasks).toEqual([{ name: 'Office window', points: LEFT_QUARTER, style: 'black' }]);
    const firstPid = await waitFor(() => system.supervisor.workerPid('dock'), 30_000, 'a worker');
    expect(await maskedBrightness('dock', [0, 0.25], [0.75, 1])).toBeLessThanOrEqual(16);

    // Another mask instead: the worker restarts with it, and the live view follows.
    const moved = await admin.patch('/api/cameras/dock', {
      privacyMasks: [{ name: 'Office window', points: RIGHT_QUARTER, style: 'black' }],
    });
    expect(moved.status).toBe(200);
    expect(moved.json.privacyMasks[0].points).toEqual(RIGHT_QUARTER);
    await waitFor(
      () => {
        const pid = system.supervisor.workerPid('dock');
        return pid !== undefined && pid !== firstPid;
      },
      30_000,
      'a new worker',
    );
    // Frames of the worker before may still be the latest for a moment.
    await waitFor(
      async () => (await maskedBrightness('dock', [0.75, 1], [0, 0.25])) <= 16,
      60_000,
      'the right quarter masked',
    );
    // The full camera object, as the editor gets it, holds the masks.
    expect((await admin.get('/api/cameras')).json.find((c: { id: string }) => c.id === 'dock').privacyMasks).toEqual([
      { name: 'Office window', points: RIGHT_QUARTER, style: 'black' },
    ]);
  }, 120_000);
});
