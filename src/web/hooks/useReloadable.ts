import { useCallback, useRef, useState, type DependencyList } from 'react';
import { errorMessage, startRequest } from '../api';

export interface Reloadable {
  /** True once the first answer (or failure) came. */
  loaded: boolean;
  setLoaded: (loaded: boolean) => void;
  /** The last failure; null after a success. */
  error: string | null;
  /** (Re)loads: a request still running is aborted first. Changes identity when `deps` change. */
  load: () => void;
  /** Aborts the running request, if any (on unmount). */
  abort: () => void;
}

/**
 * Something fetched again whenever asked (at start, after a reconnect, on "Retry"): `request` gets an
 * abort signal, `apply` the answer. An aborted request reports nothing.
 */
export function useReloadable<T>(
  request: (signal: AbortSignal) => Promise<T>,
  apply: (data: T) => void,
  deps: DependencyList,
): Reloadable {
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancel = useRef<(() => void) | null>(null);

  // `request` and `apply` are read afresh whenever `deps` change, as with useCallback.
  const load = useCallback(() => {
    cancel.current?.();
    cancel.current = startRequest(
      request,
      (data) => {
        apply(data);
        setError(null);
        setLoaded(true);
      },
      (err) => {
        setError(errorMessage(err));
        setLoaded(true);
      },
    );
  }, deps);
  const abort = useCallback(() => cancel.current?.(), []);

  return { loaded, setLoaded, error, load, abort };
}
