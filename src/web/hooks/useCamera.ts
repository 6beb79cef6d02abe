import { useCallback, useEffect, useState } from 'react';
import { getCamera, loadFailure, startRequest, type LoadFailure } from '../api';
import { useCameras } from '../live/context';
import type { Camera } from '../types';

/**
 * A camera by id: the shared list's entry (kept live by SSE), else fetched once the list has loaded
 * without it, while `fetchIfMissing`. `error` says why the fetch failed; `retry` tries again.
 */
export function useCamera(cameraId: string | null, fetchIfMissing = true) {
  const { cameras, loaded } = useCameras();
  const fromList = cameraId === null ? undefined : cameras.find((c) => c.id === cameraId);
  const [fetched, setFetched] = useState<Camera | null>(null);
  const [error, setError] = useState<LoadFailure | null>(null);
  const [attempt, setAttempt] = useState(0);
  const wanted = fetchIfMissing && !fromList && loaded;
  useEffect(() => {
    if (cameraId === null || !wanted) return;
    return startRequest(
      (signal) => getCamera(cameraId, { signal }),
      (camera) => {
        setFetched(camera);
        setError(null);
      },
      (err) => setError(loadFailure(err)),
    );
  }, [cameraId, wanted, attempt]);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  return { camera: fromList ?? (fetched?.id === cameraId ? fetched : null), error, retry };
}
