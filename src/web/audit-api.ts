// Typed calls of the audit routes (docs/api.md#audit-trail, admins only): the trail, its CSV export and
// the retention settings.

import { json, withQuery, type RequestOptions } from './api';
import type { AuditFilters, AuditPage, RetentionSettings } from './types';

export const AUDIT_PAGE_SIZE = 100;

const auditParams = (f: AuditFilters) => ({
  user: f.user,
  action: f.action,
  cameraId: f.cameraId,
  captureId: f.captureId,
  from: f.from,
  to: f.to,
});

export function getAudit(filters: AuditFilters, before: string | null, opts?: RequestOptions): Promise<AuditPage> {
  return json<AuditPage>(withQuery('/api/audit', { ...auditParams(filters), before, limit: AUDIT_PAGE_SIZE }), opts);
}

/** Link for downloading the entries matching `filters` as CSV (the cookie goes along; the export is recorded). */
export function auditCsvUrl(filters: AuditFilters): string {
  return withQuery('/api/audit.csv', auditParams(filters));
}

export function getRetentionSettings(opts?: RequestOptions): Promise<RetentionSettings> {
  return json<RetentionSettings>('/api/settings/retention', opts);
}

export function saveAuditDays(auditDays: number): Promise<RetentionSettings> {
  return json<RetentionSettings>('/api/settings/retention', { method: 'PUT', body: { auditDays } });
}
