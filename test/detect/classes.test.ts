import { describe, expect, it } from 'vitest';
import { defaultRole, describeClassMapping, mapClasses } from '../../src/detect/classes';
import { BUILT_IN_ITEMS, PpeCatalogue } from '../../src/domain/ppe-items';

// Each public dataset's class names, and the role a person reading its documentation gives them.
const DATASETS: Record<string, [string, string][]> = {
  'Roboflow construction-site-safety (the 640 model)': [
    ['Hardhat', 'helmet'],
    ['NO-Hardhat', 'no-helmet'],
    ['Safety Vest', 'vest'],
    ['NO-Safety Vest', 'no-vest'],
    ['Mask', 'mask'],
    ['NO-Mask', 'no-mask'],
    ['Gloves', 'gloves'],
    ['Person', 'person'],
    ['Safety Cone', 'ignore'],
    ['Ladder', 'ignore'],
    ['machinery', 'ignore'],
    ['vehicle', 'ignore'],
  ],
  // Panly23's SFCHD labels: `wear` / `no_wear` are work clothing on the torso, not a helmet.
  SFCHD: [
    ['helmet', 'helmet'],
    ['no_helmet', 'no-helmet'],
    ['wear', 'vest'],
    ['no_wear', 'no-vest'],
  ],
  'SFCHD-SCALE': [
    ['person', 'person'],
    ['helmet', 'helmet'],
    ['head', 'no-helmet'],
    ['safety_clothes', 'vest'],
    ['self_clothes', 'no-vest'],
    ['blur_head', 'ignore'],
    ['blur_clothes', 'ignore'],
  ],
  SH17: [
    ['person', 'person'],
    ['helmet', 'helmet'],
    ['head', 'no-helmet'],
    ['safety-vest', 'vest'],
    ['face-mask-medical', 'mask'],
    ['glasses', 'goggles'],
    ['gloves', 'gloves'],
    ['shoes', 'boots'],
    ['ear-mufs', 'ear-protection'],
    ['face-guard', 'ignore'],
    ['ear', 'ignore'],
    ['face', 'ignore'],
    ['hands', 'ignore'],
    ['foot', 'ignore'],
    ['tools', 'ignore'],
    ['medical-suit', 'ignore'],
    ['safety-suit', 'ignore'],
  ],
  'Hard Hat Workers (and the 320 demo model)': [
    ['helmet', 'helmet'],
    ['head', 'no-helmet'],
    ['person', 'person'],
    ['safety-jacket', 'vest'],
    ['no-jacket', 'no-vest'],
  ],
  'Pictor-PPE': [
    ['worker', 'person'],
    ['hat', 'helmet'],
    ['vest', 'vest'],
  ],
  'Ultralytics Construction-PPE': [
    ['helmet', 'helmet'],
    ['no_helmet', 'no-helmet'],
    ['vest', 'vest'],
    ['gloves', 'gloves'],
    ['no_gloves', 'no-gloves'],
    ['boots', 'boots'],
    ['no_boots', 'no-boots'],
    ['goggles', 'goggles'],
    ['no_goggle', 'no-goggles'],
    ['Person', 'person'],
    ['none', 'ignore'],
  ],
};

describe('built-in class names of the common PPE datasets', () => {
  for (const [dataset, table] of Object.entries(DATASETS)) {
    it(`maps ${dataset}`, () => {
      const names = table.map(([name]) => name);
      expect(mapClasses(names, { minScore: 0.25 }).roles).toEqual(table.map(([, role]) => role));
    });
  }

  it('matches names case- and separator-insensitively', () => {
    expect(['hard-hat', 'NO HARDHAT', 'no-safety-vest', 'Ear Muffs'].map((n) => defaultRole(n))).toEqual([
      'helmet',
      'no-helmet',
      'no-vest',
      'ear-protection',
    ]);
  });

  it("takes the aliases of items added in the config, never a built-in item's class", () => {
    const catalogue = new PpeCatalogue([
      ...BUILT_IN_ITEMS,
      {
        id: 'hairnet',
        name: 'Hair net',
        region: 'head',
        worn: ['hairnet', 'Hardhat'],
        missing: ['no-hairnet'],
        inferAbsence: false,
      },
    ]);
    expect(mapClasses(['hair net', 'NO-Hairnet', 'Hardhat'], { minScore: 0.25, catalogue }).roles).toEqual([
      'hairnet',
      'no-hairnet',
      'helmet',
    ]);
  });
});

