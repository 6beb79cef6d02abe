import { describe, expect, it } from 'vitest';
import type { Box, PpeRole } from '../../src/domain/detection';
import { catalogueFrom } from '../../src/ppe/config';
import { HEAD, P, TORSO, det, monitor, person } from './support';

describe('ViolationMonitor with a person class', () => {
  it('confirms a bare head after M of N frames, once, from the best frame', () => {
    const { step, confirmed, snapshot } = monitor();
    const scores = [0.5, 0.9, 0.6, 0.7, 0.8, 0.9, 0.9];
    scores.forEach((s, i) => {
      const out = step([person(), det('no-helmet', HEAD, s), det('vest', TORSO)]);
      if (i < 2) expect(out.confirmed).toEqual([]);
    });
    expect(confirmed).toHaveLength(1);
    const c = confirmed[0];
    expect(c).toMatchObject({ trackId: 1, kinds: ['no-helmet'], score: 0.9, time: 400, frame: { n: 2, copy: true } });
    expect(c.zone).toBeUndefined();
    // Copies taken only when a frame improved on the best: frames 1 and 2.
    expect(snapshot).toHaveBeenCalledTimes(2);
  });

  it('shows active violations and compliance on the people it reports', () => {
    const { step } = monitor();
    let out = step([person(), det('helmet', HEAD), det('vest', TORSO)]);
    expect(out.people).toEqual([{ trackId: 1, box: expect.any(Array), label: 'ok', violations: [], compliant: true }]);
    for (let i = 0; i < 3; i++) out = step([person(), det('no-helmet', HEAD), det('no-vest', TORSO)]);
    expect(out.people[0]).toMatchObject({
      violations: ['no-helmet', 'no-vest'],
      compliant: false,
      label: 'no-helmet + no-vest',
    });
  });

  it('raises both kinds in one capture when they confirm in the same frame', () => {
    const { step, confirmed } = monitor();
    for (let i = 0; i < 10; i++) step([person(), det('no-helmet', HEAD), det('no-vest', TORSO)]);
    expect(confirmed.map((c) => c.kinds)).toEqual([['no-helmet', 'no-vest']]);
  });

  it('does not confirm 1-frame-in-10 flicker', () => {
    const { step, confirmed } = monitor();
    for (let i = 0; i < 200; i++)
      step([person(), det(i % 10 === 4 ? 'no-helmet' : 'helmet', HEAD), det('vest', TORSO)]);
    expect(confirmed).toEqual([]);
  });

  it('confirms through missed detections (M of N, not M in a row)', () => {
    const { step, confirmed } = monitor();
    const seen = [true, false, true, false, true];
    for (const s of seen) step(s ? [person(), det('no-helmet', HEAD)] : [person()]);
    expect(confirmed).toHaveLength(1);
  });

  it('clears after K clean frames and does not capture the same track twice', () => {
    const { step, confirmed } = monitor({ confirm: { hits: 3, window: 5, clearAfter: 3 } });
    for (let i = 0; i < 5; i++) step([person(), det('no-helmet', HEAD)]);
    for (let i = 0; i < 2; i++)
      expect(step([person(), det('helmet', HEAD)]).people[0].violations).toEqual(['no-helmet']);
    expect(step([person(), det('helmet', HEAD)]).people[0].violations).toEqual([]);
    let out = step([person(), det('no-helmet', HEAD)]);
    for (let i = 0; i < 4; i++) out = step([person(), det('no-helmet', HEAD)]);
    expect(out.people[0].violations).toEqual(['no-helmet']); // shown again…
    expect(confirmed).toHaveLength(1); // …but captured once
  });

  it('treats people shorter than minPersonHeight as unknown, never violating', () => {
    const { step, confirmed } = monitor({ minPersonHeight: 48 });
    const small: Box = [100, 100, 115, 140]; // 40 px tall
    let out = step([]);
    for (let i = 0; i < 10; i++) out = step([det('person', small), det('no-helmet', [103, 99, 112, 108])]);
    expect(confirmed).toEqual([]);
    expect(out.people[0]).toMatchObject({ compliant: 'unknown', label: 'too small', violations: [] });
  });

  it('without evidence a person is unknown; inferMissing makes a missing helmet a violation', () => {
    const plain = monitor();
    let out = plain.step([person()]);
    for (let i = 0; i < 5; i++) out = plain.step([person()]);
    expect(plain.confirmed).toEqual([]);
    expect(out.people[0].compliant).toBe('unknown');

    const inferring = monitor({ inferMissing: true, required: ['no-helmet'] });
    for (let i = 0; i < 5; i++) inferring.step([person(0.7)]);
    expect(inferring.confirmed).toHaveLength(1);
    expect(inferring.confirmed[0]).toMatchObject({ kinds: ['no-helmet'], score: 0.7 });
  });

  it('ignores detections below minScore', () => {
    const { step, confirmed } = monitor({ minScore: 0.3 });
    for (let i = 0; i < 10; i++) step([person(), det('no-helmet', HEAD, 0.2)]);
    expect(confirmed).toEqual([]);
  });

  it('checks only the camera-level required kinds', () => {
    const { step, confirmed } = monitor({ required: ['no-vest'] });
    for (let i = 0; i < 10; i++) step([person(), det('no-helmet', HEAD), det('vest', TORSO)]);
    expect(confirmed).toEqual([]);
  });

  it('judges a required mask on the face and gloves on the hands, and raises only what is missing', () => {
    const { step, confirmed } = monitor({ required: ['no-mask', 'no-gloves'] });
    const bareFace: Box = [138, 120, 168, 165];
    const glove: Box = [95, 280, 115, 305];
    let out = step([]);
    for (let i = 0; i < 5; i++)
      out = step([person(), det('no-helmet', HEAD), det('no-mask', bareFace), det('gloves', glove)]);
    expect(confirmed.map((c) => c.kinds)).toEqual([['no-mask']]);
    expect(out.people[0]).toMatchObject({ violations: ['no-mask'], label: 'no-mask' });
  });

  it('infers a missing mask only for an item that allows it, and only with the face in the frame', () => {
    const catalogue = catalogueFrom([{ id: 'mask', inferAbsence: true }]);
    const inferring = monitor({ required: ['no-mask', 'no-helmet'] }, true, catalogue);
    for (let i = 0; i < 5; i++) inferring.step([person(0.7)]);
    expect(inferring.confirmed.map((c) => [c.kinds, c.score])).toEqual([[['no-mask'], 0.7]]);

    // Only the legs are in the frame (the person box starts at the frame's top edge, head cut off).
    const cut = monitor({ required: ['no-mask'] }, true, catalogue);
    for (let i = 0; i < 5; i++) cut.step([det('person', [100, -150, 200, 150])]);
    expect(cut.confirmed).toEqual([]);
  });

  it('forgets subjects with their tracks (memory bounded by the tracker)', () => {
    const { m, step } = monitor({ tracking: { minHits: 1, maxAge: 2 } });
    for (let i = 0; i < 3; i++) step([person()]);
    for (let i = 0; i < 3; i++) step([]);
    const subjects = (m as unknown as { subjects: Map<number, unknown>[] }).subjects;
    expect(subjects[0].size).toBe(0);
  });
});

