import { useState } from 'react';
import { errorMessage, reviewViolation } from '../api';
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

interface ReviewActionsProps {
  capture: Capture;
  onReviewed: (capture: CaptureDetail) => void;
}

/**
 * The allowed next review steps with an optional note: the capture detail keeps them in a bar at its
 * bottom, where a thumb reaches them on a phone. Nothing once the review is final.
 */
export function ReviewActions({ capture, onReviewed }: ReviewActionsProps) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<CaptureStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const steps = nextReviewSteps(capture.status);
  if (steps.length === 0) return null;

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
    <div className="review-actions" data-testid="review-actions">
      <textarea
        className="field__control review-actions__note"
        data-testid="review-note"
        aria-label="Review note (optional)"
        value={note}
        maxLength={2000}
        rows={1}
        placeholder="Note (optional), e.g. Spoke to the foreman"
        onChange={(e) => setNote(e.target.value)}
      />
      <div className="review-actions__buttons">
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
      {error ? (
        <div className="field-error review-actions__error" role="alert" data-testid="review-error">
          {error}
        </div>
      ) : null}
    </div>
  );
}
