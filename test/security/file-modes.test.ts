// Finding 7: cctv.sqlite (camera URLs with passwords) was 0644 and capture folders followed the
// umask; then an install upgraded kept the 0755 data and capture folders an older version made, and
// a node's capture spool followed the umask. Nobody but the server's user may read them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { jpeg, saveCapture, startWithUsers } from '../api/helpers';
import { CaptureSpool } from '../../src/bus/spool';
import { isCaptureEvent, type CaptureEvent } from '../../src/domain/events';

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('stored data is private to the server user', () => {
  it('makes the data folder 0700, the database and its -wal/-shm 0600, captures 0600 in 0700 folders', async () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-modes-')), 'data');
    const system = await startWithUsers({ dataDir });
    try {
      const record = await saveCapture(system);
      expect(mode(dataDir)).toBe(0o700);
      for (const suffix of ['', '-wal', '-shm']) expect(mode(path.join(dataDir, `cctv.sqlite${suffix}`))).toBe(0o600);
      for (const rel of [record.cropPath, record.framePath]) {
        expect(mode(path.join(dataDir, rel))).toBe(0o600);
        for (let dir = path.dirname(rel); dir !== '.'; dir = path.dirname(dir)) {
          expect(mode(path.join(dataDir, dir)), dir).toBe(0o700);
        }
      }
    } finally {
      await system.close();
    }
  });

  it('tightens a database left readable by an older version', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-modes-'));
    const first = await startWithUsers({ dataDir });
    await first.close();
    fs.chmodSync(path.join(dataDir, 'cctv.sqlite'), 0o644);
    const second = await startWithUsers({ dataDir });
    try {
      expect(mode(path.join(dataDir, 'cctv.sqlite'))).toBe(0o600);
    } finally {
      await second.close();
    }
  });

  it('tightens the data folder, capture folders and their images left readable by an older version', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-modes-'));
    const first = await startWithUsers({ dataDir });
    const record = await saveCapture(first);
    await first.close();
    // As a version before the hardening left them: folders 0755, images 0644.
    const folders = [dataDir];
    for (let dir = path.dirname(record.cropPath); dir !== '.'; dir = path.dirname(dir))
      folders.push(path.join(dataDir, dir));
    const images = [record.cropPath, record.framePath].map((rel) => path.join(dataDir, rel));
    for (const folder of folders) fs.chmodSync(folder, 0o755);
    for (const image of images) fs.chmodSync(image, 0o644);

    const second = await startWithUsers({ dataDir });
    try {
      for (const folder of folders) expect(mode(folder), folder).toBe(0o700);
      for (const image of images) expect(mode(image), image).toBe(0o600);
      expect(second.logs()).toContain('capture folders readable by others made private');
    } finally {
      await second.close();
    }
  });
});

describe("a node's capture spool is private to its user", () => {
  const event = async (id: string): Promise<CaptureEvent> => ({
    id,
    time: new Date().toISOString(),
    cameraId: 'gate',
    cameraName: 'Gate',
    location: 'Yard',
    trackId: 1,
    kinds: ['no-helmet'],
    confidence: 0.9,
    box: [1, 2, 3, 4],
    crop: await jpeg(),
    frame: await jpeg(),
  });
  const limits = { maxEvents: 10, maxBytes: 10_000_000 };
  const spooled = (dir: string) => fs.readdirSync(dir).map((name) => path.join(dir, name));

  it('writes its folders 0700 and its files 0600 whatever the umask', async () => {
    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-spool-'));
    const dir = path.join(storage, 'spool', 'node-a');
    const umask = process.umask(0o022);
    try {
      const spool = new CaptureSpool(dir, limits);
      expect(spool.add(await event('c1'))).toBe(true);
    } finally {
      process.umask(umask);
    }
    expect(mode(path.join(storage, 'spool'))).toBe(0o700);
    expect(mode(dir)).toBe(0o700);
    expect(spooled(dir)).toHaveLength(1);
    for (const file of spooled(dir)) expect(mode(file), file).toBe(0o600);
  });

  it('tightens a spool an older version left readable, and still owes its events', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-spool-')), 'spool', 'node-a');
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    const old = path.join(dir, `${Date.now().toString().padStart(15, '0')}-c0.capture`);
    fs.writeFileSync(old, v8.serialize(await event('c0')), { mode: 0o644 });
    fs.chmodSync(old, 0o644);
    const spool = new CaptureSpool(dir, limits);
    expect(mode(dir)).toBe(0o700);
    expect(mode(old)).toBe(0o600);
    const delivered: string[] = [];
    await spool.drain(async (e) => void delivered.push(isCaptureEvent(e) ? e.id : 'a clip'));
    expect(delivered).toEqual(['c0']);
  });
});
