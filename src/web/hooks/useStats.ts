import { useEffect, useRef, useState } from 'react';
import { errorMessage, getStats, startRequest } from '../api';
import { useCaptureChanges, useCaptureEvents } from '../live/context';
import type { StatsFilters } from '../router';
import { rangeStart } from '../stats';
import type { Stats } from '../types';

/** Refresh at most this often while captures arrive, and at least this often otherwise. */
const LIVE_REFRESH_MS = 5_000;
const IDLE_REFRESH_MS = 60_000;

/**
 * The numbers for `filters`, fetched again every minute and a few seconds after captures arrive or are
 * reviewed. While other filters load, the previous numbers stay (`loading` says it is refreshing).
 */
export function useStats(filters: StatsFilters) {
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const refresh = () => setTick((t) => t + 1);

  useEffect(() => {
    const to = Date.now();
    setLoading(true);
    const cancel = startRequest(
      (signal) =>
        getStats(
          { from: rangeStart(filters.range, to), to: new Date(to).toISOString(), cameraId: filters.cameraId },
          { signal },
        ),
      (next) => {
        setStats(next);
        setError(null);
        setLoading(false);
      },
      (err) => {
        setError(errorMessage(err));
        setLoading(false);
      },
    );
    const timer = setTimeout(() => setTick((t) => t + 1), IDLE_REFRESH_MS);
    return () => {
      cancel();
      clearTimeout(timer);
    };
  }, [filters.range, filters.cameraId, tick]);

  // New captures and reviews change the numbers: refresh, at most every few seconds.
  const pendingRefresh = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const scheduleRefresh = () => {
    if (pendingRefresh.current !== undefined) return;
    pendingRefresh.current = setTimeout(() => {
      pendingRefresh.current = undefined;
      setTick((t) => t + 1);
    }, LIVE_REFRESH_MS);
  };
  useEffect(() => () => clearTimeout(pendingRefresh.current), []);
  useCaptureEvents((capture) => {
    if (!filters.cameraId || capture.cameraId === filters.cameraId) scheduleRefresh();
  });
  useCaptureChanges(() => scheduleRefresh());

  return { stats, error, loading, refresh };
}
