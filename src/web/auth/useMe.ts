import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, getMe } from '../api';
import type { Me } from '../types';

/** How often a failed /api/auth/me (server unreachable at start) is retried. */
const RETRY_MS = 4_000;
/** 401s from several requests at once lead to one check. */
const RECHECK_THROTTLE_MS = 2_000;

/**
 * Who we are, as GET /api/auth/me last said: null until it first answers, `error` while it fails (retried).
 * `recheck` asks again; `setKnown` takes an answer from sign-in or sign-out instead.
 */
export function useMe() {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const lastCheck = useRef(0);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    lastCheck.current = Date.now();
    getMe({ signal: controller.signal }).then(
      (next) => {
        setMe((prev) => (prev && sameMe(prev, next) ? prev : next));
        setError(null);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setError(errorMessage(err));
        // Keep the app (and its "server unreachable" banner) if we were signed in; retry either way.
        timer = setTimeout(() => setTick((t) => t + 1), RETRY_MS);
      },
    );
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [tick]);

  // Several 401s at once lead to one check; one that comes too soon after the last is made a little later.
  const deferred = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const recheck = useCallback(() => {
    if (deferred.current !== undefined) return;
    const wait = lastCheck.current + RECHECK_THROTTLE_MS - Date.now();
    deferred.current = setTimeout(
      () => {
        deferred.current = undefined;
        setTick((t) => t + 1);
      },
      Math.max(0, wait),
    );
  }, []);
  useEffect(() => () => clearTimeout(deferred.current), []);

  const setKnown = useCallback((next: Me) => {
    setMe(next);
    setError(null);
  }, []);

  return { me, error, recheck, setKnown };
}

function sameMe(a: Me, b: Me): boolean {
  return a.authRequired === b.authRequired && a.user?.name === b.user?.name && a.user?.role === b.user?.role;
}
