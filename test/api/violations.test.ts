import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  Client,
  jpeg,
  SAMPLE_VIDEO,
  saveCapture,
  startApi,
  startWithUsers,
  VIEWER,
  type TestSystem,
} from './helpers';
import type { CaptureRecord } from '../../src/store/captures';

/** Minimal RFC 4180 reader: quoted cells, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('violations', () => {
  let system: TestSystem;
  let admin: Client;
  let viewer: Client;
  const saved: CaptureRecord[] = [];

  beforeAll(async () => {
    system = await startWithUsers();
    admin = new Client(system.url);
    viewer = new Client(system.url);
    await admin.login(ADMIN.name, ADMIN.password);
    await viewer.login(VIEWER.name, VIEWER.password);
    saved.push(await saveCapture(system, { cameraId: 'cam-a', kinds: ['no-helmet'], zone: 'Welding bay' }));
    saved.push(await saveCapture(system, { cameraId: 'cam-b', kinds: ['no-vest'] }));
    saved.push(await saveCapture(system, { cameraId: 'cam-a', kinds: ['no-helmet', 'no-vest'], zone: 'Welding bay' }));
    saved.push(await saveCapture(system, { cameraId: 'cam-b', kinds: ['no-helmet'], zone: 'Dock' }));
    saved.push(await saveCapture(system, { cameraId: 'cam-a', kinds: ['no-vest'] }));
  });
  afterAll(async () => {
    await system?.close();
  });

  const ids = (res: { json: { items: { id: string }[] } }) => res.json.items.map((c) => c.id);
  const byIndex = (...i: number[]) => i.map((n) => saved[n].id);

  it('lists newest first with filters for camera, kind, zone, status and time', async () => {
    const all = await viewer.get('/api/violations');
    expect(ids(all)).toEqual(byIndex(4, 3, 2, 1, 0));
    expect(all.json.items[0]).toEqual({
      id: saved[4].id,
      time: saved[4].time,
      cameraId: 'cam-a',
      cameraName: 'Camera A',
      location: 'Yard',
      zone: null,
      trackId: saved[4].trackId,
      kinds: ['no-vest'],
      confidence: 0.87,
      box: [10, 10, 40, 90],
      status: 'new',
      reviewer: null,
      reviewedAt: null,
      note: null,
      cropUrl: `/api/violations/${saved[4].id}/crop.jpg`,
      frameUrl: `/api/violations/${saved[4].id}/frame.jpg`,
      clipUrl: null,
      clipOffsetSeconds: null,
      clipPending: false,
      clipError: 'no clip: clips are off',
    });
    expect(ids(await viewer.get('/api/violations?cameraId=cam-b'))).toEqual(byIndex(3, 1));
    expect(ids(await viewer.get('/api/violations?kind=no-vest'))).toEqual(byIndex(4, 2, 1));
    expect(ids(await viewer.get('/api/violations?kind=no-helmet&cameraId=cam-a'))).toEqual(byIndex(2, 0));
    expect(ids(await viewer.get(`/api/violations?zone=${encodeURIComponent('Welding bay')}`))).toEqual(byIndex(2, 0));
    expect(ids(await viewer.get(`/api/violations?from=${saved[1].time}&to=${saved[3].time}`))).toEqual(byIndex(2, 1));
    expect(ids(await viewer.get('/api/violations?status=resolved'))).toEqual([]);
  });

  it('pages with a cursor without gaps or repeats', async () => {
    const first = await viewer.get('/api/violations?limit=2');
    expect(ids(first)).toEqual(byIndex(4, 3));
    const second = await viewer.get(`/api/violations?limit=2&before=${first.json.nextCursor}`);
    expect(ids(second)).toEqual(byIndex(2, 1));
    const third = await viewer.get(`/api/violations?limit=2&before=${second.json.nextCursor}`);
    expect(ids(third)).toEqual(byIndex(0));
    expect(third.json.nextCursor).toBeNull();
  });

  it('serves the crop and the frame as saved', async () => {
    const crop = await viewer.get(saved[0].cropPath ? `/api/violations/${saved[0].id}/crop.jpg` : '');
    expect(crop.status).toBe(200);
    expect(crop.headers.get('content-type')).toBe('image/jpeg');
    expect(crop.body.equals(fs.readFileSync(path.join(system.dataDir, saved[0].cropPath)))).toBe(true);
    const frame = await viewer.get(`/api/violations/${saved[0].id}/frame.jpg`);
    expect(frame.body.equals(fs.readFileSync(path.join(system.dataDir, saved[0].framePath)))).toBe(true);
  });

  it('moves through the review lifecycle, recording who, when and why, and refuses other moves with 409', async () => {
    const id = saved[0].id;
    const early = await viewer.post(`/api/violations/${id}/review`, { status: 'resolved' });
    expect(early.status).toBe(409);
    expect(early.json.error).toBe('status: a new capture can become acknowledged or false-positive, not resolved');

    const ack = await viewer.post(`/api/violations/${id}/review`, {
      status: 'acknowledged',
      note: 'Spoke to the supervisor',
    });
    expect(ack.status).toBe(200);
    expect(ack.json).toMatchObject({ status: 'acknowledged', reviewer: VIEWER.name, note: 'Spoke to the supervisor' });
    expect(Date.now() - Date.parse(ack.json.reviewedAt)).toBeLessThan(10_000);

    expect((await viewer.post(`/api/violations/${id}/review`, { status: 'acknowledged' })).json.error).toBe(
      'status: the capture is already acknowledged',
    );
    const resolved = await admin.post(`/api/violations/${id}/review`, { status: 'resolved', note: 'Helmet issued' });
    expect(resolved.json).toMatchObject({ status: 'resolved', reviewer: ADMIN.name, note: 'Helmet issued' });
    const final = await admin.post(`/api/violations/${id}/review`, { status: 'false-positive' });
    expect(final.status).toBe(409);
    expect(final.json.error).toBe('status: resolved is final; it cannot become false-positive');

    const fp = await viewer.post(`/api/violations/${saved[1].id}/review`, {
      status: 'false-positive',
      note: 'a mannequin',
    });
    expect(fp.json.status).toBe('false-positive');
    expect((await viewer.post(`/api/violations/${saved[1].id}/review`, { status: 'acknowledged' })).status).toBe(409);

    const detail = (await viewer.get(`/api/violations/${id}`)).json;
    expect(detail.history).toEqual([
      {
        fromStatus: 'new',
        status: 'acknowledged',
        reviewer: VIEWER.name,
        at: ack.json.reviewedAt,
        note: 'Spoke to the supervisor',
      },
      {
        fromStatus: 'acknowledged',
        status: 'resolved',
        reviewer: ADMIN.name,
        at: resolved.json.reviewedAt,
        note: 'Helmet issued',
      },
    ]);
    expect(ids(await viewer.get('/api/violations?status=resolved'))).toEqual([id]);
  });

  it('exports the same filters as CSV, escaped and safe to open in a spreadsheet', async () => {
    const tricky = await saveCapture(system, {
      cameraId: 'cam-c',
      cameraName: '=HYPERLINK("http://evil.example","click")',
      location: 'Hall "B", north',
      zone: '@SUM(A1)',
    });
    await admin.post(`/api/violations/${tricky.id}/review`, { status: 'acknowledged', note: '-2+3\nsecond line' });
    const res = await viewer.get('/api/violations.csv?cameraId=cam-c');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="violations-.*\.csv"$/);
    const rows = parseCsv(res.text.replace(/^\ufeff/, ''));
    expect(rows[0]).toEqual([
      'id',
      'time',
      'cameraId',
      'cameraName',
      'location',
      'zone',
      'kinds',
      'trackId',
      'confidence',
      'status',
      'reviewer',
      'reviewedAt',
      'note',
      'cropUrl',
      'frameUrl',
    ]);
    expect(rows).toHaveLength(2);
    const row = Object.fromEntries(rows[0].map((h, i) => [h, rows[1][i]]));
    expect(row).toMatchObject({
      id: tricky.id,
      cameraName: `'=HYPERLINK("http://evil.example","click")`,
      location: 'Hall "B", north',
      zone: `'@SUM(A1)`,
      note: `'-2+3\nsecond line`,
      status: 'acknowledged',
      reviewer: ADMIN.name,
      kinds: 'no-helmet',
    });
    const all = parseCsv((await viewer.get('/api/violations.csv?kind=no-vest')).text.replace(/^\ufeff/, ''));
    expect(all.slice(1).map((r) => r[0])).toEqual(byIndex(4, 2, 1));
  });

  it('lets an admin delete a capture with its files; a viewer may not', async () => {
    const victim = saved[3];
    expect((await viewer.delete(`/api/violations/${victim.id}`)).status).toBe(403);
    const res = await admin.delete(`/api/violations/${victim.id}`);
    expect(res.status).toBe(204);
    expect((await viewer.get(`/api/violations/${victim.id}`)).status).toBe(404);
    expect((await viewer.get(`/api/violations/${victim.id}/crop.jpg`)).status).toBe(404);
    expect(fs.existsSync(path.join(system.dataDir, victim.cropPath))).toBe(false);
    expect(fs.existsSync(path.join(system.dataDir, victim.framePath))).toBe(false);
    expect(ids(await viewer.get('/api/violations?cameraId=cam-b'))).toEqual(byIndex(1));
  });

  it('announces new, reviewed and deleted captures on the event stream', async () => {
    const events: string[] = [];
    const req = http.get(`${system.url}/api/events`, { headers: { cookie: viewer.cookie! } });
    const response = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream');
    response.setEncoding('utf8').on('data', (chunk: string) => events.push(chunk));
    await new Promise((r) => setTimeout(r, 100));
    try {
      // A capture arriving from a worker goes through the bus like a real one.
      await system.bus.publishCapture({
        id: '3f0f7e38-0d3c-4a7e-9f0e-000000000001',
        time: new Date().toISOString(),
        cameraId: 'cam-live',
        cameraName: 'Live',
        location: 'Gate',
        trackId: 7,
        kinds: ['no-helmet'],
        confidence: 0.9,
        box: [1, 2, 30, 60],
        crop: await jpeg(),
        frame: await jpeg(),
      });
      await admin.post('/api/violations/3f0f7e38-0d3c-4a7e-9f0e-000000000001/review', { status: 'acknowledged' });
      await admin.delete('/api/violations/3f0f7e38-0d3c-4a7e-9f0e-000000000001');
      await new Promise((r) => setTimeout(r, 200));
      const text = events.join('');
      expect(text).toMatch(/event: capture\ndata: \{"id":"3f0f7e38-0d3c-4a7e-9f0e-000000000001".*"status":"new"/);
      expect(text).toMatch(
        /event: capture-updated\ndata: \{"id":"3f0f7e38-0d3c-4a7e-9f0e-000000000001".*"status":"acknowledged"/,
      );
      expect(text).toContain('event: capture-removed\ndata: {"id":"3f0f7e38-0d3c-4a7e-9f0e-000000000001"}');
    } finally {
      req.destroy();
    }
  });

  it('keeps captures and their reviews across a restart', async () => {
    const dataDir = system.dataDir;
    await system.close();
    system = await startWithUsers({ dataDir });
    const client = new Client(system.url);
    await client.login(ADMIN.name, ADMIN.password);
    const detail = (await client.get(`/api/violations/${saved[0].id}`)).json;
    expect(detail).toMatchObject({ status: 'resolved', reviewer: ADMIN.name, note: 'Helmet issued' });
    expect(detail.history).toHaveLength(2);
    expect((await client.get(`/api/violations/${saved[0].id}/crop.jpg`)).status).toBe(200);
  });
});

describe('statistics', () => {
  it('counts per camera, kind and UTC hour, and a compliance rate from the people judged', async () => {
    const system = await startApi();
    try {
      const client = new Client(system.url);
      // Captures in the previous hour (all in the past); people judged are counted in this hour.
      const now = Math.floor(Date.now() / 3_600_000) * 3_600_000;
      const hour = now - 3_600_000;
      const at = (minutes: number) => new Date(hour + minutes * 60_000).toISOString();
      const a1 = await saveCapture(system, { cameraId: 'cam-a', cameraName: 'A', kinds: ['no-helmet'], time: at(1) });
      await saveCapture(system, {
        cameraId: 'cam-a',
        cameraName: 'A',
        kinds: ['no-helmet', 'no-vest'],
        time: at(2),
        box: [200, 10, 260, 90],
      });
      await saveCapture(system, { cameraId: 'cam-b', cameraName: 'B', kinds: ['no-vest'], time: at(3) });
      const fp = await saveCapture(system, {
        cameraId: 'cam-b',
        cameraName: 'B',
        kinds: ['no-vest'],
        time: at(-59),
        box: [300, 10, 360, 90],
      });
      await client.post(`/api/violations/${fp.id}/review`, { status: 'false-positive' });
      await client.post(`/api/violations/${a1.id}/review`, { status: 'acknowledged' });

      for (const [id, name] of [
        ['cam-a', 'A'],
        ['cam-b', 'B'],
      ]) {
        expect((await client.post('/api/cameras', { id, name, url: SAMPLE_VIDEO, enabled: false })).status).toBe(201);
      }
      // Workers report cumulative counts; cam-a's worker restarts (its count starts again from 0).
      const status = (cameraId: string, peopleJudged: number, peopleViolating: number) =>
        system.bus.publishStatus({
          cameraId,
          state: 'detecting',
          detecting: true,
          stats: {
            inputFps: 5,
            detectFps: 5,
            droppedFrames: 0,
            inferenceMs: 20,
            passesPerFrame: 1,
            peopleJudged,
            peopleViolating,
            idle: false,
          },
          restarts: 0,
          updatedAt: new Date().toISOString(),
        });
      status('cam-a', 4, 1);
      status('cam-a', 10, 2);
      status('cam-a', 0, 0);
      status('cam-a', 6, 1);
      status('cam-b', 5, 2);
      status('cam-b', 5, 2);

      const range = `from=${new Date(hour - 3_600_000).toISOString()}&to=${new Date(now + 3_600_000).toISOString()}`;
      const res = await client.get(`/api/stats?${range}`);
      expect(res.status).toBe(200);
      const stats = res.json;
      expect(stats).toMatchObject({
        captures: 3,
        falsePositives: 1,
        peopleJudged: 21,
        // cam-a: 2 + 1 violating; cam-b: 2, less the false positive.
        peopleViolating: 4,
        complianceRate: Math.round((1 - 4 / 21) * 10_000) / 10_000,
        byKind: { 'no-helmet': 2, 'no-vest': 2 },
        byStatus: { new: 2, acknowledged: 1, resolved: 0, 'false-positive': 1 },
      });
      expect(stats.byCamera).toEqual([
        {
          cameraId: 'cam-a',
          cameraName: 'A',
          captures: 2,
          peopleJudged: 16,
          peopleViolating: 3,
          complianceRate: 0.8125,
        },
        { cameraId: 'cam-b', cameraName: 'B', captures: 1, peopleJudged: 5, peopleViolating: 1, complianceRate: 0.8 },
      ]);
      expect(stats.byHour).toEqual([
        { hour: new Date(hour - 3_600_000).toISOString(), captures: 0, peopleJudged: 0 }, // only the false positive
        { hour: new Date(hour).toISOString(), captures: 3, peopleJudged: 0 },
        { hour: new Date(now).toISOString(), captures: 0, peopleJudged: 21 },
      ]);

      const one = (await client.get(`/api/stats?cameraId=cam-b&${range}`)).json;
      expect(one).toMatchObject({ cameraId: 'cam-b', captures: 1, peopleJudged: 5, complianceRate: 0.8 });
      // Default range: the last 24 hours.
      const day = (await client.get('/api/stats')).json;
      expect(day.byHour.length).toBeGreaterThanOrEqual(24);
      expect(day.captures).toBe(3);
    } finally {
      await system.close();
    }
  });
});
