import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, saveCapture, signedInClients, startApi, startWithUsers, VIEWER, type TestSystem } from './helpers';
import type { CaptureRecord } from '../../src/store/captures';

const DAY = 86_400_000;

describe('audit trail of capture access', () => {
  let system: TestSystem;
  let admin: Client;
  let viewer: Client;
  let a: CaptureRecord;
  let b: CaptureRecord;

  /** The trail as an admin reads it (entries of audit.view left out unless asked for). */
  async function trail(query = ''): Promise<any[]> {
    const res = await admin.get(`/api/audit${query}`);
    expect(res.status).toBe(200);
    return (res.json.items as any[]).filter((e) => e.action !== 'audit.view' || query.includes('audit.view'));
  }

  beforeAll(async () => {
    system = await startWithUsers();
    ({ admin, viewer } = await signedInClients(system));
    a = await saveCapture(system, { cameraId: 'cam-a' });
    b = await saveCapture(system, { cameraId: 'cam-b' });
  });
  afterAll(async () => {
    await system?.close();
  });

  it('records a detail view, frame and crop downloads, a review, a CSV export and a deletion with who, what and where from', async () => {
    expect((await viewer.get(`/api/violations/${a.id}`)).status).toBe(200);
    expect((await viewer.get(`/api/violations/${a.id}/frame.jpg`)).status).toBe(200);
    expect((await viewer.get(`/api/violations/${a.id}/crop.jpg`)).status).toBe(200);
    expect(
      (await viewer.post(`/api/violations/${a.id}/review`, { status: 'acknowledged', note: 'told him' })).status,
    ).toBe(200);
    expect((await viewer.get('/api/violations.csv?cameraId=cam-a')).status).toBe(200);
    expect((await admin.delete(`/api/violations/${a.id}`)).status).toBe(204);

    const entries = (await trail()).reverse();
    const seen = entries.map((e) => [e.user, e.role, e.action, e.captureId, e.cameraId]);
    expect(seen).toEqual([
      ['victor', 'viewer', 'capture.view', a.id, 'cam-a'],
      ['victor', 'viewer', 'capture.frame', a.id, 'cam-a'],
      ['victor', 'viewer', 'capture.crop', a.id, 'cam-a'],
      ['victor', 'viewer', 'capture.review', a.id, 'cam-a'],
      ['victor', 'viewer', 'capture.export', null, 'cam-a'],
      ['alice', 'admin', 'capture.delete', a.id, 'cam-a'],
    ]);
    for (const e of entries) {
      expect(e.address).toBe('127.0.0.1');
      expect(e.userAgent).toBeTruthy();
      expect(Date.now() - Date.parse(e.time)).toBeLessThan(60_000);
    }
    expect(entries[3].details).toEqual({ from: 'new', status: 'acknowledged' });
    expect(entries[4].details).toEqual({ filter: { cameraId: 'cam-a', limit: 100_000 } });
    // Notes and session cookies stay out of the trail.
    expect(JSON.stringify(entries)).not.toMatch(/told him|cctv_session/);
  });

  it('records a listing once, with its filter and the captures it showed; their thumbnails add nothing', async () => {
    const c = await saveCapture(system, { cameraId: 'cam-b' });
    const list = await viewer.get('/api/violations?cameraId=cam-b&limit=10');
    expect(list.json.items.map((i: { id: string }) => i.id)).toEqual([c.id, b.id]);
    // The same answer again (the dashboard reloading its list) adds nothing.
    expect((await viewer.get('/api/violations?cameraId=cam-b&limit=10')).status).toBe(200);
    // The gallery's <img> requests (browsers send Sec-Fetch-Dest: image), several times over.
    for (let i = 0; i < 3; i++) {
      for (const id of [b.id, c.id]) {
        const res = await viewer.get(`/api/violations/${id}/crop.jpg`, { 'sec-fetch-dest': 'image' });
        expect(res.status).toBe(200);
      }
    }
    const [entry, ...rest] = await trail(`?user=${VIEWER.name}&cameraId=cam-b`);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      action: 'capture.list',
      captureId: null,
      cameraId: 'cam-b',
      captureCount: 2,
      details: { filter: { cameraId: 'cam-b', limit: 10 } },
    });
    // "Who saw capture b" finds the listing.
    expect((await trail(`?captureId=${b.id}`)).map((e) => e.action)).toEqual(['capture.list']);
  });

  it('records a read once per ten minutes per user, and a detail view covers the images it shows', async () => {
    const d = await saveCapture(system, { cameraId: 'cam-d' });
    for (let i = 0; i < 4; i++) {
      expect((await viewer.get(`/api/violations/${d.id}/frame.jpg`)).status).toBe(200);
      expect((await viewer.get(`/api/violations/${d.id}`)).status).toBe(200);
    }
    expect((await admin.get(`/api/violations/${d.id}`)).status).toBe(200);
    expect((await trail(`?captureId=${d.id}`)).map((e) => `${e.user} ${e.action}`)).toEqual([
      'alice capture.view',
      'victor capture.view',
      'victor capture.frame',
    ]);

    const e = await saveCapture(system, { cameraId: 'cam-d' });
    await admin.get(`/api/violations/${e.id}`);
    for (const image of ['crop', 'frame']) {
      await admin.get(`/api/violations/${e.id}/${image}.jpg`, { 'sec-fetch-dest': 'image' });
    }
    // Opened in a new tab: a download of its own.
    await admin.get(`/api/violations/${e.id}/frame.jpg`, { 'sec-fetch-dest': 'document' });
    expect((await trail(`?captureId=${e.id}`)).map((x) => x.action)).toEqual(['capture.frame', 'capture.view']);
    // Changes are always recorded.
    await admin.post(`/api/violations/${e.id}/review`, { status: 'acknowledged' });
    await admin.post(`/api/violations/${e.id}/review`, { status: 'resolved' });
    expect((await trail(`?captureId=${e.id}&action=capture.review`)).length).toBe(2);
  });

  it('filters by user, action, camera, capture and time, and pages newest first', async () => {
    const byAction = await trail('?action=capture.delete');
    expect(byAction.map((e) => [e.user, e.captureId])).toEqual([['alice', a.id]]);
    expect((await trail('?user=ALICE&action=capture.view')).every((e) => e.user === 'alice')).toBe(true);
    expect((await trail('?cameraId=cam-a')).map((e) => e.action)).toContain('capture.review');
    const future = new Date(Date.now() + DAY).toISOString();
    expect(await trail(`?from=${future}`)).toEqual([]);
    expect((await trail(`?to=${future}&action=capture.review&user=victor`)).length).toBe(1);

    const first = await admin.get('/api/audit?limit=2');
    expect(first.json.items).toHaveLength(2);
    const second = await admin.get(`/api/audit?limit=2&before=${first.json.nextCursor}`);
    expect(second.json.items[0].id).toBeLessThan(first.json.items[1].id);
  });

  it('refuses bad filters with the field named', async () => {
    const bad = async (query: string, field: RegExp) => {
      const res = await admin.get(`/api/audit${query}`);
      expect(res.status).toBe(400);
      expect(res.json.error).toMatch(field);
    };
    await bad('?action=peeked', /^action:/);
    await bad('?from=yesterday', /^from:/);
    await bad('?from=2026-12-02&to=2026-12-01', /^from: must be before to/);
    await bad('?limit=5000', /^limit:/);
    await bad('?before=abc', /^before:/);
    await bad('?captureId=../x', /^captureId:/);
    await bad('?colour=red', /colour/);
  });

  it('is for admins only', async () => {
    for (const url of ['/api/audit', '/api/audit.csv', '/api/settings/retention']) {
      expect((await viewer.get(url)).status).toBe(403);
      expect((await new Client(system.url).get(url)).status).toBe(401);
    }
    expect((await viewer.put('/api/settings/retention', { auditDays: 1 })).status).toBe(403);
  });

  it('exports the trail as CSV with the same filters, and records the export and each reading', async () => {
    const res = await admin.get('/api/audit.csv?action=capture.review&user=victor');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="audit-.*\.csv"/);
    const lines = res.text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('id,time,user,role,action,captureId,cameraId,captureCount,address,userAgent,details');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,victor,viewer,capture.review,${a.id},cam-a,,127.0.0.1,`);
    expect(lines[1]).toContain('"{""from"":""new"",""status"":""acknowledged""}"');

    const own = await trail('?user=alice&action=audit.export');
    expect(own[0].details).toEqual({ filter: { action: 'capture.review', user: 'victor' } });
    expect((await trail('?action=audit.view')).length).toBeGreaterThan(3);
  });

  it('keeps entries for the configured days: the dashboard setting, applied by the retention sweep', async () => {
    const settings = await admin.get('/api/settings/retention');
    expect(settings.json).toEqual({
      captures: { days: 30, maxBytes: 10 * 1024 ** 3, keepReviewed: true },
      auditDays: 365,
      auditDaysSource: 'config',
    });
    const at = (days: number) => Date.now() - days * DAY;
    const old = {
      user: 'olga',
      role: 'viewer',
      action: 'capture.view' as const,
      address: '10.0.0.9',
      captureId: 'gone',
    };
    system.audit.store.addAll([
      { ...old, atMs: at(400) },
      { ...old, atMs: at(100), listedIds: ['gone'] },
      { ...old, atMs: at(20) },
    ]);
    await system.retention.sweep();
    expect((await trail('?user=olga')).length).toBe(2);

    const bad = await admin.put('/api/settings/retention', { auditDays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/^auditDays:/);
    const put = await admin.put('/api/settings/retention', { auditDays: 30 });
    expect(put.json).toMatchObject({ auditDays: 30, auditDaysSource: 'dashboard' });
    const report = await system.retention.sweep();
    expect(report.auditPurged).toBe(1);
    expect((await trail('?user=olga')).map((e) => Math.round((Date.now() - Date.parse(e.time)) / DAY))).toEqual([20]);
    expect(
      system.db.prepare("SELECT count(*) AS n FROM audit_listed_captures WHERE capture_id = 'gone'").get(),
    ).toEqual({
      n: 0,
    });
    const change = await trail('?action=audit.retention');
    expect(change[0]).toMatchObject({ user: 'alice', details: { fromDays: 365, toDays: 30 } });
  });

  it('never fails a request when the trail cannot be written: the error is logged and the entry written later', async () => {
    system.db.exec('ALTER TABLE audit_entries RENAME TO audit_entries_away');
    const res = await viewer.get(`/api/violations/${b.id}`);
    expect(res.status).toBe(200);
    system.audit.trail.flush();
    expect(system.logs()).toContain('audit entries could not be written');
    system.db.exec('ALTER TABLE audit_entries_away RENAME TO audit_entries');
    expect((await trail(`?captureId=${b.id}&action=capture.view`)).map((e) => e.user)).toEqual(['victor']);
  });
});

describe('audit trail behind a reverse proxy', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startApi({ env: { TRUST_PROXY: 'yes' } });
  });
  afterAll(async () => {
    await system?.close();
  });

  it("records the client's address the proxy forwards (auth.trustProxy), as the local admin in open mode", async () => {
    const capture = await saveCapture(system);
    const client = new Client(system.url);
    expect((await client.get(`/api/violations/${capture.id}`, { 'x-forwarded-for': '203.0.113.7' })).status).toBe(200);
    const res = await client.get('/api/audit?action=capture.view');
    expect(res.json.items).toMatchObject([
      { user: 'local', role: 'admin', address: '203.0.113.7', captureId: capture.id },
    ]);
  });
});
