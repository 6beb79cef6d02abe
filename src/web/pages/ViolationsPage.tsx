import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, getViolations, startRequest, violationsCsvUrl } from '../api';
import { CaptureDetail } from '../components/CaptureDetail';
import { CaptureList } from '../components/CaptureList';
import { ErrorNotice } from '../components/ErrorNotice';
import { FilterBar } from '../components/FilterBar';
import { NewCapturesPill } from '../components/NewCapturesPill';
import { GALLERY_PAGE_SIZE } from '../config';
import { filterKey, hasActiveFilters, matchesFilters } from '../filters';
import { applyCaptureChange, mergeCaptures } from '../live/captures';
import { useCameras, useCaptureChanges, useCaptureEvents, useCaptures } from '../live/context';
import { href, navigate, previousRoute } from '../router';
import type { Capture, ViolationFilters } from '../types';

interface ViolationsPageProps {
  filters: ViolationFilters;
  /** When set, the detail of this capture is open over the gallery. */
  captureId?: string;
}

interface Gallery {
  key: string;
  items: Capture[];
  nextCursor: string | null;
  loading: 'first' | 'more' | null;
  error: string | null;
  /** Live captures not shown yet (so the gallery does not move under the user's eyes). */
  pending: Capture[];
}

const emptyGallery = (key: string): Gallery => ({
  key,
  items: [],
  nextCursor: null,
  loading: 'first',
  error: null,
  pending: [],
});
const MAX_PENDING = 500;

