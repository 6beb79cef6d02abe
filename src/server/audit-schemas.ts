// The audit trail's wire format (GET /api/audit, its CSV, the retention settings), as zod
// schemas: validated requests, OpenAPI, and the types the dashboard reads. Pure, like schemas.ts.
import { z } from 'zod';
import { cameraIdSchema } from '../config/schema';
import { AUDIT_ACTIONS } from '../domain/audit';
import { captureIdSchema, instantSchema } from './schemas';

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

export type AuditEntryJson = z.output<typeof auditEntrySchema>;
export type AuditPageJson = z.output<typeof auditPageSchema>;
export type RetentionSettingsJson = z.output<typeof retentionSettingsSchema>;
