import { useState } from 'react';
import type { Capture } from '../types';

/**
 * The video around the capture, paused at the capture frame (the moment the still shows), with a
 * marker where that frame is on the clip's timeline, and a download link. Or that it is still being
 * prepared, or why there is none.
 */
export function CaptureClip({ capture }: { capture: Capture }) {
  const [duration, setDuration] = useState<number>();
  if (capture.clipPending) {
    // The worker is still recording the seconds after the capture; capture-updated brings the clip.
    return (
      <p className="detail__noclip" data-testid="detail-clip-pending" role="status">
        Clip being prepared…
      </p>
    );
  }
  if (!capture.clipUrl) {
    return (
      <p className="detail__noclip" data-testid="detail-noclip">
        No clip: {capture.clipError ?? 'none was recorded'}
      </p>
    );
  }
  const offset = capture.clipOffsetSeconds ?? 0;
  return (
    <figure className="detail__figure detail__clip">
      <video
        src={capture.clipUrl}
        controls
        muted
        playsInline
        preload="metadata"
        data-testid="detail-clip"
        onLoadedMetadata={(e) => {
          const video = e.currentTarget;
          setDuration(video.duration);
          video.currentTime = Math.min(offset, video.duration || offset);
        }}
      />
      {duration ? (
        <div className="detail__clip-track" aria-hidden="true">
          <span className="detail__clip-marker" style={{ left: `${Math.min(100, (offset / duration) * 100)}%` }} />
        </div>
      ) : null}
      <figcaption>
        Video: {offset.toFixed(1)} s of lead-in before the capture frame (marker)
        <a className="detail__clip-download" href={capture.clipUrl} download>
          Download clip
        </a>
      </figcaption>
    </figure>
  );
}
