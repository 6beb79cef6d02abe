import { useEffect, useRef, useState } from 'react';
import { liveStreamUrl, snapshotUrl } from '../api';
import { hasVideo } from '../format';
import { usePageVisible } from '../hooks/usePageVisible';
import type { CameraStatus } from '../types';

/** Pause between dropping one src and setting the next (see below). */
const STREAM_SWITCH_DELAY_MS = 50;
const MAX_RETRY_MS = 30_000;
/** An MJPEG stream that has not shown a frame after this long is reconnected. */
const FIRST_FRAME_TIMEOUT_MS = 15_000;

export type LiveImageMode = 'mjpeg' | 'snapshot';
type Phase = 'loading' | 'playing' | 'error';

interface LiveImageProps {
  cameraId: string;
  cameraName: string;
  status: CameraStatus;
  /**
   * 'mjpeg' holds one HTTP connection open for the stream; 'snapshot' polls snapshot.jpg instead. Browsers
   * allow only ~6 connections per server over HTTP/1.1, so large grids show some tiles as snapshots.
   */
  mode?: LiveImageMode;
  snapshotIntervalMs?: number;
  size?: 'tile' | 'large';
}

/**
 * A camera's live picture with detection boxes (drawn by the server). Never shows a broken image: while
 * the camera has no video, or the stream fails, a placeholder with the reason is shown instead, and the
 * stream is retried with backoff. The stream is dropped while the tab is hidden.
 *
 * The <img> is always rendered (test hook `live-<cameraId>`); it has no `src` while there is nothing to show.
 */
export function LiveImage({
  cameraId,
  cameraName,
  status,
  mode = 'mjpeg',
  snapshotIntervalMs = 1000,
  size = 'tile',
}: LiveImageProps) {
  const visible = usePageVisible();
  const available = hasVideo(status);
  const wanted = available && visible;

  const imgRef = useRef<HTMLImageElement>(null);
  const [generation, setGeneration] = useState(0);
  const [loadedSrc, setLoadedSrc] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>('loading');
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

  // A playing MJPEG image keeps its connection open until a replacement src has *loaded*; with the
  // browser's per-server connection limit reached, the replacement can wait for that very connection
  // forever. So a stream is always dropped first (no src, which aborts it) and the new URL set a moment later.
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

  // Snapshot mode: fetch the next frame once the current one has loaded.
  useEffect(() => {
    if (mode !== 'snapshot' || !wanted || phase !== 'playing' || !src || loadedSrc !== src || src !== desiredSrc)
      return;
    const timer = setTimeout(() => setGeneration((g) => g + 1), snapshotIntervalMs);
    return () => clearTimeout(timer);
  }, [mode, wanted, phase, src, loadedSrc, desiredSrc, snapshotIntervalMs]);

  const state = !available ? 'unavailable' : !visible ? 'paused' : phase;
  let overlay: { title: string; detail: string } | null = null;
  if (state === 'unavailable') overlay = { title: status, detail: placeholderDetail(status) };
  else if (state === 'paused') overlay = { title: 'paused', detail: 'Stream paused while this tab is hidden' };
  else if (state === 'error') overlay = { title: 'no signal', detail: 'Stream unavailable, retrying…' };

  return (
    <div className={`live-image live-image--${size} live-image--${state}`} data-state={state}>
      <img
        ref={imgRef}
        className="live-image__img"
        data-testid={`live-${cameraId}`}
        data-state={state}
        data-mode={mode}
        src={src}
        alt={`Live view of ${cameraName}`}
        decoding="async"
        onLoad={(e) => {
          failures.current = 0;
          setPhase('playing');
          setLoadedSrc(e.currentTarget.getAttribute('src'));
        }}
        onError={() => {
          // Ignore errors from a src we have already moved away from.
          if (imgRef.current?.getAttribute('src')) setPhase('error');
        }}
      />
      {overlay ? (
        <div className={`live-image__placeholder live-image__placeholder--${state}`}>
          <CameraOffIcon />
          <span className="live-image__placeholder-title">{overlay.title}</span>
          <span className="live-image__placeholder-detail">{overlay.detail}</span>
        </div>
      ) : state === 'loading' ? (
        <div className="live-image__loading" aria-live="polite">
          <span className="spinner" aria-hidden="true" /> Connecting to stream…
        </div>
      ) : null}
    </div>
  );
}

function isStream(url: string): boolean {
  return /\/live\.mjpeg(\?|$)/.test(url);
}

function placeholderDetail(status: CameraStatus): string {
  switch (status) {
    case 'connecting':
      return 'Connecting to the camera…';
    case 'offline':
      return 'No video from this camera';
    case 'failed':
      return 'The camera stream failed';
    case 'stopped':
      return 'Camera is stopped';
    default:
      return 'No video';
  }
}

function CameraOffIcon() {
  return (
    <svg className="live-image__icon" viewBox="0 0 24 24" width="32" height="32" aria-hidden="true">
      <path
        d="M3 3l18 18M10.5 6H14a2 2 0 0 1 2 2v2l4-2.5v9M16 16v0a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
