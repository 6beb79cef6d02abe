import { createContext, useContext } from 'react';
import type { User } from '../types';

export interface AuthState {
  /** The signed-in user; in open local mode the `local` admin. Never null inside the signed-in app. */
  user: User | null;
  /** False in open local mode (no users exist): no sign-in form, no sign-out button. */
  authRequired: boolean;
  isAdmin: boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  /** Asks the server again who we are (after a 401, or when live updates fail). */
  recheck: () => void;
}

export const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth used outside <AuthProvider>');
  return value;
}
