// Per-camera PPE settings and the catalogue of items. Self-contained: the application config
// embeds these schemas, and `{}` parses to a working configuration (ByteTrack, helmet + vest
// required everywhere, 3 of 5 frames).
import { z } from 'zod';
import {
  BODY_REGIONS,
  BUILT_IN_ITEMS,
  DEFAULT_REQUIRED,
  ITEM_ID_PATTERN,
  PpeCatalogue,
  type PpeItem,
} from '../domain/ppe-items';
import { NOMINAL_FPS, trackerAlgorithmSchema, trackerParamsSchema, type TrackerConfig } from '../track/config';

const ITEM_ID_MESSAGE = 'lower-case words joined by "-" (helmet, ear-protection), not starting with "no-"';
const itemIdSchema = z.string().regex(ITEM_ID_PATTERN, ITEM_ID_MESSAGE);

/**
 * A violation kind, `no-<item id>`. Its shape only: whether the item is in the catalogue is
 * checked where the catalogue is known (the app config, the API).
 */
export const violationKindSchema = z
  .templateLiteral(['no-', z.string()])
  .refine((kind) => ITEM_ID_PATTERN.test(kind.slice(3)), 'expected no-<item id>, e.g. no-helmet')
  .meta({ description: 'no-<item id> (GET /api/ppe/items lists the items)', example: 'no-helmet' });

/** The violations watched for: 'no-helmet' means a helmet is required, 'no-mask' a mask. */
const requiredSchema = z
  .array(violationKindSchema)
  .refine((kinds) => new Set(kinds).size === kinds.length, 'each kind at most once');

/** An item of the config's `ppeItems`: a new item, or changes to the built-in item of that id. */
export const ppeItemConfigSchema = z.strictObject({
  id: itemIdSchema,
  name: z.string().min(1).max(60).optional(),
  region: z.enum(BODY_REGIONS).optional(),
  worn: z.array(z.string().min(1)).optional(),
  missing: z.array(z.string().min(1)).optional(),
  inferAbsence: z.boolean().optional(),
});
export type PpeItemConfig = z.infer<typeof ppeItemConfigSchema>;

/**
 * The catalogue: the built-in items, changed or extended by the config's `ppeItems` (a built-in
 * item keeps the fields left out). A new item needs a region; its name defaults to its id.
 * Throws a message naming the entry when a new item has no region or an id repeats.
 */
export function catalogueFrom(configured: readonly PpeItemConfig[] = []): PpeCatalogue {
  const items = new Map<string, PpeItem>(BUILT_IN_ITEMS.map((item) => [item.id, item]));
  const seen = new Set<string>();
  configured.forEach((entry, i) => {
    if (seen.has(entry.id)) throw new Error(`ppeItems[${i}].id: ${entry.id} is listed twice`);
    seen.add(entry.id);
    const base = items.get(entry.id);
    if (!base && !entry.region) throw new Error(`ppeItems[${i}].region: a new item needs its body region`);
    const defined = Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));
    items.set(entry.id, {
      ...(base ?? { name: entry.id, worn: [], missing: [], inferAbsence: false, region: entry.region! }),
      ...defined,
    } as PpeItem);
  });
  return new PpeCatalogue([...items.values()]);
}

/**
 * The items a camera's detector decodes: those required on the camera or in any of its zones, and
 * the head and torso items, by which people are tracked when the model has no person class. A
 * model gives each candidate box its best class only, so the classes of an item nobody requires
 * there (masks, on a camera watching helmets) would take boxes from those that are: decoding
 * Mask, NO-Mask and Gloves too cost the 640 model one helmet of 889 on eval:photos holdout.
 */
export function decodedCatalogue(catalogue: PpeCatalogue, ppe: Pick<PpeConfig, 'required' | 'zones'>): PpeCatalogue {
  const required = new Set<string>([...ppe.required, ...ppe.zones.flatMap((zone) => zone.required ?? [])]);
  return new PpeCatalogue(
    catalogue.items.filter(
      (item) => required.has(`no-${item.id}`) || item.region === 'head' || item.region === 'torso',
    ),
  );
}

/** Problems with kinds that name no item of the catalogue, as [path below `ppe`, message]. */
export function unknownKinds(
  ppe: { required?: readonly string[]; zones?: readonly { required?: readonly string[] }[] },
  catalogue: PpeCatalogue,
): [(string | number)[], string][] {
  const problems: [(string | number)[], string][] = [];
  const check = (kinds: readonly string[] | undefined, path: (string | number)[]) =>
    kinds?.forEach((kind, i) => {
      if (!catalogue.hasKind(kind)) {
        problems.push([[...path, i], `${kind} names no PPE item (known: ${catalogue.kinds.join(', ')})`]);
      }
    });
  check(ppe.required, ['required']);
  ppe.zones?.forEach((zone, z) => check(zone.required, ['zones', z, 'required']));
  return problems;
}

