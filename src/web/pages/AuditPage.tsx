import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, startRequest } from '../api';
import { auditCsvUrl, getAudit } from '../audit-api';
import { useAuth } from '../auth/context';
import { AdminForbidden } from '../components/admin/AdminForbidden';
import { AuditFilterBar } from '../components/audit/AuditFilterBar';
import { AuditRetentionPanel } from '../components/audit/AuditRetentionPanel';
import { AuditTable } from '../components/audit/AuditTable';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { useCameras } from '../live/context';
import { href, navigate } from '../router';
import type { AuditEntry, AuditFilters } from '../types';

/** The audit trail (admin only): who viewed, exported, reviewed or deleted which captures, when, from where. */
export function AuditPage({ filters }: { filters: AuditFilters }) {
  const { isAdmin } = useAuth();
  if (!isAdmin) return <AdminForbidden message="Only an admin can read the audit trail." />;
  return <AuditTrailView filters={filters} />;
}

interface TrailState {
  entries: AuditEntry[];
  nextCursor: string | null;
  loading: 'first' | 'more' | null;
  error: string | null;
}

/** The filtered trail, a page at a time; a change of filters starts over. */
function useAuditTrail(filters: AuditFilters) {
  const [state, setState] = useState<TrailState>({ entries: [], nextCursor: null, loading: 'first', error: null });
  const cancel = useRef<(() => void) | null>(null);
  const key = JSON.stringify(filters);

  const load = useCallback(
    (before: string | null) => {
      cancel.current?.();
      setState((s) => ({ ...s, loading: before ? 'more' : 'first', error: null }));
      cancel.current = startRequest(
        (signal) => getAudit(filters, before, { signal }),
        (page) =>
          setState((s) => ({
            entries: before ? [...s.entries, ...page.items] : page.items,
            nextCursor: page.nextCursor,
            loading: null,
            error: null,
          })),
        (err) => setState((s) => ({ ...s, loading: null, error: errorMessage(err) })),
      );
    },
    [key],
  );
  useEffect(() => {
    load(null);
    return () => cancel.current?.();
  }, [load]);
  return { ...state, reload: () => load(null), loadMore: () => load(state.nextCursor) };
}

function AuditTrailView({ filters }: { filters: AuditFilters }) {
  const { cameras } = useCameras();
  const trail = useAuditTrail(filters);
  const setFilters = (next: AuditFilters) => navigate(href.audit(next), { replace: true });

  return (
    <div className="page audit-page" data-testid="audit-page">
      <div className="section-head">
        <h1 className="section-head__title">Audit trail</h1>
        <span className="section-head__aside">
          Who viewed, downloaded, reviewed or deleted which capture, when and from where. Reading and exporting it are
          recorded too.
        </span>
      </div>
      <AuditFilterBar filters={filters} cameras={cameras} onChange={setFilters} />
      <div className="audit-page__bar">
        <span
          data-testid="audit-count"
          data-count={trail.entries.length}
          data-state={trail.loading ? 'loading' : 'done'}
        >
          {trail.loading === 'first'
            ? 'Loading…'
            : `${trail.entries.length}${trail.nextCursor ? '+' : ''} entr${trail.entries.length === 1 ? 'y' : 'ies'}`}
        </span>
        <a
          className="button button--small"
          data-testid="audit-export-csv"
          href={auditCsvUrl(filters)}
          download
          title="Download the entries matching these filters as CSV"
        >
          Export CSV
        </a>
      </div>
      {trail.error ? (
        <ErrorNotice title="Could not load the audit trail" message={trail.error} onRetry={trail.reload} />
      ) : null}
      {trail.loading === 'first' ? (
        <Loading>Loading the audit trail…</Loading>
      ) : trail.entries.length === 0 && !trail.error ? (
        <div className="empty-state">No entries match these filters.</div>
      ) : (
        <AuditTable entries={trail.entries} />
      )}
      {trail.nextCursor ? (
        <button
          type="button"
          className="button button--wide"
          data-testid="audit-load-more"
          onClick={trail.loadMore}
          disabled={trail.loading !== null}
        >
          {trail.loading === 'more' ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
      <AuditRetentionPanel />
    </div>
  );
}
