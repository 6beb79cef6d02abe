// How the audit page words an entry's details (pure).

import type { AuditEntry } from './types';

const filterText = (filter: unknown): string =>
  filter && typeof filter === 'object'
    ? Object.entries(filter as Record<string, unknown>)
        .map(([key, value]) => `${key}=${String(value)}`)
        .join(', ')
    : '';

/** One line: a listing's count and filter, a review's step, a retention change. */
export function auditDetailText(entry: AuditEntry): string {
  const d = entry.details ?? {};
  const parts: string[] = [];
  if (entry.captureCount !== null) parts.push(`${entry.captureCount} capture${entry.captureCount === 1 ? '' : 's'}`);
  if ('filter' in d) parts.push(filterText(d.filter) || 'no filter');
  if (entry.action === 'capture.review') parts.push(`${String(d.from ?? '?')} → ${String(d.status)}`);
  if (entry.action === 'audit.retention') parts.push(`${String(d.fromDays)} → ${String(d.toDays)} days`);
  return parts.join(' · ');
}
