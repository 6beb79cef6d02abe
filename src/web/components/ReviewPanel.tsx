import { useState } from 'react';
import { errorMessage, reviewViolation } from '../api';
import { captureStatusLabel, formatDateTime } from '../format';
import { Field } from './Field';
import { nextReviewSteps, type Capture, type CaptureDetail, type CaptureStatus } from '../types';

const STEP_LABELS: Record<Exclude<CaptureStatus, 'new'>, string> = {
  acknowledged: 'Acknowledge',
  resolved: 'Resolve',
  'false-positive': 'False positive',
};

const STEP_HINTS: Record<Exclude<CaptureStatus, 'new'>, string> = {
  acknowledged: 'Someone is dealing with it',
  resolved: 'Dealt with (final)',
  'false-positive': 'Not a violation (final)',
};

interface ReviewPanelProps {
  capture: Capture;
  /** The review history, when loaded. */
  history: CaptureDetail['history'] | null;
  onReviewed: (capture: CaptureDetail) => void;
}

/** Review a capture: the allowed next steps only, with a note; and who did what so far. */
export function ReviewPanel({ capture, history, onReviewed }: ReviewPanelProps) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<CaptureStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const steps = nextReviewSteps(capture.status);

  const review = async (status: Exclude<CaptureStatus, 'new'>) => {
    setBusy(status);
    setError(null);
    try {
      const result = await reviewViolation(capture.id, status, note);
      setNote('');
      onReviewed(result);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

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

      {steps.length > 0 ? (
        <div className="review__form">
          <Field label="Note (optional)">
            <textarea
              className="field__control review__textarea"
              data-testid="review-note"
              value={note}
              maxLength={2000}
              rows={2}
              placeholder="e.g. Spoke to the foreman"
              onChange={(e) => setNote(e.target.value)}
            />
          </Field>
          <div className="review__actions">
            {steps.map((step) => (
              <button
                key={step}
                type="button"
                className={`button review__button review__button--${step}`}
                data-testid={`review-${step}`}
                title={STEP_HINTS[step]}
                disabled={busy !== null}
                onClick={() => void review(step)}
              >
                {busy === step ? <span className="spinner" aria-hidden="true" /> : null}
                {STEP_LABELS[step]}
              </button>
            ))}
          </div>
        </div>
      ) : (
        <p className="review__final">This review is final.</p>
      )}
      {error ? (
        <div className="field-error" role="alert" data-testid="review-error">
          {error}
        </div>
      ) : null}

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
