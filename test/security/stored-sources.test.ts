// Finding 3, at start: the media-folder rules held only for the API, so a camera stored by an older
// version (or seeded from the config file) that points at /dev/zero or a text file kept running.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, SAMPLE_VIDEO, startApi, waitFor, type TestSystem } from '../api/helpers';
import { cameraConfigSchema } from '../../src/config/schema';
import { SOURCE_REASONS } from '../../src/server/source-errors';
import { CameraStore } from '../../src/store/cameras';
import { openDatabase } from '../../src/store/db';

/** Processes whose command line names `text` (ffmpeg, ffprobe or a worker reading a file). */
function processesNaming(text: string): string[] {
  return fs.readdirSync('/proc').flatMap((pid) => {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      return cmdline.includes(text) ? [cmdline] : [];
    } catch {
      return []; // not a process, or gone meanwhile
    }
  });
}

describe('stored cameras are held to the source rules before their workers start', () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-outside-'));
  const media = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-media-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-stored-'));
  const refused = ['zero', 'notes', 'text', 'seeded'];
  let system: TestSystem;
  let client: Client;

  beforeAll(async () => {
    fs.writeFileSync(path.join(outside, 'secret.nfo'), 'TOP SECRET NFO CONTENTS\n'.repeat(20));
    fs.writeFileSync(path.join(media, 'text.mp4'), 'TOP SECRET TEXT\n'.repeat(20));
    fs.copyFileSync(SAMPLE_VIDEO, path.join(media, 'clip.mp4'));
    // As an older version stored them: checked against the schema only.
    const db = openDatabase(path.join(dataDir, 'cctv.sqlite'));
    const store = new CameraStore(db);
    for (const [id, url] of [
      ['zero', '/dev/zero'],
      ['notes', path.join(outside, 'secret.nfo')],
      ['text', path.join(media, 'text.mp4')], // a video by name, not by what ffprobe finds
      ['clip', path.join(media, 'clip.mp4')],
    ]) {
      store.insert(cameraConfigSchema.parse({ id, name: id, url }));
    }
    db.close();
    const seeded = cameraConfigSchema.parse({ id: 'seeded', name: 'Seeded', url: path.join(outside, 'secret.nfo') });
    system = await startApi({ dataDir, env: { MEDIA_DIRS: media }, overrides: { cameras: [seeded] } });
    client = new Client(system.url); // open local mode: no users
  });
  afterAll(async () => {
    await system?.close();
  });

  it('shows each refused camera failed with the generic reason, starts no worker for it, keeps it', async () => {
    for (const id of refused) {
      const camera = await waitFor(
        async () => {
          const c = (await client.get(`/api/cameras/${id}`)).json;
          return c.status === 'failed' ? c : undefined;
        },
        30_000,
        `camera ${id} to show as failed`,
      );
      expect(camera.lastError, id).toBe(SOURCE_REASONS.refused);
      expect(system.supervisor.workerPid(id), id).toBeUndefined();
    }
    const listed = (await client.get('/api/cameras')).json as Array<{ id: string }>;
    expect(listed.map((c) => c.id).sort()).toEqual(['clip', ...refused].sort());
    expect(system.logs()).toMatch(/"camera":"zero".*only video capture devices \(\/dev\/video<N>\) can be used/);
    expect(system.logs()).toMatch(/"camera":"notes".*video files must be in a media folder/);
    expect(system.logs()).toMatch(/"camera":"text".*not a video file/);
  });

  it('runs the other cameras, and nothing reads the refused files', async () => {
    await waitFor(
      async () => ((await client.get('/api/cameras/clip')).json.status === 'detecting' ? true : undefined),
      90_000,
      'the camera with a video in the media folder to detect',
    );
    expect(system.supervisor.workerPid('clip')).toBeDefined();
    expect(processesNaming(outside)).toEqual([]);
    expect(processesNaming('/dev/zero')).toEqual([]);
    expect(processesNaming(path.join(media, 'text.mp4'))).toEqual([]);
  });

  it('starts a refused camera once it is given an allowed source', async () => {
    const res = await client.patch('/api/cameras/zero', { url: path.join(media, 'clip.mp4') });
    expect(res.status, res.text).toBe(200);
    await waitFor(
      async () => (system.supervisor.workerPid('zero') !== undefined ? true : undefined),
      30_000,
      'a worker for the edited camera',
    );
    expect((await client.get('/api/cameras/zero')).json.lastError).toBeUndefined();
  });
});
