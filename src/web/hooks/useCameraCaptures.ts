import { useEffect, useState } from 'react';
import { getViolations } from '../api';
import { CAMERA_CAPTURES } from '../config';
import { applyCaptureChange, mergeCaptures } from '../live/captures';
import { useCaptureChanges, useCaptureEvents, useCaptures } from '../live/context';
import type { Capture } from '../types';
import { useReloadable } from './useReloadable';

/** One camera's captures: the latest page (fetched again after a resync), plus live ones, reviews applied. */
export function useCameraCaptures(cameraId: string) {
  const { resyncToken } = useCaptures();
  const [captures, setCaptures] = useState<Capture[]>([]);
  const capturesLoad = useReloadable(
    (signal) => getViolations({ cameraId, limit: CAMERA_CAPTURES }, { signal }),
    (page) => setCaptures((prev) => mergeCaptures(page.items, prev)),
    [cameraId],
  );
  const { load: loadCaptures, setLoaded: setCapturesLoaded, abort: abortCaptures } = capturesLoad;
  useEffect(() => {
    setCaptures([]);
    setCapturesLoaded(false);
    loadCaptures();
    return abortCaptures;
  }, [loadCaptures, setCapturesLoaded, abortCaptures]);
  useEffect(() => {
    if (resyncToken > 0) loadCaptures();
  }, [resyncToken, loadCaptures]);
  useCaptureEvents((capture) => {
    if (capture.cameraId === cameraId) setCaptures((prev) => mergeCaptures([capture], prev).slice(0, 200));
  });
  useCaptureChanges((change) => setCaptures((prev) => applyCaptureChange(prev, change)));
  return { captures, loaded: capturesLoad.loaded, error: capturesLoad.error, reload: loadCaptures };
}
