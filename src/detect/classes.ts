// Model class names → PPE roles. Public PPE datasets name the same thing many ways ("NO-Hardhat",
// "no_helmet", "head"), so the catalogue's aliases match names case- and separator-insensitively;
// the config can override any class.
import type { PpeRole } from '../domain/detection';
import { BUILT_IN_CATALOGUE, roleEvidence, type PpeCatalogue } from '../domain/ppe-items';

export interface ClassOverride {
  role: PpeRole;
  minScore?: number;
}

/** Lower case, letters and digits only: "NO-Safety Vest" → "nosafetyvest". */
export function normaliseClassName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const PERSON_NAMES = ['person', 'persons', 'worker', 'people'];

/** Normalised alias → role, for one catalogue (cached: catalogues live as long as the process). */
const aliasTables = new WeakMap<PpeCatalogue, ReadonlyMap<string, PpeRole>>();

function aliasTable(catalogue: PpeCatalogue): ReadonlyMap<string, PpeRole> {
  let table = aliasTables.get(catalogue);
  if (!table) {
    const roles = new Map<string, PpeRole>(PERSON_NAMES.map((n) => [n, 'person']));
    // The first item naming an alias keeps it, so a user's item cannot steal a built-in's class.
    const add = (name: string, role: PpeRole) => {
      const key = normaliseClassName(name);
      if (!roles.has(key)) roles.set(key, role);
    };
    for (const item of catalogue.items) {
      for (const name of item.worn) add(name, item.id);
      for (const name of item.missing) add(name, `no-${item.id}`);
    }
    table = roles;
    aliasTables.set(catalogue, table);
  }
  return table;
}

/** The catalogue's role for a class name; 'ignore' when it names no item or person. */
export function defaultRole(className: string, catalogue: PpeCatalogue = BUILT_IN_CATALOGUE): PpeRole {
  return aliasTable(catalogue).get(normaliseClassName(className)) ?? 'ignore';
}

/** Whether a role means something in this catalogue: person, ignore, an item or an item's kind. */
export function isKnownRole(role: string, catalogue: PpeCatalogue): boolean {
  const evidence = roleEvidence(role);
  return evidence === null || catalogue.hasKind(evidence.kind);
}

export interface ClassMapping {
  /** Role per class id. */
  roles: PpeRole[];
  /** Score threshold per class id; Infinity for ignored classes, which are not decoded. */
  minScores: Float32Array;
  /** Classes that ended up ignored without the config saying so (worth one log line). */
  unmapped: string[];
  /** Override keys that name no class of the model (likely typos). */
  unknownOverrides: string[];
}

export interface ClassMappingOptions {
  /** Threshold of the classes without a configured or calibrated one. */
  minScore: number;
  overrides?: Readonly<Record<string, ClassOverride>>;
  /** Calibrated thresholds by exact class name. */
  calibrated?: Readonly<Record<string, number>>;
  catalogue?: PpeCatalogue;
}

/**
 * Roles and thresholds for a model's classes. An override matches a class by exact name first,
 * then by normalised name, so `"no hardhat"` in the config reaches the model's "NO-Hardhat".
 * A class's threshold is the override's, else the calibrated one (by exact class name), else the
 * default. Throws when an override's role names no item of the catalogue.
 */
export function mapClasses(classNames: readonly string[], opts: ClassMappingOptions): ClassMapping {
  const { overrides = {}, calibrated = {}, catalogue = BUILT_IN_CATALOGUE } = opts;
  for (const [name, override] of Object.entries(overrides)) {
    if (!isKnownRole(override.role, catalogue)) {
      throw new Error(`model.classes["${name}"].role: "${override.role}" names no item of the PPE catalogue`);
    }
  }
  const byNormalised = new Map(Object.keys(overrides).map((key) => [normaliseClassName(key), key]));
  const used = new Set<string>();
  const unmapped: string[] = [];
  const roles: PpeRole[] = [];
  const minScores = new Float32Array(classNames.length);
  classNames.forEach((name, i) => {
    const key = Object.hasOwn(overrides, name) ? name : byNormalised.get(normaliseClassName(name));
    const override = key === undefined ? undefined : overrides[key];
    if (key !== undefined) used.add(key);
    const role = override?.role ?? defaultRole(name, catalogue);
    if (!override && role === 'ignore') unmapped.push(name);
    roles.push(role);
    const calibratedMinScore = Object.hasOwn(calibrated, name) ? calibrated[name] : undefined;
    minScores[i] = role === 'ignore' ? Infinity : (override?.minScore ?? calibratedMinScore ?? opts.minScore);
  });
  const unknownOverrides = Object.keys(overrides).filter((k) => !used.has(k));
  return { roles, minScores, unmapped, unknownOverrides };
}

/** Per item of the catalogue, the model classes that show it worn and missing (items the model cannot see left out). */
export function itemClasses(
  classNames: readonly string[],
  roles: readonly PpeRole[],
): Map<string, { worn: string[]; missing: string[] }> {
  const items = new Map<string, { worn: string[]; missing: string[] }>();
  roles.forEach((role, i) => {
    const evidence = roleEvidence(role);
    if (!evidence) return;
    const id = evidence.kind.slice(3);
    let entry = items.get(id);
    if (!entry) items.set(id, (entry = { worn: [], missing: [] }));
    (evidence.violation ? entry.missing : entry.worn).push(classNames[i]);
  });
  return items;
}

/**
 * The mapping in a few lines for people: the classes given a role ("Hardhat→helmet"), per item the
 * classes that show it worn and missing, and the classes ignored.
 */
export function describeClassMapping(classNames: readonly string[], roles: readonly PpeRole[]): string[] {
  const mapped = classNames.map((name, i) => `${name}→${roles[i]}`).filter((_, i) => roles[i] !== 'ignore');
  const items = [...itemClasses(classNames, roles)].map(
    ([id, { worn, missing }]) => `${id} (worn: ${worn.join(', ') || '–'}; missing: ${missing.join(', ') || '–'})`,
  );
  const ignored = classNames.filter((_, i) => roles[i] === 'ignore');
  return [
    `classes: ${mapped.join(', ') || '(none)'}`,
    `items: ${items.join(', ') || '(none: no class names a PPE item)'}`,
    `ignored: ${ignored.join(', ') || '(none)'}`,
  ];
}
