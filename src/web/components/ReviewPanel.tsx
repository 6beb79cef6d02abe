import { captureStatusLabel, formatDateTime } from '../format';
import { nextReviewSteps, type Capture, type CaptureDetail } from '../types';

interface ReviewPanelProps {
  capture: Capture;
  /** The review history, when loaded. */
  history: CaptureDetail['history'] | null;
}

/** Where a capture's review stands and who did what so far (the steps themselves: ReviewActions). */
export function ReviewPanel({ capture, history }: ReviewPanelProps) {
  return (
    <section className="review" data-testid="review-panel" aria-labelledby="review-heading">
      <div className="review__head">
        <h3 id="review-heading" className="review__title">
          Review
        </h3>
        <span
          className={`capture-status capture-status--${capture.status} capture-status--large`}
          data-testid="detail-status"
          data-status={capture.status}
        >
          {captureStatusLabel(capture.status)}
        </span>
      </div>

      {capture.reviewer ? (
        <p className="review__by">
          by <strong>{capture.reviewer}</strong>
          {capture.reviewedAt ? <> · {formatDateTime(capture.reviewedAt)}</> : null}
        </p>
      ) : null}
      {capture.note ? (
        <blockquote className="review__note" data-testid="detail-note">
          {capture.note}
        </blockquote>
      ) : null}
      {nextReviewSteps(capture.status).length === 0 ? <p className="review__final">This review is final.</p> : null}

      {history && history.length > 0 ? (
        <ol className="review__history" data-testid="review-history" aria-label="Review history">
          {history.map((entry, i) => (
            <li key={`${entry.at}-${i}`}>
              <span className="review__history-step">
                {captureStatusLabel(entry.fromStatus)} → <strong>{captureStatusLabel(entry.status)}</strong>
              </span>
              <span className="review__history-meta">
                {entry.reviewer} · {formatDateTime(entry.at)}
              </span>
              {entry.note ? <span className="review__history-note">“{entry.note}”</span> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
