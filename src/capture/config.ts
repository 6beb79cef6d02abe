// Settings of the capture stage: which captures are the same person again, and how long they are kept.
import { z } from 'zod';

export const DEFAULT_COOLDOWN_MS = 30_000;
export const DEFAULT_PLACE_IOU = 0.6;
const GIB = 1024 ** 3;

export const dedupConfigSchema = z.object({
  /**
   * A capture overlapping the place where an already captured person was last seen, this
   * soon after they dropped out of view (track lost, worker restarted), is that person again.
   */
  cooldownSeconds: z
    .number()
    .nonnegative()
    .default(DEFAULT_COOLDOWN_MS / 1000),
  iou: z.number().min(0).max(1).default(DEFAULT_PLACE_IOU),
});

/** How long captures are kept and how much disk they may use (see README "Retention"). */
export const retentionSchema = z.object({
  /** Captures older than this many days are deleted (rows and files). */
  days: z.number().positive().max(36500).default(30),
  /** Disk budget of the capture folder in bytes; over it, the oldest captures go first. */
  maxBytes: z
    .number()
    .int()
    .positive()
    .default(10 * GIB),
  /**
   * Captures a person confirmed (acknowledged or resolved) are exempt from the age rule: they are
   * evidence someone acted on. The disk budget still applies to them, after every unreviewed one.
   */
  keepReviewed: z.boolean().default(true),
  /**
   * Keep stills longer: clips (most of the disk) are deleted after this many days while the crop
   * and frame stay until `days`. The disk budget also deletes clips before any still.
   */
  clipDays: z.number().positive().max(36500).optional(),
  /** Audit entries (who accessed which capture) older than this many days are deleted; the dashboard may override it. */
  auditDays: z.number().int().min(1).max(36500).default(365),
});

/** Video clips of captures, cut from a rolling buffer each worker records (issue 19). */
export const clipConfigSchema = z.object({
  enabled: z.boolean().default(true),
  /** The clip starts this long before the capture's frame (rounded down to a keyframe). */
  beforeSeconds: z.number().min(0).max(60).default(5),
  /** ... and ends this long after it: the capture is sent once that much video is recorded. */
  afterSeconds: z.number().min(0).max(60).default(5),
  /** Length of the buffer's segment files (ffmpeg cuts at the next keyframe after it). */
  segmentSeconds: z.number().min(1).max(10).default(2),
  /** Video kept in the buffer; must cover before + after + a segment. */
  bufferSeconds: z.number().min(5).max(600).default(30),
});

export type ClipConfig = z.infer<typeof clipConfigSchema>;

export type RetentionConfig = z.infer<typeof retentionSchema>;
