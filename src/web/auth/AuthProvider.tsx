import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { errorMessage, getMe, login as apiLogin, logout as apiLogout, setUnauthorizedHandler } from '../api';
import type { Me } from '../types';
import { AuthContext, type AuthState } from './context';

/** How often a failed /api/auth/me (server unreachable at start) is retried. */
const RETRY_MS = 4_000;
/** 401s from several requests at once lead to one check. */
const RECHECK_THROTTLE_MS = 2_000;
/**
 * While signed in, ask who we are now and then: an ended session (password changed, user removed,
 * expired) shows the sign-in page even on a screen that only watches streams, and a control-room
 * screen that is being watched keeps its session (each request extends it).
 */
const KEEPALIVE_MS = 5 * 60_000;

/**
 * Decides from GET /api/auth/me what the user sees: nothing but a spinner until it answers, the sign-in
 * page when a session is needed and missing, the app otherwise (docs/api.md, "Authentication").
 */
export function AuthProvider({ children }: { children: (state: AuthPhase) => ReactNode }) {
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

  useEffect(() => {
    setUnauthorizedHandler(recheck);
    return () => setUnauthorizedHandler(null);
  }, [recheck]);

  const signedIn = Boolean(me?.user && me.authRequired);
  useEffect(() => {
    if (!signedIn) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') recheck();
    }, KEEPALIVE_MS);
    return () => clearInterval(timer);
  }, [signedIn, recheck]);

  const login = useCallback(async (username: string, password: string) => {
    const user = await apiLogin(username, password);
    setMe({ user, authRequired: true });
    setError(null);
  }, []);

  const logout = useCallback(async () => {
    try {
      await apiLogout();
    } finally {
      setMe({ user: null, authRequired: true });
    }
  }, []);

  const state = useMemo<AuthState>(
    () => ({
      user: me?.user ?? null,
      authRequired: me?.authRequired ?? true,
      isAdmin: me?.user?.role === 'admin',
      login,
      logout,
      recheck,
    }),
    [me, login, logout, recheck],
  );

  const phase: AuthPhase =
    me === null
      ? error
        ? { name: 'unreachable', error }
        : { name: 'checking' }
      : me.user
        ? { name: 'signedIn' }
        : { name: 'signedOut' };

  return <AuthContext.Provider value={state}>{children(phase)}</AuthContext.Provider>;
}

export type AuthPhase =
  { name: 'checking' } | { name: 'unreachable'; error: string } | { name: 'signedOut' } | { name: 'signedIn' };

function sameMe(a: Me, b: Me): boolean {
  return a.authRequired === b.authRequired && a.user?.name === b.user?.name && a.user?.role === b.user?.role;
}
