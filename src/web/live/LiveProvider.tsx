import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { EVENTS_URL, errorMessage, getCameras, getViolations, isAbortError } from '../api';
import { useEventSource } from '../hooks/useEventSource';
import { useServerHealth } from '../hooks/useServerHealth';
import type { Camera, Capture } from '../types';
import { useAuth } from '../auth/context';
import {
  mergeCameras,
  mergeCaptures,
  parseCamera,
  parseCapture,
  parseRemoved,
  removeCapture,
  replaceCapture,
} from './captures';
import {
  CamerasContext,
  CapturesContext,
  ConnectionContext,
  type CamerasState,
  type CaptureChange,
  type CapturesState,
  type ConnectionState,
} from './context';

/** How many recent captures (all cameras) are fetched at start and kept in memory. */
const RECENT_FETCH = 30;
const RECENT_KEEP = 100;
/** Camera status/stats events are batched so a busy site does not re-render per event. */
const CAMERA_FLUSH_MS = 250;
const APP_TITLE = 'CCTV Detection Factory';
const REMOVED_QUIET_MS = 10_000;

export function LiveProvider({ children }: { children: ReactNode }) {
  const { recheck } = useAuth();
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
  // A deleted camera's worker may still report for a moment; its status events are ignored meanwhile.
  const removedAt = useRef(new Map<string, number>());
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
      const now = Date.now();
      const fresh = updates.filter((c) => !(now - (removedAt.current.get(c.id) ?? -Infinity) < REMOVED_QUIET_MS));
      setCameras((prev) => mergeCameras(prev, fresh));
    }, CAMERA_FLUSH_MS);
  }, []);

  const removeCamera = useCallback((id: string) => {
    removedAt.current.set(id, Date.now());
    cameraUpdates.current.delete(id);
    setCameras((prev) => prev.filter((c) => c.id !== id));
  }, []);
  const upsertCamera = useCallback((camera: Camera) => {
    removedAt.current.delete(camera.id);
    setCameras((prev) => mergeCameras(prev, [camera]));
  }, []);
  const onCameraRemoved = useCallback(
    (data: string) => {
      const id = parseRemoved(data);
      if (id) removeCamera(id);
    },
    [removeCamera],
  );

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

  // Reviews and deletions: kept in place in every list (no reordering), or taken out.
  const changeListeners = useRef(new Set<(change: CaptureChange) => void>());
  const publishChange = useCallback((change: CaptureChange) => {
    if (change.type === 'updated') setRecent((prev) => replaceCapture(prev, change.capture));
    else setRecent((prev) => removeCapture(prev, change.id));
    for (const listener of changeListeners.current) {
      try {
        listener(change);
      } catch (err) {
        console.error('capture change listener failed', err);
      }
    }
  }, []);
  const subscribeChanges = useCallback((listener: (change: CaptureChange) => void) => {
    changeListeners.current.add(listener);
    return () => {
      changeListeners.current.delete(listener);
    };
  }, []);
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
    loadCameras();
    loadRecent();
    setResyncToken((t) => t + 1);
  }, [loadCameras, loadRecent]);

  // ---- connection ----
  const loadFailed = useRef(false);
  loadFailed.current = camerasError !== null || recentError !== null;
  const events = useEventSource(EVENTS_URL, {
    handlers: {
      capture: onCaptureEvent,
      'capture-updated': onCaptureUpdated,
      'capture-removed': onCaptureRemoved,
      camera: onCameraEvent,
      'camera-removed': onCameraRemoved,
    },
    // After a failure the session may have ended (401): let the app check and show the sign-in page.
    onError: recheck,
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
    () => ({
      cameras,
      loaded: camerasLoaded,
      error: camerasError,
      reload: loadCameras,
      upsert: upsertCamera,
      remove: removeCamera,
    }),
    [cameras, camerasLoaded, camerasError, loadCameras, upsertCamera, removeCamera],
  );
  const capturesValue = useMemo<CapturesState>(
    () => ({
      recent,
      loaded: recentLoaded,
      error: recentError,
      reload: loadRecent,
      subscribe,
      subscribeChanges,
      publishChange,
      resyncToken,
    }),
    [recent, recentLoaded, recentError, loadRecent, subscribe, subscribeChanges, publishChange, resyncToken],
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