/** A point in normalised frame coordinates: (0, 0) top-left, (1, 1) bottom-right. */
export const pointSchema = z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]);

export const zoneSchema = z.object({
  name: z.string().min(1),
  /**
   * Polygon in normalised coordinates (x / width, y / height), so a zone survives a change of
   * stream resolution. At least three points; the closing edge is implied.
   */
  polygon: z.array(pointSchema).min(3),
  /** PPE required inside this zone; [] = exempt. Omitted = the camera-level `required`. */
  required: requiredSchema.optional(),
});
export type ZoneConfig = z.infer<typeof zoneSchema>;

export const confirmSchema = z
  .object({
    /** M: frames with the violation, out of the last `window`, needed to confirm it (meant at 5 fps: see ppeAtRate). */
    hits: z.number().int().min(1).default(3),
    /** N: frames considered (at most 31). */
    window: z.number().int().min(1).max(31).default(5),
    /** K: consecutive frames without the violation after which it is no longer shown as active. */
    clearAfter: z.number().int().min(1).default(5),
  })
  .refine((c) => c.hits <= c.window, { message: 'hits must not exceed window', path: ['hits'] });

export const ppeConfigSchema = z.object({
  tracker: trackerAlgorithmSchema.default('bytetrack'),
  tracking: trackerParamsSchema.prefault({}),
  /** PPE required where no zone says otherwise (and everywhere when there are no zones). */
  required: requiredSchema.default([...DEFAULT_REQUIRED]),
  /**
   * Person models only: a person with no detection at all of a required item counts as
   * violating, for every item (an item's own `inferAbsence` does it for that item alone).
   * Off by default: a missed small helmet would otherwise raise a false alarm.
   */
  inferMissing: z.boolean().default(false),
  /** People shorter than this (source pixels) are too far away to judge: "unknown". */
  minPersonHeight: z.number().min(0).default(48),
  /**
   * Detections below this score never start a track or count as evidence. (ByteTrack still
   * uses weaker ones, down to tracking.lowScore, to keep existing tracks alive.) 0: the model's
   * per-class thresholds (calibrated or configured) alone decide, as eval:photos measures them.
   */
  minScore: z.number().min(0).max(1).default(0),
  confirm: confirmSchema.prefault({}),
  /** When any zone is defined, people outside every zone are ignored. */
  zones: z
    .array(zoneSchema)
    .default([])
    .refine((zones) => new Set(zones.map((z) => z.name)).size === zones.length, 'zone names must be unique'),
});
export type PpeConfig = z.infer<typeof ppeConfigSchema>;
/** What a config file may hold (every field optional). */
export type PpeConfigInput = z.input<typeof ppeConfigSchema>;

/**
 * The settings of a camera's tracker(s). `fps`: the rate the camera feeds them, to which they
 * convert their counts and motion allowances (meant at 5 fps), as eval:mot measures them.
 */
export function trackerConfigOf(ppe: PpeConfig, fps?: number): TrackerConfig {
  return { algorithm: ppe.tracker, ...ppe.tracking, ...(fps ? { frameRate: fps } : {}) };
}

/**
 * The rules of a camera that feeds them `fps` frames a second. The confirmation's frame counts are
 * meant at NOMINAL_FPS; a faster camera's frames are alike from one to the next, so, as for the
 * tracker's minHits, the counts grow with the square root of the rate (15 fps: 5 of 9 frames, where
 * 3 of 5 confirmed in 0.2 s), which scored best on the labelled clips at 15 fps (docs/quality.md).
 * A slower camera keeps the counts, since fewer frames would confirm on one or two detections.
 */
export function ppeAtRate(ppe: PpeConfig, fps?: number): PpeConfig {
  const scale = Math.sqrt(Math.max(1, (fps ?? NOMINAL_FPS) / NOMINAL_FPS));
  if (scale === 1) return ppe;
  const window = Math.min(31, Math.round(ppe.confirm.window * scale)); // the votes' bit field
  // A capped window keeps the share of frames that must violate.
  const hits = Math.max(1, Math.round((ppe.confirm.hits * window) / ppe.confirm.window));
  return { ...ppe, confirm: { hits, window, clearAfter: Math.round(ppe.confirm.clearAfter * scale) } };
}
