// Model class names → PPE roles. Public PPE datasets name the same thing many ways ("NO-Hardhat",
// "no_helmet", "head"), so defaults match names case- and separator-insensitively; the config
// can override any class.
import type { PpeRole } from '../domain/detection';

export interface ClassOverride {
  role: PpeRole;
  minScore?: number;
}

/** Lower case, letters and digits only: "NO-Safety Vest" → "nosafetyvest". */
export function normaliseClassName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const DEFAULT_ROLES = new Map<string, PpeRole>(
  (
    [
      ['helmet', ['hardhat', 'helmet', 'wear']],
      // `head` is a bare head in the common helmet datasets (and in the demo model).
      ['no-helmet', ['nohardhat', 'nohelmet', 'head', 'nowear']],
      ['vest', ['safetyvest', 'safetyjacket', 'vest', 'jacket']],
      ['no-vest', ['nosafetyvest', 'nojacket', 'novest']],
      ['person', ['person', 'worker', 'people']],
    ] as const
  ).flatMap(([role, names]) => names.map((n): [string, PpeRole] => [n, role])),
);

/** The built-in role for a class name; 'ignore' when it is not a known PPE name. */
export function defaultRole(className: string): PpeRole {
  return DEFAULT_ROLES.get(normaliseClassName(className)) ?? 'ignore';
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

/**
 * Roles and thresholds for a model's classes. An override matches a class by exact name first,
 * then by normalised name, so `"no hardhat"` in the config reaches the model's "NO-Hardhat".
 * A class's threshold is the override's, else the calibrated one (by exact class name), else the default.
 */
export function mapClasses(
  classNames: readonly string[],
  defaultMinScore: number,
  overrides: Readonly<Record<string, ClassOverride>> = {},
  calibrated: Readonly<Record<string, number>> = {},
): ClassMapping {
  const byNormalised = new Map(Object.keys(overrides).map((key) => [normaliseClassName(key), key]));
  const used = new Set<string>();
  const unmapped: string[] = [];
  const roles: PpeRole[] = [];
  const minScores = new Float32Array(classNames.length);
  classNames.forEach((name, i) => {
    const key = Object.hasOwn(overrides, name) ? name : byNormalised.get(normaliseClassName(name));
    const override = key === undefined ? undefined : overrides[key];
    if (key !== undefined) used.add(key);
    const role = override?.role ?? defaultRole(name);
    if (!override && role === 'ignore') unmapped.push(name);
    roles.push(role);
    const calibratedMinScore = Object.hasOwn(calibrated, name) ? calibrated[name] : undefined;
    minScores[i] = role === 'ignore' ? Infinity : (override?.minScore ?? calibratedMinScore ?? defaultMinScore);
  });
  const unknownOverrides = Object.keys(overrides).filter((k) => !used.has(k));
  return { roles, minScores, unmapped, unknownOverrides };
}
