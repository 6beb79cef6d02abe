import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { EVENTS_URL } from '../api';
import { useEventSource } from '../hooks/useEventSource';
import { useServerHealth } from '../hooks/useServerHealth';
import { useAuth } from '../auth/context';
import { CamerasContext, CapturesContext, ConnectionContext, type ConnectionState } from './context';
import { useLiveCameras } from './useLiveCameras';
import { useLiveCaptures } from './useLiveCaptures';

const APP_TITLE = 'CCTV Detection Factory';

/** Owns the one event stream; cameras and recent captures follow it and are refetched after it was lost. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { recheck } = useAuth();
  const cameras = useLiveCameras();
  const countUnseen = useUnseenInTitle();
  const captures = useLiveCaptures(countUnseen);
  const { load: camerasLoad } = cameras;
  const { load: recentLoad, resync: resyncCaptures } = captures;

  const resync = useCallback(() => {
    camerasLoad.load();
    resyncCaptures();
  }, [camerasLoad.load, resyncCaptures]);

  // ---- connection ----
  const loadFailed = useRef(false);
  loadFailed.current = camerasLoad.error !== null || recentLoad.error !== null;
  const events = useEventSource(EVENTS_URL, {
    handlers: {
      capture: captures.onCaptureEvent,
      'capture-updated': captures.onCaptureUpdated,
      'capture-removed': captures.onCaptureRemoved,
      camera: cameras.onCameraEvent,
      'camera-removed': cameras.onCameraRemoved,
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
    };
  }, [camerasLoad.load, recentLoad.load, camerasLoad.abort, recentLoad.abort]);

  const connectionValue = useMemo<ConnectionState>(() => ({ health, events: events.state }), [health, events.state]);

  return (
    <ConnectionContext.Provider value={connectionValue}>
      <CamerasContext.Provider value={cameras.state}>
        <CapturesContext.Provider value={captures.state}>{children}</CapturesContext.Provider>
      </CamerasContext.Provider>
    </ConnectionContext.Provider>
  );
}

/**
 * Captures that arrive while the tab is in the background are counted in its title until it is shown
 * again; returns what counts one.
 */
function useUnseenInTitle(): () => void {
  const [unseen, setUnseen] = useState(0);
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
  return useCallback(() => {
    if (document.visibilityState === 'hidden') setUnseen((n) => n + 1);
  }, []);
}