describe('ViolationMonitor zones', () => {
  // Normalised: A = left third (helmet + vest), B = middle third (vest only), C = right third (exempt).
  const zones = [
    {
      name: 'A',
      polygon: [
        [0, 0],
        [0.33, 0],
        [0.33, 1],
        [0, 1],
      ] as [number, number][],
      required: ['no-helmet', 'no-vest'] as const,
    },
    {
      name: 'B',
      polygon: [
        [0.33, 0],
        [0.66, 0],
        [0.66, 1],
        [0.33, 1],
      ] as [number, number][],
      required: ['no-vest'] as const,
    },
    {
      name: 'C',
      polygon: [
        [0.66, 0],
        [1, 0],
        [1, 0.8],
        [0.66, 0.8],
      ] as [number, number][],
      required: [] as const,
    },
  ];
  const cfg = { zones: zones.map((z) => ({ ...z, required: [...z.required] })) };
  const shift = (b: Box, dx: number, dy = 0): Box => [b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy];
  const at = (dx: number, head: PpeRole, torso: PpeRole, dy = 0) => [
    det('person', shift(P, dx, dy)),
    det(head, shift(HEAD, dx, dy)),
    det(torso, shift(TORSO, dx, dy)),
  ];

  it('applies each zone its own requirements, by where the feet are', () => {
    const a = monitor(cfg);
    for (let i = 0; i < 5; i++) a.step(at(0, 'no-helmet', 'no-vest')); // feet x = 150 → 0.15: A
    expect(a.confirmed.map((c) => [c.kinds, c.zone])).toEqual([[['no-helmet', 'no-vest'], 'A']]);

    const b = monitor(cfg);
    let out = b.step(at(400, 'no-helmet', 'vest')); // feet x = 550 → 0.55: B, helmet not required
    for (let i = 0; i < 5; i++) out = b.step(at(400, 'no-helmet', 'vest'));
    expect(b.confirmed).toEqual([]);
    expect(out.people[0]).toMatchObject({ zone: 'B', compliant: true });
    for (let i = 0; i < 5; i++) b.step(at(400, 'no-helmet', 'no-vest'));
    expect(b.confirmed.map((c) => [c.kinds, c.zone])).toEqual([[['no-vest'], 'B']]);

    const c = monitor(cfg);
    for (let i = 0; i < 5; i++) out = c.step(at(700, 'no-helmet', 'no-vest', -100)); // C: exempt
    expect(c.confirmed).toEqual([]);
    expect(out.people[0]).toMatchObject({ zone: 'C', compliant: true, violations: [] });
  });

  it('in a zone requiring only a mask, ignores missing helmets and vests and raises a bare face', () => {
    const maskZone = {
      zones: [
        {
          name: 'paint shop',
          polygon: [
            [0, 0],
            [0.5, 0],
            [0.5, 1],
            [0, 1],
          ] as [number, number][],
          required: ['no-mask' as const],
        },
      ],
    };
    const face: Box = [138, 120, 168, 165];
    const masked = monitor(maskZone);
    let out = masked.step([]);
    for (let i = 0; i < 6; i++) out = masked.step([...at(0, 'no-helmet', 'no-vest'), det('mask', face)]);
    expect(masked.confirmed).toEqual([]);
    expect(out.people[0]).toMatchObject({ zone: 'paint shop', compliant: true, violations: [], label: 'ok' });

    const bare = monitor(maskZone);
    for (let i = 0; i < 6; i++) bare.step([...at(0, 'no-helmet', 'no-vest'), det('no-mask', face)]);
    expect(bare.confirmed.map((c) => [c.kinds, c.zone])).toEqual([[['no-mask'], 'paint shop']]);
  });

  it('ignores people outside every zone', () => {
    const { step, confirmed } = monitor(cfg);
    let out = step(at(700, 'no-helmet', 'no-vest', 50)); // feet (0.85, 0.9): below C, in no zone
    for (let i = 0; i < 5; i++) out = step(at(700, 'no-helmet', 'no-vest', 50));
    expect(out.people).toEqual([]);
    expect(confirmed).toEqual([]);
  });

  it('uses the camera-level required list for a zone that names none', () => {
    const { step, confirmed } = monitor({
      required: ['no-vest'],
      zones: [
        {
          name: 'all',
          polygon: [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        },
      ],
    });
    for (let i = 0; i < 5; i++) step(at(0, 'no-helmet', 'vest'));
    expect(confirmed).toEqual([]);
  });
});

describe('ViolationMonitor without a person class', () => {
  const H: Box = [140, 100, 170, 135]; // head
  const T: Box = [120, 138, 195, 240]; // torso right below it

  it('pairs a bare head with the no-vest torso below into one subject with both kinds', () => {
    const { step, confirmed } = monitor({}, false);
    let out = step([det('no-helmet', H), det('no-vest', T)]);
    for (let i = 0; i < 4; i++) out = step([det('no-helmet', H), det('no-vest', T)]);
    expect(out.people).toHaveLength(1);
    expect(out.people[0]).toMatchObject({
      violations: ['no-helmet', 'no-vest'],
      compliant: false,
      box: [120, 100, 195, 240],
    });
    expect(confirmed).toHaveLength(1);
    expect(confirmed[0]).toMatchObject({
      trackId: out.people[0].trackId,
      kinds: ['no-helmet', 'no-vest'],
      box: [120, 100, 195, 240],
    });
  });

  it('shows helmet + vest wearers as compliant subjects', () => {
    const { step, confirmed } = monitor({}, false);
    let out = step([det('helmet', H), det('vest', T)]);
    out = step([det('helmet', H), det('vest', T)]);
    expect(out.people).toEqual([
      { trackId: 1, box: [120, 100, 195, 240], label: 'ok', violations: [], compliant: true },
    ]);
    expect(confirmed).toEqual([]);
  });

  it('keeps a helmet that flickers to "head" 1 frame in 10 as one compliant track', () => {
    const { step, confirmed } = monitor({}, false);
    for (let i = 0; i < 200; i++) step([det(i % 10 === 7 ? 'no-helmet' : 'helmet', H), det('vest', T)]);
    expect(confirmed).toEqual([]);
  });

  it('judges a model unsure between helmet and head by the more confident box', () => {
    const { step, confirmed } = monitor({}, false);
    for (let i = 0; i < 20; i++) step([det('helmet', H, 0.8), det('no-helmet', H, 0.5), det('vest', T)]);
    expect(confirmed).toEqual([]);
  });

  it('captures a lone bare head, and a lone no-vest torso, each on its own', () => {
    const { step, confirmed } = monitor({}, false);
    const far: Box = [600, 150, 690, 270];
    for (let i = 0; i < 5; i++) step([det('no-helmet', H), det('no-vest', far)]);
    expect(confirmed.map((c) => c.kinds).sort()).toEqual([['no-helmet'], ['no-vest']]);
    expect(new Set(confirmed.map((c) => c.trackId)).size).toBe(2);
  });

  it('does not capture again when the torso track is lost and re-acquired under the same head', () => {
    const { step, confirmed } = monitor({ tracking: { minHits: 1, maxAge: 1 } }, false);
    for (let i = 0; i < 5; i++) step([det('helmet', H), det('no-vest', T)]);
    expect(confirmed.map((c) => c.kinds)).toEqual([['no-vest']]);
    for (let i = 0; i < 3; i++) step([det('helmet', H)]); // torso hidden long enough to drop its track
    let out = step([det('helmet', H), det('no-vest', T)]);
    for (let i = 0; i < 5; i++) out = step([det('helmet', H), det('no-vest', T)]);
    expect(out.people[0]).toMatchObject({ trackId: confirmed[0].trackId, violations: ['no-vest'] });
    expect(confirmed).toHaveLength(1);
  });

  it('copies a frame at most once, however many subjects want it', () => {
    const { step, snapshot } = monitor({}, false);
    const far: Box = [600, 150, 690, 270];
    step([det('no-helmet', H), det('no-vest', far), det('no-vest', T)]);
    expect(snapshot).toHaveBeenCalledTimes(1);
  });

  it('judges a mask on the head it lies on, and leaves gloves unknown without a person box', () => {
    const { step, confirmed } = monitor({ required: ['no-helmet', 'no-mask', 'no-gloves'] }, false);
    const chin: Box = [145, 120, 168, 148]; // lower half of the head, reaching below it
    let out = step([]);
    for (let i = 0; i < 5; i++)
      out = step([det('helmet', H), det('vest', T), det('no-mask', chin), det('gloves', [110, 200, 125, 215])]);
    expect(confirmed.map((c) => c.kinds)).toEqual([['no-mask']]);
    expect(out.people[0]).toMatchObject({ violations: ['no-mask'], box: [120, 100, 195, 240] });

    const masked = monitor({ required: ['no-helmet', 'no-mask', 'no-gloves'] }, false);
    for (let i = 0; i < 5; i++) out = masked.step([det('helmet', H), det('vest', T), det('mask', chin)]);
    expect(masked.confirmed).toEqual([]);
    expect(out.people[0]).toMatchObject({ violations: [], compliant: 'unknown' }); // gloves: no verdict
  });

  it('uses the estimated body height for minPersonHeight', () => {
    const { step, confirmed } = monitor({ minPersonHeight: 48 }, false);
    const tinyHead: Box = [300, 100, 306, 106]; // 6 px head → ~42 px person
    let out = step([det('no-helmet', tinyHead)]);
    for (let i = 0; i < 5; i++) out = step([det('no-helmet', tinyHead)]);
    expect(confirmed).toEqual([]);
    expect(out.people[0].compliant).toBe('unknown');
  });
});