/** Gallery of captures with filters, paging and live arrivals; the detail opens over it. */
export function ViolationsPage({ filters, captureId }: ViolationsPageProps) {
  const { cameras } = useCameras();
  const { recent, resyncToken } = useCaptures();
  const key = filterKey(filters);
  const [gallery, setGallery] = useState<Gallery>(() => emptyGallery(key));
  /** Calls off the gallery's request in flight. */
  const cancelRequest = useRef<(() => void) | null>(null);
  const filtersRef = useRef(filters);
  filtersRef.current = filters;

  /** Loads the newest page. `mode: 'reset'` replaces the gallery; 'resync' queues what is new. */
  const loadFirst = useCallback((mode: 'reset' | 'resync') => {
    cancelRequest.current?.();
    const current = filtersRef.current;
    const k = filterKey(current);
    if (mode === 'reset') setGallery(emptyGallery(k));
    cancelRequest.current = startRequest(
      (signal) => getViolations({ ...current, limit: GALLERY_PAGE_SIZE }, { signal }),
      (page) => {
        setGallery((g) => {
          if (g.key !== k) return g;
          if (mode === 'reset' || g.items.length === 0 || g.error !== null) {
            return {
              ...g,
              items: mergeCaptures(page.items, g.items),
              nextCursor: page.nextCursor,
              loading: null,
              error: null,
            };
          }
          const shown = new Set(g.items.map((c) => c.id));
          const newest = g.items[0]?.time ?? '';
          const missed = page.items.filter((c) => !shown.has(c.id) && Date.parse(c.time) >= Date.parse(newest));
          return { ...g, pending: mergeCaptures(missed, g.pending).slice(0, MAX_PENDING), loading: null, error: null };
        });
      },
      (err) => setGallery((g) => (g.key === k ? { ...g, loading: null, error: errorMessage(err) } : g)),
    );
  }, []);

  useEffect(() => {
    loadFirst('reset');
    return () => cancelRequest.current?.();
  }, [key, loadFirst]);

  // After the live connection was re-established, look for captures missed in between.
  const lastResync = useRef(resyncToken);
  useEffect(() => {
    if (resyncToken === lastResync.current) return;
    lastResync.current = resyncToken;
    loadFirst('resync');
  }, [resyncToken, loadFirst]);

  const loadMore = () => {
    const cursor = gallery.nextCursor;
    if (!cursor || gallery.loading) return;
    cancelRequest.current?.();
    const k = gallery.key;
    setGallery((g) => ({ ...g, loading: 'more', error: null }));
    cancelRequest.current = startRequest(
      (signal) => getViolations({ ...filters, limit: GALLERY_PAGE_SIZE, before: cursor }, { signal }),
      (page) => {
        setGallery((g) =>
          g.key === k
            ? { ...g, items: mergeCaptures(page.items, g.items), nextCursor: page.nextCursor, loading: null }
            : g,
        );
      },
      (err) => setGallery((g) => (g.key === k ? { ...g, loading: null, error: errorMessage(err) } : g)),
    );
  };

  // Live captures: straight into an empty gallery, otherwise queued behind the "N new" notice.
  useCaptureEvents((capture) => {
    if (!matchesFilters(capture, filtersRef.current)) return;
    setGallery((g) => {
      if (g.key !== filterKey(filtersRef.current)) return g;
      if (g.items.some((c) => c.id === capture.id)) {
        return { ...g, items: g.items.map((c) => (c.id === capture.id ? capture : c)) };
      }
      if (g.items.length === 0 && g.loading === null && g.error === null) return { ...g, items: [capture] };
      return { ...g, pending: mergeCaptures([capture], g.pending).slice(0, MAX_PENDING) };
    });
  });

  // Reviews change a card in place (even if it no longer matches a status filter: nothing moves);
  // deleted captures leave.
  useCaptureChanges((change) => {
    setGallery((g) => ({
      ...g,
      items: applyCaptureChange(g.items, change),
      pending: applyCaptureChange(g.pending, change),
    }));
  });

  const showPending = () => {
    setGallery((g) => ({ ...g, items: mergeCaptures(g.pending, g.items), pending: [] }));
    window.scrollTo({ top: 0, behavior: 'smooth' });
  };

  const setFilters = (next: ViolationFilters) => navigate(href.violations(next), { replace: true });

  // ---- detail ----
  // Close with history.back() when the detail was reached by navigating inside the app (a card click),
  // so Back/Close return to exactly where the user was; otherwise (opened from a link) show the gallery.
  const closeByBack = useRef(false);
  const openId = useRef<string | undefined>(undefined);
  if (captureId && !openId.current) closeByBack.current = previousRoute() !== null;
  openId.current = captureId;

  const closeDetail = useCallback(() => {
    if (closeByBack.current) window.history.back();
    else navigate(href.violations(filtersRef.current), { replace: true });
  }, []);
  const openOther = useCallback(
    (id: string) => navigate(href.violation(id, filtersRef.current), { replace: true }),
    [],
  );

  const index = captureId ? gallery.items.findIndex((c) => c.id === captureId) : -1;
  const known =
    index >= 0
      ? gallery.items[index]
      : captureId
        ? (gallery.pending.find((c) => c.id === captureId) ?? recent.find((c) => c.id === captureId))
        : undefined;

  const { items, loading, error, nextCursor, pending } = gallery;
  return (
    <div className="page violations-page" data-testid="violations-page">
      <div className="section-head">
        <h1 className="section-head__title">Violations</h1>
      </div>
      <FilterBar filters={filters} cameras={cameras} onChange={setFilters}>
        <span className="filter-bar__count" data-testid="gallery-count" data-count={items.length}>
          {loading === 'first'
            ? 'Loading…'
            : error && items.length === 0
              ? ''
              : `${items.length}${nextCursor ? '+' : ''} capture${items.length === 1 ? '' : 's'}`}
        </span>
        <a
          className="button button--small"
          data-testid="export-csv"
          href={violationsCsvUrl(filters)}
          download
          // A relative range ("last 24 hours") is resolved at the moment of the click.
          onClick={(e) => {
            e.currentTarget.href = violationsCsvUrl(filters);
          }}
          title="Download the captures matching these filters as CSV"
        >
          Export CSV
        </a>
      </FilterBar>

      {error && items.length === 0 ? (
        <ErrorNotice title="Could not load captures" message={error} onRetry={() => loadFirst('reset')} />
      ) : null}

      <CaptureList
        captures={items}
        variant="grid"
        filters={filters}
        loading={loading === 'first'}
        emptyText={
          error ? null : hasActiveFilters(filters) ? 'No captures match these filters.' : 'No violations captured yet.'
        }
        label="Captures"
      />

      <div className="gallery-foot">
        {error && items.length > 0 ? (
          <ErrorNotice title="Could not load more captures" message={error} onRetry={loadMore} />
        ) : null}
        {nextCursor ? (
          <button
            type="button"
            className="button button--wide"
            data-testid="load-more"
            onClick={loadMore}
            disabled={loading !== null}
          >
            {loading === 'more' ? (
              <>
                <span className="spinner" aria-hidden="true" /> Loading…
              </>
            ) : (
              'Load more'
            )}
          </button>
        ) : items.length > 0 && loading === null ? (
          <span className="gallery-foot__end">End of list</span>
        ) : null}
      </div>

      <NewCapturesPill count={pending.length} onShow={showPending} />

      {captureId ? (
        <CaptureDetail
          key="detail"
          captureId={captureId}
          known={known}
          onClose={closeDetail}
          newerId={index > 0 ? items[index - 1].id : undefined}
          olderId={index >= 0 && index < items.length - 1 ? items[index + 1].id : undefined}
          onNavigate={openOther}
        />
      ) : null}
    </div>
  );
}
