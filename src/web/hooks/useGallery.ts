import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, getViolations, startRequest } from '../api';
import { GALLERY_PAGE_SIZE } from '../config';
import { filterKey, matchesFilters } from '../filters';
import { applyCaptureChange, mergeCaptures } from '../live/captures';
import { useCaptureChanges, useCaptureEvents, useCaptures } from '../live/context';
import type { Capture, CapturePage, ViolationFilters } from '../types';

export interface Gallery {
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

/**
 * The captures matching `filters`, newest first: the first page, more on `loadMore`, live arrivals queued
 * in `pending` until `showPending`, reviews and deletions applied in place. Missed captures are looked for
 * after the live connection came back.
 */
export function useGallery(filters: ViolationFilters) {
  const { resyncToken } = useCaptures();
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
      (page) => setGallery((g) => (g.key === k ? withFirstPage(g, page, mode) : g)),
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

  useCaptureEvents((capture) => {
    if (!matchesFilters(capture, filtersRef.current)) return;
    setGallery((g) => (g.key === filterKey(filtersRef.current) ? withLiveCapture(g, capture) : g));
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

  return { gallery, loadFirst, loadMore, showPending };
}

/** The newest page: the gallery itself when it is new (or empty, or failed), else what it lacks, queued. */
function withFirstPage(g: Gallery, page: CapturePage, mode: 'reset' | 'resync'): Gallery {
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
}

/** A live capture: straight into an empty gallery, otherwise queued behind the "N new" notice. */
function withLiveCapture(g: Gallery, capture: Capture): Gallery {
  if (g.items.some((c) => c.id === capture.id)) {
    return { ...g, items: g.items.map((c) => (c.id === capture.id ? capture : c)) };
  }
  if (g.items.length === 0 && g.loading === null && g.error === null) return { ...g, items: [capture] };
  return { ...g, pending: mergeCaptures([capture], g.pending).slice(0, MAX_PENDING) };
}
