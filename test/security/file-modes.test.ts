// Finding 7: cctv.sqlite (camera URLs with passwords) was 0644 and capture folders followed the
// umask. Nobody but the server's user may read them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveCapture, startWithUsers } from '../api/helpers';

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
});
