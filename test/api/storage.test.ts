import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Client, saveCapture, startApi } from './helpers';

describe('capture storage across restarts', () => {
  it('sweeps leftovers of an interrupted write and applies retention at start', async () => {
    const first = await startApi();
    const dataDir = first.dataDir;
    const now = Date.now();
    const old = await saveCapture(first, { time: new Date(now - 40 * 86_400_000).toISOString() });
    const confirmedOld = await saveCapture(first, {
      time: new Date(now - 45 * 86_400_000).toISOString(),
      box: [300, 0, 330, 60],
    });
    first.captures.review(confirmedOld.id, 'acknowledged', 'sam', 'evidence');
    const young = await saveCapture(first, { time: new Date(now - 86_400_000).toISOString() });
    await first.close();

    // The server died mid-save: files without a row, and a half-written temporary file.
    const dayDir = path.join(dataDir, path.dirname(young.cropPath));
    fs.writeFileSync(path.join(dayDir, 'crashed_crop.jpg'), Buffer.alloc(100));
    fs.writeFileSync(path.join(dayDir, 'crashed_frame.jpg.tmp'), Buffer.alloc(50));

    const second = await startApi({ dataDir, env: { RETENTION_DAYS: '30' } });
    try {
      const client = new Client(second.url);
      const items = (await client.get('/api/violations')).json.items.map((c: { id: string }) => c.id);
      expect(items).toEqual([young.id, confirmedOld.id]); // the confirmed one is kept by the age rule
      expect(fs.existsSync(path.join(dataDir, old.cropPath))).toBe(false);
      expect(fs.readdirSync(dayDir).sort()).toEqual(
        [path.basename(young.cropPath), path.basename(young.framePath)].sort(),
      );
      expect((await client.get(`/api/violations/${young.id}/crop.jpg`)).status).toBe(200);
      expect(second.logs()).toMatch(/removed capture files left by an interrupted write/);
    } finally {
      await second.close();
    }
  });

  it('keeps the capture folder under RETENTION_MAX_BYTES, oldest first', async () => {
    const system = await startApi();
    const dataDir = system.dataDir;
    const saved = [];
    for (let i = 0; i < 4; i++) saved.push(await saveCapture(system, { box: [i * 100, 0, i * 100 + 50, 80] }));
    await system.close();
    const each = saved[0].bytes!;
    const again = await startApi({ dataDir, env: { RETENTION_MAX_BYTES: String(each * 2) } });
    try {
      const items = (await new Client(again.url).get('/api/violations')).json.items.map((c: { id: string }) => c.id);
      expect(items).toEqual([saved[3].id, saved[2].id]);
      const metrics = (await new Client(again.url).get('/metrics')).text;
      expect(metrics).toMatch(new RegExp(`^cctv_storage_bytes ${saved[3].bytes! + saved[2].bytes!}$`, 'm'));
    } finally {
      await again.close();
    }
  });
});
