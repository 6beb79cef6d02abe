// Synthetic scene evaluation of the whole PPE path (tracker → rules → confirmation → dedup).
// Figures are printed so they can be quoted; the assertions state the bounds we hold ourselves to.
import { describe, expect, it } from 'vitest';
import { evaluateScene, type EvalResult } from './run';
import { generateScene, type SceneOptions } from './scene';

const TRACKERS = ['sort', 'bytetrack'] as const;
const MODELS = [
  { model: 'person model', personClass: true },
  { model: 'head/torso model', personClass: false },
];

/** 5 minutes at 5 fps, 40 people, half of them passing a partner, two pillars, 10 % missed boxes. */
const BUSY: Partial<SceneOptions> = {};
/** The same noise (misses, jitter, flicker, pillars, pauses, helmets taken off), one person at a time. */
const SOLO: Partial<SceneOptions> = { people: 12, oneAtATime: true };
/** Everyone compliant; each helmet and vest detection flips to its violation class 1 frame in 10. */
const FLICKER: Partial<SceneOptions> = { violatorShare: 0, removeHelmetShare: 0, flickerEvery: 10 };

function line(label: string, r: EvalResult): string {
  const { mot, monitor: m, saved: s } = r;
  return (
    `${label.padEnd(34)} MOTA ${mot.mota.toFixed(3)}  IDF1 ${mot.idf1.toFixed(3)}  ID switches ${String(mot.idSwitches).padStart(2)}` +
    `  (GT ${mot.gt} boxes, FN ${mot.fn}, FP ${mot.fp})  episodes ${m.episodes}: once ${m.exactlyOnce},` +
    ` missed ${m.missed}, duplicates ${m.duplicates}, false alarms ${m.falseAlarms}` +
    `  | after place cooldown: missed ${s.missed}, duplicates ${s.duplicates}`
  );
}

describe('synthetic scene generator', () => {
  it('is deterministic per seed', () => {
    const a = generateScene({ seed: 5, frames: 200 });
    expect(generateScene({ seed: 5, frames: 200 })).toEqual(a);
    expect(generateScene({ seed: 6, frames: 200 }).frames[150].dets).not.toEqual(a.frames[150].dets);
  });

  it('contains crossings, occlusions, missed detections and violation episodes', () => {
    const scene = generateScene({ seed: 1 });
    const truths = scene.frames.flatMap((f) => f.truth);
    expect(truths.some((p) => p.visibility < 0.35)).toBe(true); // hidden: no detection at all
    expect(truths.some((p) => p.visibility > 0.35 && p.visibility < 0.65)).toBe(true); // half hidden: low scores
    const personDets = scene.frames.reduce(
      (n, f) => n + f.dets.filter((d) => d.role === 'person' && d.score >= 0.55).length,
      0,
    );
    const visible = truths.filter((p) => p.visibility >= 0.65).length;
    expect(personDets / visible).toBeGreaterThan(0.85);
    expect(personDets / visible).toBeLessThan(0.95); // ~10 % missed
    expect(scene.episodes.some((e) => e.kind === 'no-helmet')).toBe(true);
    expect(scene.episodes.some((e) => e.kind === 'no-vest')).toBe(true);
  });
});

