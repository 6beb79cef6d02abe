import { hasVideo } from '../format';
import { useLiveStream, type LiveImageMode } from '../hooks/useLiveStream';
import { usePageVisible } from '../hooks/usePageVisible';
import type { CameraStatus } from '../types';

export type { LiveImageMode };

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

  const { imgRef, src, phase, onLoad, onError } = useLiveStream({ cameraId, mode, wanted, snapshotIntervalMs });

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
        onLoad={onLoad}
        onError={onError}
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
