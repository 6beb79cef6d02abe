// The API's wire format as zod schemas: requests are validated with them, /api/docs (OpenAPI) is
// generated from them, and the types at the end (the contract) are both what the server's serialisers
// return and what the dashboard reads, so neither the document nor the dashboard can drift from the server.
// Pure: zod and the config's schemas only, so the dashboard may import its types.
import { z } from 'zod';
import { channelConfigSchema, ruleConfigSchema, type ChannelConfig } from '../alerts/config';
import { cameraConfigSchema, cameraIdSchema } from '../config/schema';
import { AUDIT_ACTIONS } from '../domain/audit';
import { REVIEW_STATUSES } from '../domain/review';
import { scheduleSchema } from '../schedule/schedule';
import { BODY_REGIONS } from '../domain/ppe-items';
import { violationKindSchema } from '../ppe/config';

export const errorSchema = z
  .object({
    error: z.string().meta({
      description: '"field: reason" (several joined with "; ")',
      example: 'limit: Too big: expected number to be <=200',
    }),
  })
  .meta({ id: 'Error' });

// ---- parameters ----

export const cameraParams = z.object({ id: cameraIdSchema });

/** Capture ids are UUIDs; anything else (e.g. `../`) is refused before it reaches a query or a path. */
export const captureIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a capture id');
export const captureParams = z.object({ id: captureIdSchema });

/** `no-<item id>`; a kind of no configured item is refused with 400 by the routes. */
const kindSchema = violationKindSchema;
const statusSchema = z.enum(REVIEW_STATUSES);

/** ISO 8601: a date-time with Z or an offset, or a date (midnight UTC). */
export const instantSchema = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).meta({
  description: 'ISO 8601 date-time with Z or offset (or a date = midnight UTC)',
  example: '2026-11-26T08:00:00Z',
});

export const captureFilterQuery = z.strictObject({
  cameraId: cameraIdSchema.optional(),
  kind: kindSchema.optional(),
  zone: z.string().min(1).max(100).optional().meta({ description: 'zone name, exact match' }),
  status: statusSchema.optional(),
  from: instantSchema.optional().meta({ description: 'captures at or after this instant' }),
  to: instantSchema.optional().meta({ description: 'captures before this instant' }),
});

