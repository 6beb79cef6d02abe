import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('a worker killed with -9 comes back and keeps capturing; every capture is stored once, with both images', async () => {
    await waitFor(() => (system.captures.count() > 0 ? true : undefined), 90_000, 'a first capture');
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
    // Clips likewise: only those rows name, no half-written one; and no clip recorder of a killed
    // worker lives on (the recorder ends with its worker, even one killed with -9).
    const clips = rows.flatMap((r) => (r.clipPath ? [r.clipPath] : []));
    expect(
      filesUnder(system.dataDir)
        .filter((f) => f.startsWith('captures') && f.includes('_clip.mp4'))
        .sort(),
    ).toEqual(clips.sort());
    const buffer = path.join(system.dataDir, 'clip-buffer', 'yard');
    await waitFor(() => (processesWith(buffer).length === 0 ? true : undefined), 10_000, 'no clip recorder left');
  }, 300_000);
});
