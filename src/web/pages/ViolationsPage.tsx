import { useCallback, useRef } from 'react';
import { violationsCsvUrl } from '../api';
import { CaptureDetail } from '../components/CaptureDetail';
import { CaptureList } from '../components/CaptureList';
import { ErrorNotice } from '../components/ErrorNotice';
import { FilterBar } from '../components/FilterBar';
import { NewCapturesPill } from '../components/NewCapturesPill';
import { hasActiveFilters } from '../filters';
import { useGallery, type Gallery } from '../hooks/useGallery';
import { useCameras, useCaptures } from '../live/context';
import { href, navigate, previousRoute } from '../router';
import type { ViolationFilters } from '../types';

interface ViolationsPageProps {
  filters: ViolationFilters;
  /** When set, the detail of this capture is open over the gallery. */
  captureId?: string;
}

/** Gallery of captures with filters, paging and live arrivals; the detail opens over it. */
export function ViolationsPage({ filters, captureId }: ViolationsPageProps) {
  const { cameras } = useCameras();
  const { recent } = useCaptures();
  const { gallery, loadFirst, loadMore, showPending } = useGallery(filters);
  const { closeDetail, openOther } = useDetailNavigation(filters, captureId);
  const setFilters = (next: ViolationFilters) => navigate(href.violations(next), { replace: true });

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

      <GalleryFoot gallery={gallery} onLoadMore={loadMore} />

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

/**
 * Close with history.back() when the detail was reached by navigating inside the app (a card click),
 * so Back/Close return to exactly where the user was; otherwise (opened from a link) show the gallery.
 */
function useDetailNavigation(filters: ViolationFilters, captureId: string | undefined) {
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
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
  return { closeDetail, openOther };
}

/** Under the gallery: "Load more", its failure, or the end of the list. */
function GalleryFoot({ gallery, onLoadMore }: { gallery: Gallery; onLoadMore: () => void }) {
  const { items, loading, error, nextCursor } = gallery;
  return (
    <div className="gallery-foot">
      {error && items.length > 0 ? (
        <ErrorNotice title="Could not load more captures" message={error} onRetry={onLoadMore} />
      ) : null}
      {nextCursor ? (
        <button
          type="button"
          className="button button--wide"
          data-testid="load-more"
          onClick={onLoadMore}
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
  );
}
