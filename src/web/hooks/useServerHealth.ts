import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { getHealth } from '../api';

export type HealthState = 'unknown' | 'ok' | 'down';

export interface ServerHealth {
  state: HealthState;
  /** When the server last answered /health, ms since the epoch. */
  lastOkAt: number | null;
  /** Check now instead of waiting for the next poll. */
  check: () => void;
}

const OK_INTERVAL_MS = 15_000;
const DOWN_INTERVAL_MS = 3_000;

/** Polls GET /health: slowly while the server is up, quickly while it is down. */
export function useServerHealth(onRecovered?: () => void): ServerHealth {
  const [state, setState] = useState<HealthState>('unknown');
  const [lastOkAt, setLastOkAt] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  const onRecoveredRef = useRef(onRecovered);
  onRecoveredRef.current = onRecovered;
  const stateRef = useRef<HealthState>('unknown');

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    getHealth({ signal: controller.signal }).then(
      () => {
        const wasDown = stateRef.current === 'down';
        stateRef.current = 'ok';
        setState('ok');
        setLastOkAt(Date.now());
        if (wasDown) onRecoveredRef.current?.();
        timer = setTimeout(() => setTick((t) => t + 1), OK_INTERVAL_MS);
      },
      () => {
        if (controller.signal.aborted) return;
        stateRef.current = 'down';
        setState('down');
        timer = setTimeout(() => setTick((t) => t + 1), DOWN_INTERVAL_MS);
      },
    );
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [tick]);

  const check = useCallback(() => setTick((t) => t + 1), []);
  return useMemo(() => ({ state, lastOkAt, check }), [state, lastOkAt, check]);
}
