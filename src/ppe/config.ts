// Per-camera PPE settings. Self-contained: the application config embeds this schema, and `{}`
// parses to a working configuration (ByteTrack, helmet + vest required everywhere, 3 of 5 frames).
import { z } from 'zod';
import { VIOLATION_KINDS } from '../domain/detection';
import { trackerAlgorithmSchema, trackerParamsSchema, type TrackerConfig } from '../track/config';

export const violationKindSchema = z.enum(VIOLATION_KINDS);

/** The violations watched for: 'no-helmet' means a helmet is required, 'no-vest' a vest. */
const requiredSchema = z
  .array(violationKindSchema)
  .refine((kinds) => new Set(kinds).size === kinds.length, 'each kind at most once');

/** A point in normalised frame coordinates: (0, 0) top-left, (1, 1) bottom-right. */
const pointSchema = z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]);

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
    /** M: frames with the violation, out of the last `window`, needed to confirm it. */
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
  required: requiredSchema.default([...VIOLATION_KINDS]),
  /**
   * Person models only: a person with no helmet (vest) detection at all counts as violating.
   * Off by default: a missed small helmet would otherwise raise a false alarm.
   */
  inferMissing: z.boolean().default(false),
  /** People shorter than this (source pixels) are too far away to judge: "unknown". */
  minPersonHeight: z.number().min(0).default(48),
  /**
   * Detections below this score never start a track or count as evidence. (ByteTrack still
   * uses weaker ones, down to tracking.lowScore, to keep existing tracks alive.)
   */
  minScore: z.number().min(0).max(1).default(0.25),
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

/** The settings of a camera's tracker(s). */
export function trackerConfigOf(ppe: PpeConfig): TrackerConfig {
  return { algorithm: ppe.tracker, ...ppe.tracking };
}
