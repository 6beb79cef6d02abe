import { Readable } from 'node:stream';
import type { z } from 'zod';
import type { AuditRetentionSetting } from '../../audit/retention-setting';
import type { RetentionConfig } from '../../capture/config';
import type { AuditEntry, AuditFilter, AuditStore } from '../../store/audit';
import { sentFilter, type AuditTrail } from '../audit-trail';
import { pagedCsvLines } from '../csv';
import { jsonResponse, type ApiRouter } from '../router';
import {
  auditCsvQuery,
  auditFilterQuery,
  auditPageSchema,
  auditQuery,
  retentionSettingsBody,
  retentionSettingsSchema,
  type AuditEntryJson,
  type AuditPageJson,
  type RetentionSettingsJson,
} from '../audit-schemas';
import { assertFromBeforeTo, instantMs } from '../time-range';

export interface AuditRouteDeps {
  auditStore: AuditStore;
  trail: AuditTrail;
  auditRetention: AuditRetentionSetting;
  /** Capture retention from the config file, shown beside the audit retention. */
  retention: RetentionConfig;
}

/** The audit trail (admins only): its listing, its CSV export, and how long it is kept. */
export function registerAuditRoutes(api: ApiRouter, deps: AuditRouteDeps): void {
  addTrailRoutes(api, deps);
  addRetentionRoutes(api, deps);
}

function auditFilter(q: z.output<typeof auditFilterQuery>): AuditFilter {
  const fromMs = instantMs(q.from);
  const toMs = instantMs(q.to);
  if (fromMs !== undefined && toMs !== undefined) assertFromBeforeTo(fromMs, toMs);
  return { fromMs, toMs, user: q.user, action: q.action, cameraId: q.cameraId, captureId: q.captureId };
}

export function auditEntryJson(e: AuditEntry): AuditEntryJson {
  return {
    id: e.id,
    time: new Date(e.atMs).toISOString(),
    user: e.user,
    role: e.role,
    action: e.action,
    captureId: e.captureId ?? null,
    cameraId: e.cameraId ?? null,
    captureCount: e.captureCount ?? null,
    address: e.address,
    userAgent: e.userAgent ?? null,
    details: e.details ?? null,
  };
}

const CSV_HEADER = [
  'id',
  'time',
  'user',
  'role',
  'action',
  'captureId',
  'cameraId',
  'captureCount',
  'address',
  'userAgent',
  'details',
];

/** One entry as a line of the CSV file (`details` as JSON). */
function csvCells(e: AuditEntry): unknown[] {
  const j = auditEntryJson(e);
  return [...CSV_HEADER.slice(0, -1).map((k) => j[k as keyof AuditEntryJson]), j.details && JSON.stringify(j.details)];
}

function addTrailRoutes(api: ApiRouter, { auditStore, trail }: AuditRouteDeps): void {
  api.route({
    method: 'GET',
    url: '/api/audit',
    tag: 'audit',
    summary: 'The audit trail: who accessed which captures, newest first, filtered and paged',
    description:
      'Reading it is itself recorded (`audit.view`). See docs/api.md "Audit trail" for what is recorded when.',
    access: 'admin',
    query: auditQuery,
    responses: { 200: jsonResponse('a page; pass nextCursor as `before` for the next (older) one', auditPageSchema) },
    handler: (req, _reply, { query }): AuditPageJson => {
      const { before, limit, ...sent } = query;
      const filter = auditFilter(sent);
      trail.flush();
      const page = auditStore.list({ ...filter, limit, before: before === undefined ? undefined : Number(before) });
      trail.record(req, 'audit.view', { filter: sentFilter(sent) });
      return {
        items: page.items.map(auditEntryJson),
        nextCursor: page.nextCursor === null ? null : String(page.nextCursor),
      };
    },
  });

  api.route({
    method: 'GET',
    url: '/api/audit.csv',
    tag: 'audit',
    summary: 'The same filters as /api/audit, as a CSV file (newest first); the export is recorded (`audit.export`)',
    access: 'admin',
    query: auditCsvQuery,
    responses: { 200: { description: 'text/csv; UTF-8 with BOM, CRLF lines', contentType: 'text/csv' } },
    handler: (req, reply, { query }) => {
      const { limit, ...sent } = query;
      const filter = auditFilter(sent);
      trail.flush();
      trail.record(req, 'audit.export', { filter: sentFilter(sent) });
      const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="audit-${stamp}.csv"`)
        .header('Cache-Control', 'no-store')
        .send(
          Readable.from(
            pagedCsvLines<AuditEntry, number>(
              CSV_HEADER,
              (size, before) => auditStore.list({ ...filter, limit: size, before }),
              csvCells,
              limit,
            ),
          ),
        );
    },
  });
}

function addRetentionRoutes(api: ApiRouter, { trail, auditRetention, retention }: AuditRouteDeps): void {
  const settings = (): RetentionSettingsJson => ({
    captures: { days: retention.days, maxBytes: retention.maxBytes, keepReviewed: retention.keepReviewed },
    auditDays: auditRetention.days(),
    auditDaysSource: auditRetention.source(),
  });

  api.route({
    method: 'GET',
    url: '/api/settings/retention',
    tag: 'audit',
    summary: 'How long captures (config file) and audit entries are kept',
    access: 'admin',
    responses: { 200: jsonResponse('the retention settings', retentionSettingsSchema) },
    handler: () => settings(),
  });

  api.route({
    method: 'PUT',
    url: '/api/settings/retention',
    tag: 'audit',
    summary: 'Change how long audit entries are kept (days); the next retention sweep applies it',
    description:
      'Stored in the database: it takes precedence over `retention.auditDays` of the config file. Recorded (`audit.retention`).',
    access: 'admin',
    body: retentionSettingsBody,
    responses: { 200: jsonResponse('the retention settings after the change', retentionSettingsSchema) },
    handler: (req, _reply, { body }) => {
      const from = auditRetention.days();
      auditRetention.setDays(body.auditDays);
      trail.record(req, 'audit.retention', { fromDays: from, toDays: body.auditDays });
      return settings();
    },
  });
}