describe('describeClassMapping', () => {
  it('lists the classes given a role, the items the model sees and the classes ignored', () => {
    const names = ['Hardhat', 'NO-Mask', 'Mask', 'Person', 'Safety Cone', 'Gloves'];
    const lines = describeClassMapping(names, mapClasses(names, { minScore: 0.25 }).roles);
    expect(lines).toEqual([
      'classes: Hardhat→helmet, NO-Mask→no-mask, Mask→mask, Person→person, Gloves→gloves',
      'items: helmet (worn: Hardhat; missing: –), mask (worn: Mask; missing: NO-Mask), gloves (worn: Gloves; missing: –)',
      'ignored: Safety Cone',
    ]);
  });
});

describe('mapClasses', () => {
  const names = ['Hardhat', 'NO-Hardhat', 'Ladder', 'Person', 'Safety Cone'];

  it('maps the demo model classes and uses the model-wide threshold', () => {
    const m = mapClasses(['head', 'helmet', 'no-jacket', 'safety-jacket'], { minScore: 0.25 });
    expect(m.roles).toEqual(['no-helmet', 'helmet', 'no-vest', 'vest']);
    expect(Array.from(m.minScores)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(m.unmapped).toEqual([]);
  });

  it('lists unmapped classes once and gives them no threshold (they are not decoded)', () => {
    const m = mapClasses(names, { minScore: 0.3 });
    expect(m.roles).toEqual(['helmet', 'no-helmet', 'ignore', 'person', 'ignore']);
    expect(m.unmapped).toEqual(['Ladder', 'Safety Cone']);
    expect(Array.from(m.minScores, (v) => Number(v.toFixed(2)))).toEqual([0.3, 0.3, Infinity, 0.3, Infinity]);
  });

  it('applies overrides by exact or separator-insensitive name, with their own thresholds', () => {
    const m = mapClasses(names, {
      minScore: 0.3,
      overrides: {
        'safety cone': { role: 'ignore' },
        Ladder: { role: 'harness', minScore: 0.6 },
        'no hardhat': { role: 'no-helmet', minScore: 0.5 },
        Person: { role: 'ignore' },
      },
    });
    expect(m.roles).toEqual(['helmet', 'no-helmet', 'harness', 'ignore', 'ignore']);
    expect(Array.from(m.minScores, (v) => Number(v.toFixed(2)))).toEqual([0.3, 0.5, 0.6, Infinity, Infinity]);
    // Ignoring on purpose is not "unmapped".
    expect(m.unmapped).toEqual([]);
    expect(m.unknownOverrides).toEqual([]);
  });

  it('uses calibrated thresholds by exact class name, under config overrides', () => {
    const calibrated = { Hardhat: 0.2, 'NO-Hardhat': 0.65, Ladder: 0.9, hardhat: 0.1 };
    const m = mapClasses(names, {
      minScore: 0.3,
      overrides: { Person: { role: 'person', minScore: 0.4 } },
      calibrated,
    });
    expect(Array.from(m.minScores, (v) => Number(v.toFixed(2)))).toEqual([0.2, 0.65, Infinity, 0.4, Infinity]);
    const overridden = mapClasses(names, {
      minScore: 0.3,
      overrides: { 'no hardhat': { role: 'no-helmet', minScore: 0.5 } },
      calibrated,
    });
    expect(Number(overridden.minScores[1].toFixed(2))).toBe(0.5);
  });

  it('reports override names that match no class (typos)', () => {
    expect(mapClasses(names, { minScore: 0.3, overrides: { hardhats: { role: 'helmet' } } }).unknownOverrides).toEqual([
      'hardhats',
    ]);
  });

  it('refuses an override whose role names no item of the catalogue', () => {
    expect(() => mapClasses(names, { minScore: 0.3, overrides: { Ladder: { role: 'no-ladder' } } })).toThrow(
      'model.classes["Ladder"].role: "no-ladder" names no item of the PPE catalogue',
    );
  });

  it('is not fooled by class names that are Object properties', () => {
    expect(mapClasses(['constructor', 'toString'], { minScore: 0.3 }).roles).toEqual(['ignore', 'ignore']);
  });
});
