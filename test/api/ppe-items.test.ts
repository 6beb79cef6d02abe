// PPE items through the API: the catalogue with the model's classes of each item, and kinds of
// any item in captures, filters, stats, CSV and camera settings — checked against the catalogue.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDir } from '../../src/config/paths';
import { modelConfigSchema } from '../../src/detect/config';
import { Client, saveCapture, startApi, type TestSystem } from './helpers';

const ACCURATE_MODEL = path.join(sharedDir(), 'models', 'construction-ppe-yolov8n-640-int8.onnx');

describe('PPE items on the default (320, head/torso) model', () => {
  let system: TestSystem;
  let api: Client;

  beforeAll(async () => {
    system = await startApi();
    api = new Client(system.url);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('lists every item, saying which the model can show and by which classes', async () => {
    const res = await api.get('/api/ppe/items');
    expect(res.status).toBe(200);
    expect(res.json.model).toEqual({ file: 'ppe-helmet-vest-yolov8n-320-int8.onnx', hasPersonClass: false });
    const byId = Object.fromEntries(res.json.items.map((i: { id: string }) => [i.id, i]));
    expect(res.json.items.map((i: { id: string }) => i.id)).toEqual([
      'helmet',
      'vest',
      'mask',
      'gloves',
      'goggles',
      'boots',
      'ear-protection',
      'harness',
    ]);
    expect(byId.helmet).toEqual({
      id: 'helmet',
      name: 'Helmet',
      kind: 'no-helmet',
      region: 'head',
      inferAbsence: false,
      modelClasses: { worn: ['helmet'], missing: ['head'] },
      judgeable: true,
    });
    expect(byId.vest.modelClasses).toEqual({ worn: ['safety-jacket'], missing: ['no-jacket'] });
    expect(byId.mask).toMatchObject({ modelClasses: null, judgeable: false });
  });

  it('keeps old helmet rows and takes captures of any item, in filters, stats and CSV', async () => {
    const helmet = await saveCapture(system, { kinds: ['no-helmet'] });
    const mask = await saveCapture(system, { kinds: ['no-mask', 'no-gloves'], zone: 'Paint shop' });
    const ids = (r: { json: { items: { id: string }[] } }) => r.json.items.map((c) => c.id);
    expect(ids(await api.get('/api/violations?kind=no-mask'))).toEqual([mask.id]);
    expect(ids(await api.get('/api/violations?kind=no-helmet'))).toEqual([helmet.id]);
    expect((await api.get(`/api/violations/${mask.id}`)).json.kinds).toEqual(['no-mask', 'no-gloves']);

    const unknown = await api.get('/api/violations?kind=no-respirator');
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatch(/^kind: no-respirator names no PPE item \(known: no-helmet, no-vest, no-mask/);

    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const stats = (await api.get(`/api/stats?from=${weekAgo}`)).json;
    expect(Object.keys(stats.byKind)).toEqual([
      'no-helmet',
      'no-vest',
      'no-mask',
      'no-gloves',
      'no-goggles',
      'no-boots',
      'no-ear-protection',
      'no-harness',
    ]);
    expect(stats.byKind).toMatchObject({ 'no-helmet': 1, 'no-vest': 0, 'no-mask': 1, 'no-gloves': 1 });

    const csv = (await api.get('/api/violations.csv?kind=no-gloves')).text;
    expect(csv).toContain('no-mask+no-gloves');
  });

  it('refuses a camera, zone or alert rule requiring a kind of no item, naming the field', async () => {
    const camera = { id: 'paint', name: 'Paint shop', url: 'rtsp://192.0.2.12/s', enabled: false };
    const bad = await api.post('/api/cameras', { ...camera, ppe: { required: ['no-helmet', 'no-respirator'] } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/^ppe\.required\.1: no-respirator names no PPE item/);
    const zone = {
      name: 'Booth',
      polygon: [
        [0, 0],
        [1, 0],
        [1, 1],
      ],
      required: ['no-apron'],
    };
    const badZone = await api.post('/api/cameras', { ...camera, ppe: { zones: [zone] } });
    expect(badZone.json.error).toMatch(/^ppe\.zones\.0\.required\.0: no-apron names no PPE item/);

    const good = await api.post('/api/cameras', { ...camera, ppe: { required: ['no-mask'] } });
    expect(good.status).toBe(201);
    expect(good.json.ppe.required).toEqual(['no-mask']);

    const rule = await api.post('/api/alerts/rules', { id: 'masks', channels: ['x'], kinds: ['no-respirator'] });
    expect([rule.status, rule.json.error]).toEqual([400, expect.stringMatching(/^kinds: no-respirator names no/)]);
  });
});

describe('PPE items on the accurate (640, person) model, with an item added in the config', () => {
  let system: TestSystem;

  beforeAll(async () => {
    const model = modelConfigSchema.parse({ path: ACCURATE_MODEL, classes: { Ladder: { role: 'harness' } } });
    system = await startApi({
      overrides: {
        model,
        ppeItems: [
          { id: 'mask', name: 'Respirator' },
          { id: 'hairnet', name: 'Hair net', region: 'head', worn: ['hairnet'], missing: [] },
        ],
      },
    });
  });
  afterAll(async () => {
    await system?.close();
  });

  it('knows masks and gloves from the model, names items as configured, and maps configured classes', async () => {
    const res = (await new Client(system.url).get('/api/ppe/items')).json;
    expect(res.model).toEqual({ file: 'construction-ppe-yolov8n-640-int8.onnx', hasPersonClass: true });
    const byId = Object.fromEntries(res.items.map((i: { id: string }) => [i.id, i]));
    expect(byId.mask).toMatchObject({
      name: 'Respirator',
      modelClasses: { worn: ['Mask'], missing: ['NO-Mask'] },
      judgeable: true,
    });
    expect(byId.gloves).toMatchObject({ modelClasses: { worn: ['Gloves'], missing: [] }, judgeable: true });
    expect(byId.harness).toMatchObject({ modelClasses: { worn: ['Ladder'], missing: [] } });
    expect(byId.goggles).toMatchObject({ modelClasses: null, judgeable: false });
    expect(byId.hairnet).toMatchObject({ kind: 'no-hairnet', region: 'head', judgeable: false });
  });
});
