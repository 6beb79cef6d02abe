import { useCallback, useMemo, useState } from 'react';
import { getViolations } from '../api';
import { useReloadable } from '../hooks/useReloadable';
import type { Capture } from '../types';
import { applyCaptureChange, mergeCaptures, parseCapture, parseRemoved } from './captures';
import type { CaptureChange, CapturesState } from './context';
import { Listeners } from './listeners';

/** How many recent captures (all cameras) are fetched at start and kept in memory. */
const RECENT_FETCH = 30;
const RECENT_KEEP = 100;

/**
 * The most recent captures: fetched by `load`, grown by `capture` events and passed on to every
 * subscriber; reviews and deletions (`capture-updated`, `capture-removed`, or made here) likewise.
 * `resync` refetches and tells the lists to, after captures may have been missed. `onArrival` hears
 * of every pushed capture.
 */
export function useLiveCaptures(onArrival: () => void) {
  const [recent, setRecent] = useState<Capture[]>([]);
  const load = useReloadable(
    (signal) => getViolations({ limit: RECENT_FETCH }, { signal }),
    // Merge rather than replace: captures pushed while the request was in flight must not vanish.
    (page) => setRecent((prev) => mergeCaptures(page.items, prev).slice(0, RECENT_KEEP)),
    [],
  );
  const [captureListeners] = useState(() => new Listeners<Capture>('capture listener'));
  const [resyncToken, setResyncToken] = useState(0);

  const onCaptureEvent = useCallback(
    (data: string) => {
      const capture = parseCapture(data);
      if (!capture) return;
      setRecent((prev) => mergeCaptures([capture], prev).slice(0, RECENT_KEEP));
      onArrival();
      captureListeners.emit(capture);
    },
    [captureListeners, onArrival],
  );
  const subscribe = captureListeners.subscribe;

  // Reviews and deletions: kept in place in every list (no reordering), or taken out.
  const [changeListeners] = useState(() => new Listeners<CaptureChange>('capture change listener'));
  const publishChange = useCallback(
    (change: CaptureChange) => {
      setRecent((prev) => applyCaptureChange(prev, change));
      changeListeners.emit(change);
    },
    [changeListeners],
  );
  const subscribeChanges = changeListeners.subscribe;
  const onCaptureUpdated = useCallback(
    (data: string) => {
      const capture = parseCapture(data);
      if (capture) publishChange({ type: 'updated', capture });
    },
    [publishChange],
  );
  const onCaptureRemoved = useCallback(
    (data: string) => {
      const id = parseRemoved(data);
      if (id) publishChange({ type: 'removed', id });
    },
    [publishChange],
  );

  const resync = useCallback(() => {
    load.load();
    setResyncToken((t) => t + 1);
  }, [load.load]);

  const state = useMemo<CapturesState>(
    () => ({
      recent,
      loaded: load.loaded,
      error: load.error,
      reload: load.load,
      subscribe,
      subscribeChanges,
      publishChange,
      resyncToken,
    }),
    [recent, load.loaded, load.error, load.load, subscribe, subscribeChanges, publishChange, resyncToken],
  );

  return { state, load, resync, onCaptureEvent, onCaptureUpdated, onCaptureRemoved };
}
