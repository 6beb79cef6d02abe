import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipConfigSchema } from '../../src/capture/config';
import { clipMaxWaitMs, WORKER_STOPPED } from '../../src/clip/clip-maker';
import { cameraConfigSchema } from '../../src/config/schema';
import type { CameraView } from '../../src/hosting/supervisor';
import { sampleVideo } from '../helpers/media';
import { startTestSystem, waitFor } from '../helpers/system';

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/** Processes whose command line mentions `text` (Linux /proc). */
function processesWith(text: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

describe('captures across worker restarts', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  const yard = cameraConfigSchema.parse({ id: 'yard', name: 'Yard', location: 'Gate', url: sampleVideo });
  const camera = async (): Promise<CameraView> =>
    (await (await fetch(`${system.url}/api/cameras/yard`)).json()) as CameraView;

  beforeAll(async () => {
    system = await startTestSystem({ cameras: [yard] });
  });
  afterAll(async () => {
    await system?.close();
  });

  it('a worker killed with -9 right after a capture comes back and keeps capturing; the capture stays, saying it has no clip; every capture is stored once, with both images', async () => {
    // Killed as soon as a capture is saved, while its clip is still being recorded: the capture
    // was sent at once, so it is not lost with the worker.
    const justCaptured = await waitFor(
      () => system.captures.list({ limit: 5, cameraId: 'yard' }).items.find((c) => c.clipPending),
      90_000,
      'a capture whose clip is pending',
      50,
    );
    for (let kill = 0; kill < 2; kill++) {
      const before = await camera();
      const pid = system.supervisor.workerPid('yard')!;
      process.kill(pid, 'SIGKILL');
      await waitFor(
        async () => {
          const c = await camera();
          return c.restarts > before.restarts && c.status === 'detecting' ? c : undefined;
        },
        60_000,
        'the killed worker to detect again',
      );
    }
    // The killed worker's clip never comes: the next worker says so once the longest wait for a
    // clip is over.
    const settled = await waitFor(
      () => (system.captures.get(justCaptured.id)?.clipPending ? undefined : system.captures.get(justCaptured.id)),
      clipMaxWaitMs(clipConfigSchema.parse({})) + 30_000,
      'the killed capture to say it has no clip',
    );
    expect(settled).toMatchObject({ clipError: WORKER_STOPPED, cropPath: justCaptured.cropPath });
    expect(settled.clipPath).toBeUndefined();

    const atRestart = system.captures.count();
    await waitFor(
      () => (system.captures.count() > atRestart ? true : undefined),
      120_000,
      'a capture after the restarts',
    );
    // Stop the camera so no capture is half-way between its files and its row while we look.
    const last = system.supervisor.workerPid('yard')!;
    system.supervisor.apply([{ ...yard, enabled: false }]);
    const running = () => {
      try {
        process.kill(last, 0);
        return true;
      } catch {
        return false;
      }
    };
    await waitFor(() => (running() ? undefined : true), 30_000, 'the worker to exit');
    await new Promise((r) => setTimeout(r, 500)); // its last acknowledged capture is in the database

    const rows = system.captures.list({ limit: 500 }).items;
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    // No capture half-written by a dying worker: each row has its two images and nothing else is on disk.
    const stored = rows.flatMap((r) => [r.cropPath, r.framePath]);
    const onDisk = filesUnder(system.dataDir).filter((f) => f.endsWith('.jpg'));
    expect(onDisk.sort()).toEqual(stored.sort());
    for (const file of stored) expect((await sharp(path.join(system.dataDir, file)).metadata()).format).toBe('jpeg');
    // Clips likewise: only those rows name, no half-written one; none left pending by the stopped
    // worker (it cut what it owed on the way out); and no clip recorder of a killed worker lives on
    // (the recorder ends with its worker, even one killed with -9).
    const clips = rows.flatMap((r) => (r.clipPath ? [r.clipPath] : []));
    expect(
      filesUnder(system.dataDir)
        .filter((f) => f.startsWith('captures') && f.includes('_clip.mp4'))
        .sort(),
    ).toEqual(clips.sort());
    expect(rows.filter((r) => r.clipPending)).toEqual([]);
    const buffer = path.join(system.dataDir, 'clip-buffer', 'yard');
    await waitFor(() => (processesWith(buffer).length === 0 ? true : undefined), 10_000, 'no clip recorder left');
  }, 400_000);
});
