import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { liveStreamUrl, snapshotUrl } from '../api';

/** Pause between dropping one src and setting the next (see useSwitchedSrc). */
const STREAM_SWITCH_DELAY_MS = 50;
const MAX_RETRY_MS = 30_000;
/** An MJPEG stream that has not shown a frame after this long is reconnected. */
const FIRST_FRAME_TIMEOUT_MS = 15_000;

export type LiveImageMode = 'mjpeg' | 'snapshot';
type StreamPhase = 'loading' | 'playing' | 'error';

interface LiveStreamOptions {
  cameraId: string;
  mode: LiveImageMode;
  /** The camera has video and the tab is shown; otherwise there is no src. */
  wanted: boolean;
  snapshotIntervalMs: number;
}

/**
 * The src of a camera's live <img> and how far it got: a fresh connection whenever the stream is wanted
 * again, retries with backoff after a failure, the next snapshot once one has loaded. Give `imgRef`,
 * `onLoad` and `onError` to the <img>.
 */
export function useLiveStream({ cameraId, mode, wanted, snapshotIntervalMs }: LiveStreamOptions) {
  const imgRef = useRef<HTMLImageElement>(null);
  const [generation, setGeneration] = useState(0);
  const [loadedSrc, setLoadedSrc] = useState<string | null>(null);
  const [phase, setPhase] = useState<StreamPhase>('loading');
  const failures = useRef(0);

  // Start a fresh connection whenever the stream becomes wanted again (camera back online, tab shown).
  // Adjusted during render, so the stale URL is never requested first.
  const [wasWanted, setWasWanted] = useState(wanted);
  if (wanted !== wasWanted) {
    setWasWanted(wanted);
    if (wanted) {
      setGeneration((g) => g + 1);
      setPhase('loading');
    }
  }

  // Retry a failed stream with exponential backoff.
  useEffect(() => {
    if (phase !== 'error' || !wanted) return;
    const delay = Math.min(MAX_RETRY_MS, 2000 * 2 ** failures.current);
    failures.current += 1;
    const timer = setTimeout(() => {
      setGeneration((g) => g + 1);
      setPhase('loading');
    }, delay);
    return () => clearTimeout(timer);
  }, [phase, wanted]);

  // Browsers do not reliably fire `load` for multipart (MJPEG) images; notice the first frame by polling.
  // A stream that shows no frame for too long is treated as failed and retried.
  useEffect(() => {
    if (mode !== 'mjpeg' || !wanted || phase !== 'loading') return;
    const started = Date.now();
    const timer = setInterval(() => {
      const img = imgRef.current;
      if (img?.getAttribute('src') && img.naturalWidth > 1) {
        failures.current = 0;
        setPhase('playing');
      } else if (Date.now() - started > FIRST_FRAME_TIMEOUT_MS) {
        setPhase('error');
      }
    }, 500);
    return () => clearInterval(timer);
  }, [mode, wanted, phase, generation]);

  // On unmount, make sure the browser closes the stream's connection.
  useEffect(() => {
    const img = imgRef.current;
    return () => img?.removeAttribute('src');
  }, []);

  const desiredSrc =
    wanted && phase !== 'error'
      ? mode === 'mjpeg'
        ? liveStreamUrl(cameraId, generation)
        : snapshotUrl(cameraId, generation)
      : undefined;
  const src = useSwitchedSrc(desiredSrc);

  // Snapshot mode: fetch the next frame once the current one has loaded.
  useEffect(() => {
    if (mode !== 'snapshot' || !wanted || phase !== 'playing' || !src || loadedSrc !== src || src !== desiredSrc)
      return;
    const timer = setTimeout(() => setGeneration((g) => g + 1), snapshotIntervalMs);
    return () => clearTimeout(timer);
  }, [mode, wanted, phase, src, loadedSrc, desiredSrc, snapshotIntervalMs]);

  const onLoad = (e: SyntheticEvent<HTMLImageElement>) => {
    failures.current = 0;
    setPhase('playing');
    setLoadedSrc(e.currentTarget.getAttribute('src'));
  };
  const onError = () => {
    // Ignore errors from a src we have already moved away from.
    if (imgRef.current?.getAttribute('src')) setPhase('error');
  };

  return { imgRef, src, phase, onLoad, onError };
}

/**
 * A playing MJPEG image keeps its connection open until a replacement src has *loaded*; with the
 * browser's per-server connection limit reached, the replacement can wait for that very connection
 * forever. So a stream is always dropped first (no src, which aborts it) and the new URL set a moment later.
 */
function useSwitchedSrc(desiredSrc: string | undefined): string | undefined {
  const [src, setSrc] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (desiredSrc === src) return;
    if (desiredSrc === undefined || (src !== undefined && isStream(src))) {
      setSrc(undefined);
      return;
    }
    if (src !== undefined) {
      setSrc(desiredSrc);
      return;
    }
    const timer = setTimeout(() => setSrc(desiredSrc), STREAM_SWITCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [desiredSrc, src]);
  return src;
}

function isStream(url: string): boolean {
  return /\/live\.mjpeg(\?|$)/.test(url);
}
