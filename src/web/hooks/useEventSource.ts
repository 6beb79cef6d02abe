import { useCallback, useEffect, useRef, useState } from 'react';

export type EventSourceState = 'connecting' | 'open' | 'reconnecting';

export interface EventSourceOptions {
  /** Handlers by SSE event name; receive the raw `data` string. May change between renders. */
  handlers: Record<string, (data: string) => void>;
  /** Called on every successful (re)connection; `reconnected` is false for the first one. */
  onOpen?: (reconnected: boolean) => void;
  /** Called when the connection fails (e.g. 401 after the session ended). */
  onError?: () => void;
  /** Longest wait between reconnection attempts. */
  maxBackoffMs?: number;
}

/**
 * Keeps one EventSource open to `url` for the lifetime of the component.
 *
 * The browser retries on its own after a dropped connection, but gives up for good (readyState CLOSED)
 * when the server answers with an error status or a non-SSE response — e.g. while it restarts behind a
 * proxy. In that case this hook opens a new EventSource with exponential backoff. `reconnect()` forces a
 * fresh connection (used when a health check notices the server is back).
 */
export function useEventSource(
  url: string,
  options: EventSourceOptions,
): { state: EventSourceState; reconnect: () => void } {
  const [state, setState] = useState<EventSourceState>('connecting');
  const [generation, setGeneration] = useState(0);
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const everOpened = useRef(false);

  // Event names are part of the subscription; handler functions are not.
  const eventNames = Object.keys(options.handlers).sort().join(',');

  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let disposed = false;
    const maxBackoff = optionsRef.current.maxBackoffMs ?? 30_000;

    const update = (next: EventSourceState) => setState(next);

    const connect = () => {
      if (disposed) return;
      const es = new EventSource(url);
      source = es;
      es.onopen = () => {
        attempt = 0;
        const reconnected = everOpened.current;
        everOpened.current = true;
        update('open');
        optionsRef.current.onOpen?.(reconnected);
      };
      es.onerror = () => {
        if (disposed) return;
        update(everOpened.current ? 'reconnecting' : 'connecting');
        optionsRef.current.onError?.();
        if (es.readyState === EventSource.CLOSED) {
          es.close();
          const delay = Math.min(maxBackoff, 1000 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
          attempt += 1;
          retryTimer = setTimeout(connect, delay);
        }
      };
      for (const name of eventNames.split(',').filter(Boolean)) {
        es.addEventListener(name, (event) => {
          const data = (event as MessageEvent<string>).data;
          try {
            optionsRef.current.handlers[name]?.(data);
          } catch (err) {
            console.error(`SSE "${name}" handler failed`, err);
          }
        });
      }
    };

    update(everOpened.current ? 'reconnecting' : 'connecting');
    connect();

    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      source?.close();
    };
  }, [url, eventNames, generation]);

  const reconnect = useCallback(() => {
    setGeneration((g) => g + 1);
  }, []);

  return { state, reconnect };
}
