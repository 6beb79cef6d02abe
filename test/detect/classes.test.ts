import { describe, expect, it } from 'vitest';
import { defaultRole, mapClasses } from '../../src/detect/classes';

describe('default PPE roles', () => {
  it.each([
    ['Hardhat', 'helmet'],
    ['helmet', 'helmet'],
    ['hard-hat', 'helmet'],
    ['wear', 'helmet'],
    ['NO-Hardhat', 'no-helmet'],
    ['no_helmet', 'no-helmet'],
    ['head', 'no-helmet'],
    ['no_wear', 'no-helmet'],
    ['Safety Vest', 'vest'],
    ['safety-jacket', 'vest'],
    ['vest', 'vest'],
    ['jacket', 'vest'],
    ['NO-Safety Vest', 'no-vest'],
    ['no-jacket', 'no-vest'],
    ['no_vest', 'no-vest'],
    ['Person', 'person'],
    ['worker', 'person'],
    ['people', 'person'],
    ['Mask', 'ignore'],
    ['machinery', 'ignore'],
  ])('%s → %s', (name, role) => {
    expect(defaultRole(name)).toBe(role);
  });
});

describe('mapClasses', () => {
  const names = ['Hardhat', 'NO-Hardhat', 'Mask', 'Person', 'Safety Cone'];

  it('maps the demo model classes and uses the model-wide threshold', () => {
    const m = mapClasses(['head', 'helmet', 'no-jacket', 'safety-jacket'], 0.25);
    expect(m.roles).toEqual(['no-helmet', 'helmet', 'no-vest', 'vest']);
    expect(Array.from(m.minScores)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(m.unmapped).toEqual([]);
  });

  it('lists unmapped classes once and gives them no threshold (they are not decoded)', () => {
    const m = mapClasses(names, 0.3);
    expect(m.roles).toEqual(['helmet', 'no-helmet', 'ignore', 'person', 'ignore']);
    expect(m.unmapped).toEqual(['Mask', 'Safety Cone']);
    expect(Array.from(m.minScores, (v) => Number(v.toFixed(2)))).toEqual([0.3, 0.3, Infinity, 0.3, Infinity]);
  });

  it('applies overrides by exact or separator-insensitive name, with their own thresholds', () => {
    const m = mapClasses(names, 0.3, {
      'safety cone': { role: 'ignore' },
      Mask: { role: 'helmet', minScore: 0.6 },
      'no hardhat': { role: 'no-helmet', minScore: 0.5 },
      Person: { role: 'ignore' },
    });
    expect(m.roles).toEqual(['helmet', 'no-helmet', 'helmet', 'ignore', 'ignore']);
    expect(Array.from(m.minScores, (v) => Number(v.toFixed(2)))).toEqual([0.3, 0.5, 0.6, Infinity, Infinity]);
    // Ignoring on purpose is not "unmapped".
    expect(m.unmapped).toEqual([]);
    expect(m.unknownOverrides).toEqual([]);
  });

  it('uses calibrated thresholds by exact class name, under config overrides', () => {
    const calibrated = { Hardhat: 0.2, 'NO-Hardhat': 0.65, Mask: 0.9, hardhat: 0.1 };
    const m = mapClasses(names, 0.3, { Person: { role: 'person', minScore: 0.4 } }, calibrated);
    expect(Array.from(m.minScores, (v) => Number(v.toFixed(2)))).toEqual([0.2, 0.65, Infinity, 0.4, Infinity]);
    const overridden = mapClasses(names, 0.3, { 'no hardhat': { role: 'no-helmet', minScore: 0.5 } }, calibrated);
    expect(Number(overridden.minScores[1].toFixed(2))).toBe(0.5);
  });

  it('reports override names that match no class (typos)', () => {
    expect(mapClasses(names, 0.3, { hardhats: { role: 'helmet' } }).unknownOverrides).toEqual(['hardhats']);
  });

  it('is not fooled by class names that are Object properties', () => {
    expect(mapClasses(['constructor', 'toString'], 0.3).roles).toEqual(['ignore', 'ignore']);
  });
});
