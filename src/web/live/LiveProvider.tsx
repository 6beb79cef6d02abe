import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { EVENTS_URL, getCameras, getViolations } from '../api';
import { useEventSource } from '../hooks/useEventSource';
import { useReloadable } from '../hooks/useReloadable';
import { useServerHealth } from '../hooks/useServerHealth';
import type { Camera, Capture } from '../types';
import { useAuth } from '../auth/context';
import { applyCaptureChange, mergeCameras, mergeCaptures, parseCamera, parseCapture, parseRemoved } from './captures';
import {
  CamerasContext,
  CapturesContext,
  ConnectionContext,
  type CamerasState,
  type CaptureChange,
  type CapturesState,
  type ConnectionState,
} from './context';
import { Listeners } from './listeners';

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
  const camerasLoad = useReloadable(
    (signal) => getCameras({ signal }),
    (list) => setCameras(Array.isArray(list) ? list : []),
    [],
  );

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
  const recentLoad = useReloadable(
    (signal) => getViolations({ limit: RECENT_FETCH }, { signal }),
    // Merge rather than replace: captures pushed while the request was in flight must not vanish.
    (page) => setRecent((prev) => mergeCaptures(page.items, prev).slice(0, RECENT_KEEP)),
    [],
  );
  const [captureListeners] = useState(() => new Listeners<Capture>('capture listener'));
  const [resyncToken, setResyncToken] = useState(0);
  const [unseen, setUnseen] = useState(0);

  const onCaptureEvent = useCallback(
    (data: string) => {
      const capture = parseCapture(data);
      if (!capture) return;
      setRecent((prev) => mergeCaptures([capture], prev).slice(0, RECENT_KEEP));
      if (document.visibilityState === 'hidden') setUnseen((n) => n + 1);
      captureListeners.emit(capture);
    },
    [captureListeners],
  );
  const subscribe = captureListeners.subscribe;

  // Reviews and deletions: kept in place in every list (no reordering), or taken out.
  const [changeListeners] = useState(() => new Listeners<CaptureChange>('capture change listener'));
  const publishChange = useCallback(
    (change: CaptureChange) => {
      setRecent((prev) => applyCaptureChange(prev, change));
      changeListeners.emit(change);
    },
    [changeListeners],
  );
  const subscribeChanges = changeListeners.subscribe;
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
    camerasLoad.load();
    recentLoad.load();
    setResyncToken((t) => t + 1);
  }, [camerasLoad.load, recentLoad.load]);

  // ---- connection ----
  const loadFailed = useRef(false);
  loadFailed.current = camerasLoad.error !== null || recentLoad.error !== null;
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
    camerasLoad.load();
    recentLoad.load();
    return () => {
      camerasLoad.abort();
      recentLoad.abort();
      clearTimeout(cameraFlushTimer.current);
    };
  }, [camerasLoad.load, recentLoad.load, camerasLoad.abort, recentLoad.abort]);

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
      loaded: camerasLoad.loaded,
      error: camerasLoad.error,
      reload: camerasLoad.load,
      upsert: upsertCamera,
      remove: removeCamera,
    }),
    [cameras, camerasLoad.loaded, camerasLoad.error, camerasLoad.load, upsertCamera, removeCamera],
  );
  const capturesValue = useMemo<CapturesState>(
    () => ({
      recent,
      loaded: recentLoad.loaded,
      error: recentLoad.error,
      reload: recentLoad.load,
      subscribe,
      subscribeChanges,
      publishChange,
      resyncToken,
    }),
    [
      recent,
      recentLoad.loaded,
      recentLoad.error,
      recentLoad.load,
      subscribe,
      subscribeChanges,
      publishChange,
      resyncToken,
    ],
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
