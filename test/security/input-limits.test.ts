// Finding 6: camera name, location and zone names had no length limit (a 1 MB name was stored and
// sent to every viewer and into every capture).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, Client, snapshotState, startWithUsers, SAMPLE_VIDEO, type TestSystem } from '../api/helpers';

const zone = (name: string) => ({
  name,
  polygon: [
    [0.1, 0.1],
    [0.9, 0.1],
    [0.5, 0.9],
  ],
});

describe('camera labels have a maximum length', () => {
  let system: TestSystem;
  let admin: Client;
  beforeAll(async () => {
    system = await startWithUsers();
    admin = new Client(system.url);
    await admin.login(ADMIN.name, ADMIN.password);
    const ok = await admin.post('/api/cameras', {
      id: 'yard',
      name: 'n'.repeat(120),
      location: 'l'.repeat(120),
      url: SAMPLE_VIDEO,
      enabled: false,
      ppe: { zones: [zone('z'.repeat(120))] },
    });
    expect(ok.status, ok.text).toBe(201);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('refuses longer names, locations and zone names with the field and the limit, changing nothing', async () => {
    const before = snapshotState(system);
    const base = { id: 'gate', name: 'Gate', url: SAMPLE_VIDEO, enabled: false };
    const cases: Array<[() => Promise<{ status: number; json: any }>, string]> = [
      [() => admin.post('/api/cameras', { ...base, name: 'x'.repeat(500_000) }), 'name: at most 120 characters'],
      [() => admin.post('/api/cameras', { ...base, name: 'x'.repeat(121) }), 'name: at most 120 characters'],
      [() => admin.post('/api/cameras', { ...base, location: 'x'.repeat(121) }), 'location: at most 120 characters'],
      [
        () => admin.post('/api/cameras', { ...base, ppe: { zones: [zone('ok'), zone('x'.repeat(121))] } }),
        'ppe.zones[1].name: at most 120 characters',
      ],
      [() => admin.patch('/api/cameras/yard', { name: 'x'.repeat(121) }), 'name: at most 120 characters'],
      [
        () => admin.patch('/api/cameras/yard', { ppe: { zones: [zone('x'.repeat(121))] } }),
        'ppe.zones[0].name: at most 120 characters',
      ],
      [
        () => admin.put('/api/cameras/yard', { ...base, id: 'yard', location: 'x'.repeat(121) }),
        'location: at most 120 characters',
      ],
    ];
    for (const [send, error] of cases) {
      const res = await send();
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error });
    }
    expect(snapshotState(system)).toEqual(before);
  });
});
