import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { EVENTS_URL, errorMessage, getCameras, getViolations, isAbortError } from '../api';
import { useEventSource } from '../hooks/useEventSource';
import { useServerHealth } from '../hooks/useServerHealth';
import type { Camera, Capture } from '../types';
import { mergeCameras, mergeCaptures, parseCamera, parseCapture } from './captures';
import {
  CamerasContext,
  CapturesContext,
  ConnectionContext,
  type CamerasState,
  type CapturesState,
  type ConnectionState,
} from './context';

/** How many recent captures (all cameras) are fetched at start and kept in memory. */
const RECENT_FETCH = 30;
const RECENT_KEEP = 100;
/** Camera status/stats events are batched so a busy site does not re-render per event. */
const CAMERA_FLUSH_MS = 250;
const APP_TITLE = 'CCTV Detection Factory';

export function LiveProvider({ children }: { children: ReactNode }) {
  // ---- cameras ----
  const [cameras, setCameras] = useState<Camera[]>([]);
  const [camerasLoaded, setCamerasLoaded] = useState(false);
  const [camerasError, setCamerasError] = useState<string | null>(null);
  const camerasRequest = useRef<AbortController | null>(null);

  const loadCameras = useCallback(() => {
    camerasRequest.current?.abort();
    const controller = new AbortController();
    camerasRequest.current = controller;
    getCameras({ signal: controller.signal }).then(
      (list) => {
        setCameras(Array.isArray(list) ? list : []);
        setCamerasError(null);
        setCamerasLoaded(true);
      },
      (err: unknown) => {
        if (isAbortError(err)) return;
        setCamerasError(errorMessage(err));
        setCamerasLoaded(true);
      },
    );
  }, []);

  const cameraUpdates = useRef(new Map<string, Camera>());
  const cameraFlushTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onCameraEvent = useCallback((data: string) => {
    const camera = parseCamera(data);
    if (!camera) return;
    cameraUpdates.current.set(camera.id, camera);
    if (cameraFlushTimer.current !== undefined) return;
    cameraFlushTimer.current = setTimeout(() => {
      cameraFlushTimer.current = undefined;
      const updates = [...cameraUpdates.current.values()];
      cameraUpdates.current.clear();
      setCameras((prev) => mergeCameras(prev, updates));
    }, CAMERA_FLUSH_MS);
  }, []);

  // ---- recent captures ----
  const [recent, setRecent] = useState<Capture[]>([]);
  const [recentLoaded, setRecentLoaded] = useState(false);
  const [recentError, setRecentError] = useState<string | null>(null);
  const recentRequest = useRef<AbortController | null>(null);
  const listeners = useRef(new Set<(capture: Capture) => void>());
  const [resyncToken, setResyncToken] = useState(0);
  const [unseen, setUnseen] = useState(0);

  const loadRecent = useCallback(() => {
    recentRequest.current?.abort();
    const controller = new AbortController();
    recentRequest.current = controller;
    getViolations({ limit: RECENT_FETCH }, { signal: controller.signal }).then(
      (page) => {
        // Merge rather than replace: captures pushed while the request was in flight must not vanish.
        setRecent((prev) => mergeCaptures(page.items, prev).slice(0, RECENT_KEEP));
        setRecentError(null);
        setRecentLoaded(true);
      },
      (err: unknown) => {
        if (isAbortError(err)) return;
        setRecentError(errorMessage(err));
        setRecentLoaded(true);
      },
    );
  }, []);

  const onCaptureEvent = useCallback((data: string) => {
    const capture = parseCapture(data);
    if (!capture) return;
    setRecent((prev) => mergeCaptures([capture], prev).slice(0, RECENT_KEEP));
    if (document.visibilityState === 'hidden') setUnseen((n) => n + 1);
    for (const listener of listeners.current) {
      try {
        listener(capture);
      } catch (err) {
        console.error('capture listener failed', err);
      }
    }
  }, []);

  const subscribe = useCallback((listener: (capture: Capture) => void) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const resync = useCallback(() => {
    loadCameras();
    loadRecent();
    setResyncToken((t) => t + 1);
  }, [loadCameras, loadRecent]);

  // ---- connection ----
  const loadFailed = useRef(false);
  loadFailed.current = camerasError !== null || recentError !== null;
  const events = useEventSource(EVENTS_URL, {
    handlers: { capture: onCaptureEvent, camera: onCameraEvent },
    onOpen: (reconnected) => {
      // Captures may have been missed while disconnected; and a failed first load deserves another try.
      if (reconnected || loadFailed.current) resync();
    },
  });

  const eventsRef = useRef(events);
  eventsRef.current = events;
  const health = useServerHealth(() => {
    // The server is back: refresh everything, and restart the event stream if it is not flowing.
    resync();
    if (eventsRef.current.state !== 'open') eventsRef.current.reconnect();
  });

  useEffect(() => {
    loadCameras();
    loadRecent();
    return () => {
      camerasRequest.current?.abort();
      recentRequest.current?.abort();
      clearTimeout(cameraFlushTimer.current);
    };
  }, [loadCameras, loadRecent]);

  // Unseen captures while the tab is in the background show up in its title.
  useEffect(() => {
    const onVisibility = () => {
      if (document.visibilityState === 'visible') setUnseen(0);
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, []);
  useEffect(() => {
    document.title = unseen > 0 ? `(${unseen}) ${APP_TITLE}` : APP_TITLE;
  }, [unseen]);

  const camerasValue = useMemo<CamerasState>(
    () => ({ cameras, loaded: camerasLoaded, error: camerasError, reload: loadCameras }),
    [cameras, camerasLoaded, camerasError, loadCameras],
  );
  const capturesValue = useMemo<CapturesState>(
    () => ({ recent, loaded: recentLoaded, error: recentError, reload: loadRecent, subscribe, resyncToken }),
    [recent, recentLoaded, recentError, loadRecent, subscribe, resyncToken],
  );
  const connectionValue = useMemo<ConnectionState>(() => ({ health, events: events.state }), [health, events.state]);

  return (
    <ConnectionContext.Provider value={connectionValue}>
      <CamerasContext.Provider value={camerasValue}>
        <CapturesContext.Provider value={capturesValue}>{children}</CapturesContext.Provider>
      </CamerasContext.Provider>
    </ConnectionContext.Provider>
  );
}