export const violationsQuery = captureFilterQuery.extend({
  before: z.string().max(200).optional().meta({ description: "a previous page's nextCursor" }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const csvQuery = captureFilterQuery.extend({
  limit: z.coerce.number().int().min(1).max(100_000).default(100_000),
});

export const statsQuery = z.strictObject({
  from: instantSchema.optional().meta({ description: 'default: 24 h before `to`' }),
  to: instantSchema.optional().meta({ description: 'default: now' }),
  cameraId: cameraIdSchema.optional(),
});

// ---- bodies ----

export const reviewBody = z
  .strictObject({
    status: z.enum(['acknowledged', 'resolved', 'false-positive']),
    note: z.string().max(2000).optional(),
  })
  .meta({ id: 'ReviewRequest' });

export const loginBody = z
  .strictObject({
    username: z.string().min(1).max(200),
    password: z.string().min(1).max(1024),
  })
  .meta({ id: 'LoginRequest' });

export const probeBody = z
  .strictObject({
    url: z.string().min(1).max(2048),
    rtspTransport: z.enum(['tcp', 'udp']).default('tcp'),
    cameraId: cameraIdSchema
      .optional()
      .meta({ description: 'when the url holds masked credentials (***), take them from this camera' }),
  })
  .meta({ id: 'ProbeRequest' });

/** Fields of GET /api/cameras/:id that a PUT/POST may send back and that are ignored. */
export const READ_ONLY_CAMERA_FIELDS = ['status', 'detecting', 'lastError', 'stats', 'restarts', 'node'] as const;

/** Longest camera name, location and zone name: they go to every viewer and into every capture. */
const MAX_LABEL = 120;
const label = (min: number) => z.string().min(min).max(MAX_LABEL, `at most ${MAX_LABEL} characters`);

/** Zone names live in the PPE settings; their limit is the API's, like the others. */
function checkZoneNames(camera: { ppe?: { zones?: Array<{ name: string }> } }, ctx: z.RefinementCtx): void {
  camera.ppe?.zones?.forEach((zone, i) => {
    if (zone.name.length > MAX_LABEL)
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_LABEL} characters`, path: ['ppe', 'zones', i, 'name'] });
  });
}

const cameraFields = cameraConfigSchema.extend({
  name: label(1),
  location: label(0).default(''),
  url: z.string().min(1).max(2048),
});

export const cameraBody = cameraFields.strict().superRefine(checkZoneNames).meta({ id: 'CameraInput' });
export const cameraPatchBody = cameraFields
  .omit({ id: true })
  .partial()
  .extend({ schedule: scheduleSchema.nullable().optional() })
  .strict()
  .superRefine(checkZoneNames)
  .meta({ id: 'CameraPatch', description: 'Only the fields to change. `schedule: null` removes the schedule.' });

// ---- responses (documentation) ----

export const cameraStatsSchema = z.object({
  inputFps: z.number(),
  detectFps: z.number(),
  droppedFrames: z.number(),
  inferenceMs: z.number().meta({ description: 'model ms per detected frame, summed over its passes' }),
  passesPerFrame: z.number().meta({ description: 'model passes per detected frame: 1, or 1 + tiles (detect.tiles)' }),
  peopleJudged: z.number().meta({ description: 'people judged (compliant or not) since the worker started' }),
  peopleViolating: z.number().meta({ description: 'of those, people with a confirmed violation' }),
  idle: z.boolean().meta({ description: 'nothing moves in the picture: detection at the idle rate (camera `motion`)' }),
});

export const cameraSchema = cameraConfigSchema
  .extend({
    url: z.string().meta({ description: 'credentials masked: rtsp://***:***@host/…' }),
    status: z.enum(['connecting', 'streaming', 'detecting', 'offline', 'failed', 'stopped']),
    detecting: z.boolean().meta({ description: 'inside the detection schedule' }),
    lastError: z.string().optional(),
    stats: cameraStatsSchema,
    restarts: z.number().int(),
    node: z.string().optional().meta({ description: 'the worker host running the camera (Redis mode)' }),
  })
  .meta({ id: 'Camera' });

export const captureSchema = z
  .object({
    id: z.string(),
    time: z.string().meta({ description: 'ISO 8601, UTC' }),
    cameraId: z.string(),
    cameraName: z.string(),
    location: z.string(),
    zone: z.string().nullable(),
    trackId: z.number().int(),
    kinds: z.array(kindSchema),
    confidence: z.number(),
    box: z
      .tuple([z.number(), z.number(), z.number(), z.number()])
      .meta({ description: 'x1, y1, x2, y2 in frame pixels' }),
    status: statusSchema,
    reviewer: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    note: z.string().nullable(),
    cropUrl: z.string(),
    frameUrl: z.string(),
  })
  .meta({ id: 'Capture' });

export const reviewEntrySchema = z.object({
  fromStatus: statusSchema,
  status: statusSchema,
  reviewer: z.string(),
  at: z.string(),
  note: z.string().nullable(),
});

export const captureDetailSchema = captureSchema
  .extend({ history: z.array(reviewEntrySchema) })
  .meta({ id: 'CaptureDetail' });

export const capturePageSchema = z
  .object({ items: z.array(captureSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'CapturePage' });

export const statsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    cameraId: z.string().nullable(),
    captures: z.number().int().meta({ description: 'violations (false positives excluded)' }),
    falsePositives: z.number().int(),
    peopleJudged: z.number().int(),
    peopleViolating: z
      .number()
      .int()
      .meta({ description: 'people judged with a confirmed violation, less captures marked false positive' }),
    complianceRate: z
      .number()
      .nullable()
      .meta({ description: '1 − peopleViolating / peopleJudged; null when nobody was judged' }),
    byStatus: z.record(statusSchema, z.number().int()),
    byKind: z.record(z.string(), z.number().int()).meta({
      description:
        'captures per kind (no-<item id>): every item of the catalogue in its order, 0 included, then kinds of older captures',
    }),
    byCamera: z.array(
      z.object({
        cameraId: z.string(),
        cameraName: z.string().nullable(),
        captures: z.number().int(),
        peopleJudged: z.number().int(),
        peopleViolating: z.number().int(),
        complianceRate: z.number().nullable(),
      }),
    ),
    byHour: z.array(z.object({ hour: z.string(), captures: z.number().int(), peopleJudged: z.number().int() })),
  })
  .meta({ id: 'Stats' });

export const ppeItemSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: kindSchema,
    region: z.enum(BODY_REGIONS),
    inferAbsence: z.boolean(),
    modelClasses: z
      .object({ worn: z.array(z.string()), missing: z.array(z.string()) })
      .nullable()
      .meta({ description: "the model's classes showing the item worn and missing; null when the model has none" }),
    judgeable: z.boolean().meta({
      description:
        'the model can show the item on a person (a class of it, and for hand and foot items a person class)',
    }),
  })
  .meta({ id: 'PpeItem' });

export const ppeItemsSchema = z
  .object({
    items: z.array(ppeItemSchema),
    model: z
      .object({ file: z.string(), hasPersonClass: z.boolean() })
      .nullable()
      .meta({ description: 'the model the cameras run; null when its file could not be read' }),
  })
  .meta({ id: 'PpeItems' });

export const userSchema = z.object({ name: z.string(), role: z.enum(['admin', 'viewer']) }).meta({ id: 'User' });
export const meSchema = z.object({ user: userSchema.nullable(), authRequired: z.boolean() }).meta({ id: 'Me' });
export const loginResponseSchema = z.object({ user: userSchema });

export const healthSchema = z.object({ status: z.literal('ok'), uptimeSeconds: z.number() });
export const readySchema = z.object({ status: z.enum(['ready', 'not-ready']), reasons: z.array(z.string()) });

// ---- alerts ----

export const alertChannelParams = z.object({ id: z.string().min(1).max(64) });

const channelStateSchema = z.object({
  source: z.enum(['config', 'api']).meta({ description: 'config file (read-only here) or added through the API' }),
  hasSecret: z.boolean().meta({ description: 'a secret / password is set (it is never sent)' }),
  health: z.object({
    failing: z.boolean().meta({ description: 'the last delivery attempt failed' }),
    lastError: z.string().optional(),
    lastAttemptAt: z.string().optional(),
    lastSuccessAt: z.string().optional(),
  }),
});

export const alertChannelSchema = z
  .object({
    id: z.string(),
    type: z.enum(['webhook', 'mqtt', 'email']),
    name: z.string().optional(),
    enabled: z.boolean(),
  })
  .extend(channelStateSchema.shape)
  .loose()
  .meta({
    id: 'AlertChannel',
    description:
      'A channel’s settings (as sent, with `source`: config or api) and its health. Secrets are never returned: `hasSecret` says one is set; URL credentials and the values of credential headers (Authorization, Cookie, X-Api-Key, …) are masked (`***`).',
  });

export const alertChannelBody = channelConfigSchema.meta({
  id: 'AlertChannelInput',
  description:
    'Leave `secret` / `password` out to keep the stored one; a URL sent back masked keeps the stored URL, a header sent back as `***` its stored value.',
});

export const alertRuleBody = ruleConfigSchema
  .extend({ id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i) })
  .meta({ id: 'AlertRule' });

export const alertRuleListSchema = alertRuleBody.extend({ source: z.enum(['config', 'api']) }).array();

export const alertDeliverySchema = z
  .object({
    channelId: z.string(),
    channelName: z
      .string()
      .nullable()
      .meta({ description: 'the channel’s name (its id when unnamed); null when the channel was deleted' }),
    kind: z
      .enum(['capture', 'escalation'])
      .meta({ description: 'the alert on capture, or the escalation of a capture left unreviewed' }),
    state: z.enum(['pending', 'delivered', 'failed', 'suppressed']),
    attempts: z.number().int(),
    createdAt: z.string(),
    doneAt: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    lastError: z.string().nullable().meta({ description: 'the receiver’s error, or why the alert was held back' }),
  })
  .meta({ id: 'AlertDelivery' });

// ---- audit trail ----

export const auditFilterQuery = z.strictObject({
  from: instantSchema.optional().meta({ description: 'entries at or after this instant' }),
  to: instantSchema.optional().meta({ description: 'entries before this instant' }),
  user: z.string().min(1).max(200).optional().meta({ description: 'user name, exact (any case)' }),
  action: z.enum(AUDIT_ACTIONS).optional(),
  cameraId: cameraIdSchema.optional(),
  captureId: captureIdSchema.optional().meta({ description: 'entries on this capture and listings that showed it' }),
});
export const auditQuery = auditFilterQuery.extend({
  before: z
    .string()
    .regex(/^\d{1,15}$/, 'not a cursor')
    .optional()
    .meta({ description: "a previous page's nextCursor" }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const auditCsvQuery = auditFilterQuery.extend({
  limit: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
});

export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    time: z.string().meta({ description: 'ISO 8601, UTC' }),
    user: z.string(),
    role: z.string().meta({ description: 'admin or viewer (`local` is the admin of open local mode)' }),
    action: z.enum(AUDIT_ACTIONS),
    captureId: z.string().nullable(),
    cameraId: z.string().nullable().meta({ description: "the capture's camera, or a listing's camera filter" }),
    captureCount: z.number().int().nullable().meta({ description: 'captures a listing showed' }),
    address: z.string().meta({ description: "the client's IP address (the proxy's client with auth.trustProxy)" }),
    userAgent: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable().meta({ description: 'filter, review status, …' }),
  })
  .meta({ id: 'AuditEntry' });
export const auditPageSchema = z
  .object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'AuditPage' });

const daysSchema = z.number().int().min(1).max(36500);
export const retentionSettingsBody = z.strictObject({ auditDays: daysSchema }).meta({ id: 'RetentionSettingsInput' });
export const retentionSettingsSchema = z
  .object({
    captures: z
      .object({ days: z.number(), maxBytes: z.number().int(), keepReviewed: z.boolean() })
      .meta({ description: 'capture retention: the config file’s `retention` (read-only here)' }),
    auditDays: daysSchema.meta({ description: 'audit entries older than this many days are deleted' }),
    auditDaysSource: z.enum(['config', 'dashboard']).meta({ description: 'where auditDays comes from' }),
  })
  .meta({ id: 'RetentionSettings' });

// ---- the contract as types ----

export type CameraJson = z.output<typeof cameraSchema>;
/** What POST and PUT /api/cameras accept (fields with a default may be left out). */
export type CameraInput = z.input<typeof cameraBody>;
export type CaptureJson = z.output<typeof captureSchema>;
export type ReviewEntryJson = z.output<typeof reviewEntrySchema>;
export type CaptureDetailJson = z.output<typeof captureDetailSchema>;
export type CapturePageJson = z.output<typeof capturePageSchema>;
export type StatsJson = z.output<typeof statsSchema>;
export type PpeItemJson = z.output<typeof ppeItemSchema>;
export type PpeItemsJson = z.output<typeof ppeItemsSchema>;
export type UserJson = z.output<typeof userSchema>;
export type MeJson = z.output<typeof meSchema>;
export type LoginResponseJson = z.output<typeof loginResponseSchema>;

type WithoutSecrets<T> = T extends unknown ? Omit<T, 'secret' | 'password'> : never;
/** A channel as GET /api/alerts/channels sends it: its settings without secrets, where it is defined, its health. */
export type AlertChannelJson = WithoutSecrets<ChannelConfig> & z.output<typeof channelStateSchema>;
/** What POST and PUT /api/alerts/channels accept. */
export type AlertChannelInput = z.input<typeof alertChannelBody>;
export type AlertRuleInput = z.input<typeof alertRuleBody>;
export type AlertRuleJson = z.output<typeof alertRuleListSchema>[number];
export type AlertDeliveryJson = z.output<typeof alertDeliverySchema>;
export type AuditEntryJson = z.output<typeof auditEntrySchema>;
export type AuditPageJson = z.output<typeof auditPageSchema>;
export type RetentionSettingsJson = z.output<typeof retentionSettingsSchema>;
