import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { getCameras } from '../api';
import { useReloadable } from '../hooks/useReloadable';
import type { Camera } from '../types';
import { mergeCameras, parseCamera, parseRemoved } from './captures';
import type { CamerasState } from './context';

/** Camera status/stats events are batched so a busy site does not re-render per event. */
const CAMERA_FLUSH_MS = 250;
const REMOVED_QUIET_MS = 10_000;

/**
 * The camera list: fetched by `load`, kept current by the `camera` and `camera-removed` events
 * (`onCameraEvent`, `onCameraRemoved`) and by the answers of the admin pages (`state.upsert`, `state.remove`).
 */
export function useLiveCameras() {
  const [cameras, setCameras] = useState<Camera[]>([]);
  const load = useReloadable(
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
  useEffect(() => () => clearTimeout(cameraFlushTimer.current), []);

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

  const state = useMemo<CamerasState>(
    () => ({
      cameras,
      loaded: load.loaded,
      error: load.error,
      reload: load.load,
      upsert: upsertCamera,
      remove: removeCamera,
    }),
    [cameras, load.loaded, load.error, load.load, upsertCamera, removeCamera],
  );

  return { state, load, onCameraEvent, onCameraRemoved };
}