describe.each(MODELS)('$model', ({ model, personClass }) => {
  describe.each(TRACKERS)('%s', (tracker) => {
    it('captures every violation episode exactly once when people are seen one at a time', async () => {
      for (const seed of [1, 2, 3, 4]) {
        const r = await evaluateScene(generateScene({ ...SOLO, seed, personClass }), { tracker });
        console.log(line(`solo  ${model} ${tracker} #${seed}`, r));
        expect(r.monitor.exactlyOnce).toBe(r.monitor.episodes);
        expect(r.monitor.duplicates).toBe(0);
        expect(r.monitor.falseAlarms).toBe(0);
        // What is saved after the server's dedup: nothing lost.
        expect(r.saved.exactlyOnce).toBe(r.saved.episodes);
      }
    });

    it('stays within bounds in a busy scene with crossings and occlusions', async () => {
      const missed = { monitor: 0, saved: 0, episodes: 0 };
      for (const seed of [1, 2, 3]) {
        const scene = generateScene({ ...BUSY, seed, personClass });
        const r = await evaluateScene(scene, { tracker });
        console.log(line(`busy  ${model} ${tracker} #${seed}`, r));
        const people = scene.options.people;
        // Bounds: ID switches ≤ 0.3 per person (person model) / 0.5 (heads and torsos, smaller
        // and faster-moving boxes); MOTA ≥ 0.75; IDF1 ≥ 0.8.
        expect(r.mot.idSwitches).toBeLessThanOrEqual((personClass ? 0.3 : 0.5) * people);
        expect(r.mot.mota).toBeGreaterThanOrEqual(0.75);
        expect(r.mot.idf1).toBeGreaterThanOrEqual(0.8);
        // Captures: ≤ 10 % duplicated (crowd ID swaps), ≤ 1 false alarm per scene; missed below.
        expect(r.monitor.duplicates).toBeLessThanOrEqual(Math.ceil(0.1 * r.monitor.episodes));
        expect(r.monitor.falseAlarms).toBeLessThanOrEqual(1);
        missed.monitor += r.monitor.missed;
        missed.saved += r.saved.missed;
        missed.episodes += r.monitor.episodes;
      }
      // ≤ 3 % of the episodes of the three scenes missed, by the rules and after the place cooldown
      // (per scene, 3 % of ~30 episodes would allow none, and one miss there is the luck of when
      // a passer-by was last reported beside the spot).
      expect(missed.monitor).toBeLessThanOrEqual(Math.floor(0.03 * missed.episodes));
      expect(missed.saved).toBeLessThanOrEqual(Math.floor(0.03 * missed.episodes));
    });

    it('raises nothing for violations flickering 1 frame in 10', async () => {
      for (const seed of [1, 2, 3]) {
        const r = await evaluateScene(generateScene({ ...FLICKER, seed, personClass }), { tracker });
        console.log(line(`flicker ${model} ${tracker} #${seed}`, r));
        expect(r.monitor.captures).toBe(0);
      }
    });
  });
});

describe('place cooldown across worker restarts', () => {
  it('catches most restart duplicates of people walking on, without refusing newcomers', async () => {
    const restartAt = [300, 600, 900, 1200]; // a restart every minute
    for (const [cooldownS, followSightings] of [
      [0, true],
      [30, false],
      [30, true],
    ] as const) {
      const totals = { episodes: 0, missed: 0, duplicates: 0, savedMissed: 0, savedDuplicates: 0 };
      for (const seed of [1, 2, 3]) {
        const r = await evaluateScene(
          generateScene({ seed }),
          {},
          { restartAt, cooldownMs: cooldownS * 1000, followSightings },
        );
        totals.episodes += r.monitor.episodes;
        totals.missed += r.monitor.missed;
        totals.duplicates += r.monitor.duplicates;
        totals.savedMissed += r.saved.missed;
        totals.savedDuplicates += r.saved.duplicates;
      }
      console.log(
        `restarts every 60 s, cooldown ${String(cooldownS).padStart(2)} s ${followSightings ? 'following sightings' : 'fixed place        '}: ${totals.episodes} episodes; ` +
          `monitor missed ${totals.missed}, duplicates ${totals.duplicates} → saved missed ${totals.savedMissed}, duplicates ${totals.savedDuplicates}`,
      );
      expect(totals.savedDuplicates).toBeLessThanOrEqual(totals.duplicates);
      if (cooldownS === 0) expect(totals.savedMissed).toBe(totals.missed);
      if (cooldownS > 0 && followSightings) {
        // The product's setting: places follow people along their heading, so most restart
        // duplicates of people walking on are caught, and no newcomer is taken for one.
        expect(totals.savedMissed).toBe(totals.missed);
        expect(totals.savedDuplicates).toBeLessThanOrEqual(totals.duplicates / 3);
      }
    }
  });
});
