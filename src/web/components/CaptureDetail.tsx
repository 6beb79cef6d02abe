import { useEffect, useState, type ReactNode } from 'react';
import { getViolation, loadFailure, startRequest, type LoadFailure } from '../api';
import { useModalDialog } from '../hooks/useModalDialog';
import { useCaptureChanges, useCaptures } from '../live/context';
import type { Capture, CaptureDetail as CaptureDetailData } from '../types';
import { CaptureDetailFoot } from './CaptureDetailFoot';
import { CaptureFacts } from './CaptureFacts';
import { CaptureMedia } from './CaptureMedia';
import { DeliveryHistory } from './DeliveryHistory';
import { ErrorNotice } from './ErrorNotice';
import { KindBadges } from './KindBadges';
import { Loading } from './Loading';
import { ReviewActions } from './ReviewActions';
import { ReviewPanel } from './ReviewPanel';

interface CaptureDetailProps {
  captureId: string;
  /** The capture if the caller already has it (from a list); otherwise it is fetched. */
  known?: Capture;
  onClose: () => void;
  /** Neighbours in the gallery, for the Newer/Older buttons and arrow keys. */
  newerId?: string;
  olderId?: string;
  onNavigate: (captureId: string) => void;
}

/**
 * Modal detail of one capture: crop and full frame, every field, its review and where its alerts went;
 * the review steps in a bar at the bottom (full-screen on a phone, where an alert's link opens it).
 */
export function CaptureDetail({ captureId, known, onClose, newerId, olderId, onNavigate }: CaptureDetailProps) {
  const dialogRef = useModalDialog(onClose);
  const { capture, detail, error, retry, onReviewed } = useCaptureDetail(captureId, known);
  useArrowSteps(newerId, olderId, onNavigate);

  return (
    <dialog
      ref={dialogRef}
      className="detail-dialog"
      data-testid="capture-detail"
      aria-labelledby="capture-detail-title"
      onClick={(e) => {
        // A click on the backdrop targets the <dialog> itself; its content fills it completely.
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="detail">
        <header className="detail__head">
          <h2 id="capture-detail-title" className="detail__title">
            {capture ? (
              <>
                <KindBadges kinds={capture.kinds} />
                <span>{capture.cameraName}</span>
                <span className="detail__subtitle">{capture.location}</span>
              </>
            ) : (
              'Capture'
            )}
          </h2>
          <div className="detail__nav">
            <StepButton to={newerId} onNavigate={onNavigate} title="Newer capture (←)" testId="detail-newer">
              ← Newer
            </StepButton>
            <StepButton to={olderId} onNavigate={onNavigate} title="Older capture (→)" testId="detail-older">
              Older →
            </StepButton>
            <button
              type="button"
              className="icon-button detail__close"
              onClick={onClose}
              aria-label="Close"
              data-testid="detail-close"
            >
              ×
            </button>
          </div>
        </header>

        {capture ? (
          <>
            <CaptureMedia capture={capture} />
            <div className="detail__info">
              <CaptureFacts capture={capture} />
              <div className="detail__side">
                <ReviewPanel capture={capture} history={detail?.history ?? null} />
                <DeliveryHistory captureId={capture.id} />
              </div>
            </div>
            <ReviewActions key={capture.id} capture={capture} onReviewed={onReviewed} />
            <CaptureDetailFoot key={`foot-${capture.id}`} capture={capture} onDeleted={onClose} />
          </>
        ) : error?.notFound ? (
          <div className="empty-state" data-testid="detail-gone">
            This capture does not exist (any more).
          </div>
        ) : error ? (
          <ErrorNotice title="Could not load the capture" message={error.message} onRetry={retry} />
        ) : (
          <Loading>Loading capture…</Loading>
        )}
      </div>
    </dialog>
  );
}

/**
 * The capture with its review history, always fetched (a capture the list already has is shown
 * meanwhile), and kept current when someone else reviews or deletes it.
 */
function useCaptureDetail(captureId: string, known: Capture | undefined) {
  const { publishChange } = useCaptures();
  const [fetched, setFetched] = useState<CaptureDetailData | null>(null);
  const [error, setError] = useState<(LoadFailure & { id: string }) | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(
    () =>
      startRequest(
        (signal) => getViolation(captureId, { signal }),
        (capture) => {
          setFetched(capture);
          setError(null);
        },
        (err) => setError({ id: captureId, ...loadFailure(err) }),
      ),
    [captureId, attempt],
  );

  // Reviewed elsewhere (another officer): reload the history. Its clip or kinds came: show them.
  // Deleted: say so.
  useCaptureChanges((change) => {
    if (change.type === 'updated' && change.capture.id === captureId) {
      if (fetched?.id !== captureId || change.capture.reviewedAt !== fetched.reviewedAt) setAttempt((a) => a + 1);
      else setFetched({ ...fetched, ...change.capture });
    } else if (change.type === 'removed' && change.id === captureId) {
      setError({ id: captureId, message: 'deleted', notFound: true });
      setFetched(null);
    }
  });

  const detail = fetched?.id === captureId ? fetched : null;
  const currentError = error?.id === captureId ? error : null;
  const capture: Capture | null = currentError?.notFound ? null : (detail ?? known ?? null);
  return {
    capture,
    detail,
    error: currentError,
    retry: () => setAttempt((a) => a + 1),
    onReviewed: (result: CaptureDetailData) => {
      setFetched(result);
      publishChange({ type: 'updated', capture: result });
    },
  };
}

/** Arrow keys step through the gallery (not while typing). */
function useArrowSteps(
  newerId: string | undefined,
  olderId: string | undefined,
  onNavigate: (captureId: string) => void,
): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const t = e.target;
      if (t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement || t instanceof HTMLInputElement) return;
      if (e.key === 'ArrowLeft' && newerId) onNavigate(newerId);
      else if (e.key === 'ArrowRight' && olderId) onNavigate(olderId);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [newerId, olderId, onNavigate]);
}

interface StepButtonProps {
  /** The neighbouring capture; none = disabled. */
  to: string | undefined;
  onNavigate: (captureId: string) => void;
  title: string;
  testId: string;
  children: ReactNode;
}

/** Newer / Older: to the neighbouring capture in the gallery. */
function StepButton({ to, onNavigate, title, testId, children }: StepButtonProps) {
  return (
    <button
      type="button"
      className="button button--small"
      disabled={!to}
      onClick={() => to && onNavigate(to)}
      title={title}
      data-testid={testId}
    >
      {children}
    </button>
  );
}
