// One person, one capture: kinds a worker finds later for a person it captured already are added to
// that capture, whatever the order and however often the event is delivered.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { CaptureArchive } from '../../src/capture/archive';
import { PlaceCooldown } from '../../src/capture/dedup';
import type { ViolationKind } from '../../src/domain/detection';
import type { CaptureEvent } from '../../src/domain/events';
import { CaptureStore } from '../../src/store/captures';
import { openDatabase } from '../../src/store/db';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-amend-'));
  const store = new CaptureStore(openDatabase(path.join(dir, 'cctv.sqlite')));
  const alerted: string[] = [];
  const archive = new CaptureArchive(dir, store, new PlaceCooldown(), (r) => alerted.push(r.id));
  const jpeg = (colour: string) =>
    sharp({ create: { width: 16, height: 16, channels: 3, background: colour } })
      .jpeg()
      .toBuffer();
  const first = await jpeg('#a00');
  const later = await jpeg('#0a0');
  const event = (id: string, kinds: ViolationKind[], seconds: number, amendment = false): CaptureEvent => ({
    id,
    ...(amendment ? { amendment: true } : {}),
    time: new Date(T0 + seconds * 1000).toISOString(),
    cameraId: 'gate',
    cameraName: 'Gate',
    location: 'North',
    trackId: 4,
    kinds,
    confidence: 0.8,
    box: [100, 100, 200, 400],
    crop: amendment ? later : first,
    frame: amendment ? later : first,
  });
  return { dir, store, archive, alerted, event, first };
}

describe('later kinds of a captured person', () => {
  it('are added to the capture: one row, both kinds, the first pictures, one alert', async () => {
    const { dir, store, archive, alerted, event, first } = await setup();
    expect((await archive.save(event('p1', ['no-vest'], 0))).outcome).toBe('saved');
    const amended = await archive.save(event('p1', ['no-helmet'], 3, true));
    expect(amended).toMatchObject({ outcome: 'amended', added: ['no-helmet'] });
    expect(store.count()).toBe(1);
    const record = store.get('p1')!;
    expect(record.kinds).toEqual(['no-vest', 'no-helmet']);
    expect(fs.readFileSync(path.join(dir, record.cropPath)).equals(first)).toBe(true);
    expect(alerted).toEqual(['p1']);
    // Found in a filter on the later kind too.
    expect(store.list({ kind: 'no-helmet', limit: 10 }).items.map((c) => c.id)).toEqual(['p1']);
  });

  it('redelivered, change nothing', async () => {
    const { store, archive, event } = await setup();
    await archive.save(event('p1', ['no-vest'], 0));
    await archive.save(event('p1', ['no-helmet'], 3, true));
    expect((await archive.save(event('p1', ['no-helmet'], 3, true))).outcome).toBe('already-saved');
    expect((await archive.save(event('p1', ['no-vest'], 0))).outcome).toBe('already-saved');
    expect(store.get('p1')!.kinds).toEqual(['no-vest', 'no-helmet']);
  });

  it('make a capture of their own when the first one was not kept', async () => {
    const { store, archive, event } = await setup();
    await archive.save(event('someone', ['no-vest'], 0));
    // The same person again under a new track, within the cooldown: refused as a duplicate…
    expect((await archive.save(event('p2', ['no-vest'], 5))).outcome).toBe('duplicate');
    // …so the kind found later for that track is a capture of its own, under the track's id.
    expect((await archive.save(event('p2', ['no-helmet'], 8, true))).outcome).toBe('saved');
    expect(store.get('p2')!.kinds).toEqual(['no-helmet']);
    expect(store.count()).toBe(2);
  });
});
