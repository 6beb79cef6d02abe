// The PPE items the product can require, as data: where on a person each item's evidence lies and
// which model class names show it worn or missing. The built-in catalogue covers the common public
// datasets (docs/ppe-items.md has the table per dataset); the config may add items or rename them.
// Pure data and lookups: every stage (detect, ppe, store, server, dashboard) reads the same catalogue.

/**
 * Where an item's evidence lies relative to the person wearing it: `head` (what covers the head,
 * reaching above a person box), `face` (eyes, nose, mouth and ears), `torso` (shoulders to hips),
 * `hands`, `feet`, `body` (the whole person).
 */
export type BodyRegion = 'head' | 'face' | 'torso' | 'hands' | 'feet' | 'body';

export const BODY_REGIONS: readonly BodyRegion[] = ['head', 'face', 'torso', 'hands', 'feet', 'body'];

/** A violation a capture is raised for: `no-<item id>`, e.g. `no-helmet`. */
export type ViolationKind = `no-${string}`;

export interface PpeItem {
  /** Lower-case words joined by "-": `helmet`, `ear-protection`. Its violation kind is `no-<id>`. */
  id: string;
  /** Shown on the dashboard and on the live labels ("Helmet" → "No helmet", "NO HELMET"). */
  name: string;
  region: BodyRegion;
  /** Class names that show the item worn; matched case- and separator-insensitively. */
  worn: readonly string[];
  /** Class names that show it missing (e.g. a bare head for a helmet). */
  missing: readonly string[];
  /**
   * A person whose region is in view and who shows no class of this item at all counts as
   * violating. Off by default: a missed small item would otherwise raise a false alarm.
   */
  inferAbsence: boolean;
}

/** Item ids: lower-case letters and digits in words joined by "-", not starting with "no-". */
export const ITEM_ID_PATTERN = /^(?!no-)[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export function violationKind(itemId: string): ViolationKind {
  return `no-${itemId}`;
}

/**
 * The built-in items. Aliases come from Roboflow construction-site-safety, SFCHD (and its
 * SFCHD-SCALE source), SH17, Hard Hat Workers, Pictor-PPE and Ultralytics Construction-PPE;
 * docs/ppe-items.md lists which dataset uses which name, and the names left out on purpose.
 */
export const BUILT_IN_ITEMS: readonly PpeItem[] = [
  {
    id: 'helmet',
    name: 'Helmet',
    region: 'head',
    worn: ['Hardhat', 'helmet', 'hat'],
    // `head` is a bare head in Hard Hat Workers, SFCHD-SCALE and the demo model.
    missing: ['NO-Hardhat', 'no_helmet', 'head'],
    inferAbsence: false,
  },
  {
    id: 'vest',
    name: 'Vest',
    region: 'torso',
    // SFCHD's `wear` / SFCHD-SCALE's `safety_clothes`: a vest or work uniform on the torso.
    worn: ['Safety Vest', 'vest', 'safety-jacket', 'jacket', 'wear', 'safety_clothes'],
    missing: ['NO-Safety Vest', 'no_vest', 'no-jacket', 'no_wear', 'self_clothes'],
    inferAbsence: false,
  },
  {
    id: 'mask',
    name: 'Mask',
    region: 'face',
    worn: ['Mask', 'face-mask', 'face-mask-medical'],
    missing: ['NO-Mask', 'no_face_mask'],
    inferAbsence: false,
  },
  {
    id: 'gloves',
    name: 'Gloves',
    region: 'hands',
    worn: ['Gloves', 'glove'],
    missing: ['no_gloves', 'no_glove'],
    inferAbsence: false,
  },
  {
    id: 'goggles',
    name: 'Goggles',
    region: 'face',
    worn: ['goggles', 'glasses', 'safety-glasses'],
    missing: ['no_goggles', 'no_goggle', 'no_glasses'],
    inferAbsence: false,
  },
  {
    id: 'boots',
    name: 'Boots',
    region: 'feet',
    worn: ['boots', 'shoes', 'safety-boots', 'safety-shoes'],
    missing: ['no_boots', 'no-safety-boots'],
    inferAbsence: false,
  },
  {
    id: 'ear-protection',
    name: 'Ear protection',
    region: 'face',
    worn: ['ear-mufs', 'earmuffs', 'earplugs', 'ear-protection'],
    missing: ['no_earmuffs', 'no-ear-protection'],
    inferAbsence: false,
  },
  {
    id: 'harness',
    name: 'Harness',
    region: 'body',
    worn: ['harness', 'safety-harness'],
    missing: ['no_harness', 'no-safety-harness'],
    inferAbsence: false,
  },
];

/** Required where nothing else is configured: what sites asked for before items were data. */
export const DEFAULT_REQUIRED: readonly ViolationKind[] = ['no-helmet', 'no-vest'];

/** The configured items, with lookups by id and by kind. */
export class PpeCatalogue {
  /** Violation kinds in catalogue order: the order they are judged and shown. */
  readonly kinds: readonly ViolationKind[];
  private readonly byId: ReadonlyMap<string, PpeItem>;

  constructor(readonly items: readonly PpeItem[]) {
    this.byId = new Map(items.map((item) => [item.id, item]));
    this.kinds = items.map((item) => violationKind(item.id));
  }

  item(id: string): PpeItem | undefined {
    return this.byId.get(id);
  }

  /** The item a kind is raised for; undefined for a kind of no configured item. */
  itemOfKind(kind: string): PpeItem | undefined {
    return kind.startsWith('no-') ? this.byId.get(kind.slice(3)) : undefined;
  }

  hasKind(kind: string): kind is ViolationKind {
    return this.itemOfKind(kind) !== undefined;
  }
}

export const BUILT_IN_CATALOGUE = new PpeCatalogue(BUILT_IN_ITEMS);

/** A class's meaning for one item: it shows the item worn (clean) or missing (violation). */
export interface ItemEvidence {
  kind: ViolationKind;
  violation: boolean;
}

/**
 * What a detection role says about an item: an item id (`mask`) shows it worn, `no-<id>` shows it
 * missing; `person` and `ignore` say nothing.
 */
export function roleEvidence(role: string): ItemEvidence | null {
  if (role === 'person' || role === 'ignore') return null;
  if (role.startsWith('no-')) return { kind: role as ViolationKind, violation: true };
  return { kind: violationKind(role), violation: false };
}
