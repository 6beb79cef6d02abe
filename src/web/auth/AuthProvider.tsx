import { useCallback, useEffect, useMemo, type ReactNode } from 'react';
import { login as apiLogin, logout as apiLogout, setUnauthorizedHandler } from '../api';
import { AuthContext, type AuthState } from './context';
import { useMe } from './useMe';

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
  const { me, error, recheck, setKnown } = useMe();

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

  const login = useCallback(
    async (username: string, password: string) => {
      const user = await apiLogin(username, password);
      setKnown({ user, authRequired: true });
    },
    [setKnown],
  );

  const logout = useCallback(async () => {
    try {
      await apiLogout();
    } finally {
      setKnown({ user: null, authRequired: true });
    }
  }, [setKnown]);

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
