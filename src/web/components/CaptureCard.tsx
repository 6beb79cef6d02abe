import { memo } from 'react';
import { captureStatusLabel, formatPercent, kindLabel } from '../format';
import { href } from '../router';
import type { Capture, ViolationFilters } from '../types';
import { CaptureThumb } from './CaptureThumb';
import { KindBadges } from './KindBadges';
import { Timestamp } from './Timestamp';

interface CaptureCardProps {
  capture: Capture;
  /** 'grid' for the gallery, 'compact' (thumbnail left, text right) for side lists. */
  variant?: 'grid' | 'compact';
  /** Kept in the detail link so closing the detail returns to the same filtered gallery. */
  filters?: ViolationFilters;
  /** Ticking clock for the relative time in compact cards. */
  now?: number;
  fresh?: boolean;
}

/** One capture: crop thumbnail, camera, location, local time and kinds; links to the detail view. */
export const CaptureCard = memo(function CaptureCard({
  capture,
  variant = 'grid',
  filters,
  now,
  fresh,
}: CaptureCardProps) {
  return (
    <a
      className={`capture-card capture-card--${variant}${fresh ? ' capture-card--fresh' : ''}`}
      href={href.violation(capture.id, filters)}
      data-testid="capture-card"
      data-capture-id={capture.id}
      data-camera-id={capture.cameraId}
    >
      <CaptureThumb
        className="capture-card__thumb"
        src={capture.cropUrl}
        alt={`${capture.kinds.map((kind) => kindLabel(kind)).join(', ')} at ${capture.location}`}
        ratio="3 / 4"
      />
      <span className="capture-card__body">
        <KindBadges kinds={capture.kinds} />
        <span className="capture-card__camera">{capture.cameraName}</span>
        <span className="capture-card__location">{capture.location}</span>
        <span className="capture-card__time">
          <Timestamp iso={capture.time} format={variant === 'compact' ? 'short' : 'card'} now={now} />
          {variant === 'compact' && now !== undefined ? (
            <span className="capture-card__ago">
              {' · '}
              <Timestamp iso={capture.time} format="relative" now={now} />
            </span>
          ) : null}
        </span>
        <span className="capture-card__meta">
          <span title="Track id">#{capture.trackId}</span>
          <span title="Detection confidence">{formatPercent(capture.confidence)}</span>
          {capture.status !== 'new' ? (
            <span className={`capture-status capture-status--${capture.status}`}>
              {captureStatusLabel(capture.status)}
            </span>
          ) : null}
        </span>
      </span>
    </a>
  );
});
