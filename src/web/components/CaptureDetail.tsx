import { useEffect, useRef, useState, type ReactNode } from 'react';
import { deleteViolation, errorMessage, getViolation, loadFailure, startRequest, type LoadFailure } from '../api';
import { useAuth } from '../auth/context';
import { formatDateTime, formatPercent, formatUtc } from '../format';
import { useCaptureChanges, useCaptures } from '../live/context';
import { href } from '../router';
import type { Capture, CaptureDetail as CaptureDetailData } from '../types';
import { CaptureThumb } from './CaptureThumb';
import { Checkbox } from './Checkbox';
import { ConfirmActions } from './ConfirmActions';
import { ReviewPanel } from './ReviewPanel';
import { ErrorNotice } from './ErrorNotice';
import { FrameWithBox } from './FrameWithBox';
import { KindBadges } from './KindBadges';
import { Loading } from './Loading';

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

/** Modal detail of one capture: crop and full frame side by side, and every field. */
export function CaptureDetail({ captureId, known, onClose, newerId, olderId, onNavigate }: CaptureDetailProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  const { isAdmin } = useAuth();
  const { publishChange } = useCaptures();
  const [fetched, setFetched] = useState<CaptureDetailData | null>(null);
  const [error, setError] = useState<(LoadFailure & { id: string }) | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [showBox, setShowBox] = useState(true);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  // Always fetched (for the review history); a capture the list already has is shown meanwhile.
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

  useEffect(() => {
    setConfirmDelete(false);
    setDeleteError(null);
  }, [captureId]);

  // Reviewed elsewhere (another officer): reload the history. Deleted: say so.
  useCaptureChanges((change) => {
    if (change.type === 'updated' && change.capture.id === captureId) {
      if (fetched?.id !== captureId || change.capture.reviewedAt !== fetched.reviewedAt) setAttempt((a) => a + 1);
    } else if (change.type === 'removed' && change.id === captureId) {
      setError({ id: captureId, message: 'deleted', notFound: true });
      setFetched(null);
    }
  });

  const detail = fetched?.id === captureId ? fetched : null;
  const currentError = error?.id === captureId ? error : null;
  const gone = currentError?.notFound ?? false;
  const capture: Capture | null = gone ? null : (detail ?? known ?? null);

  const onReviewed = (result: CaptureDetailData) => {
    setFetched(result);
    publishChange({ type: 'updated', capture: result });
  };

  const remove = async () => {
    if (!capture) return;
    setDeleteError(null);
    try {
      await deleteViolation(capture.id);
      publishChange({ type: 'removed', id: capture.id });
      onClose();
    } catch (err) {
      setDeleteError(errorMessage(err));
    }
  };

  // Open as a modal (focus trap, Esc, inert background) for as long as this component is mounted.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    let unmounting = false;
    if (!dialog.open) dialog.showModal();
    const onCancel = (e: Event) => {
      e.preventDefault();
      onCloseRef.current();
    };
    // Browsers may close the dialog without a cancelable `cancel` event (repeated Esc); follow it. The
    // event is queued, so one from an earlier close (effect re-run) can arrive after the dialog reopened.
    const onNativeClose = () => {
      if (!unmounting && !dialog.open) onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    dialog.addEventListener('close', onNativeClose);
    return () => {
      unmounting = true;
      dialog.removeEventListener('cancel', onCancel);
      dialog.removeEventListener('close', onNativeClose);
      if (dialog.open) dialog.close();
    };
  }, []);

  // Arrow keys step through the gallery.
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
          <StepButton to={newerId} onNavigate={onNavigate} title="Newer capture (←)" testId="detail-newer">
            ← Newer
          </StepButton>
          <StepButton to={olderId} onNavigate={onNavigate} title="Older capture (→)" testId="detail-older">
            Older →
          </StepButton>
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close" data-testid="detail-close">
            ×
          </button>
        </header>

        {capture ? (
          <>
            <div className="detail__media">
              <figure className="detail__figure detail__figure--crop">
                <CaptureThumb src={capture.cropUrl} alt="Cropped person" ratio="3 / 4" loading="eager" />
                <figcaption>Person (crop)</figcaption>
              </figure>
              <figure className="detail__figure detail__figure--frame">
                <FrameWithBox
                  src={capture.frameUrl}
                  alt={`Full frame from ${capture.cameraName}`}
                  box={capture.box}
                  showBox={showBox}
                />
                <figcaption>
                  Full frame
                  <Checkbox checked={showBox} onChange={setShowBox}>
                    {' outline person'}
                  </Checkbox>
                </figcaption>
              </figure>
            </div>

            <div className="detail__info">
              <dl className="facts facts--detail" data-testid="capture-fields">
                <dt>Time</dt>
                <dd>
                  <time dateTime={capture.time}>{formatDateTime(capture.time)}</time>
                  <span className="facts__aside">{formatUtc(capture.time)}</span>
                </dd>
                <dt>Camera</dt>
                <dd>
                  <a href={href.camera(capture.cameraId)}>{capture.cameraName}</a>
                  <span className="facts__aside">{capture.cameraId}</span>
                </dd>
                <dt>Location</dt>
                <dd>{capture.location}</dd>
                <dt>Violation</dt>
                <dd>
                  <KindBadges kinds={capture.kinds} />
                </dd>
                <dt>Track id</dt>
                <dd className="num">{capture.trackId}</dd>
                <dt>Confidence</dt>
                <dd className="num">{formatPercent(capture.confidence)}</dd>
                <dt>Zone</dt>
                <dd>{capture.zone ?? '—'}</dd>
                <dt>Box (px)</dt>
                <dd className="num facts__mono">{capture.box.map((v) => Math.round(v)).join(', ')}</dd>
                <dt>Capture id</dt>
                <dd className="facts__mono">{capture.id}</dd>
              </dl>
              <ReviewPanel
                key={capture.id}
                capture={capture}
                history={detail?.history ?? null}
                onReviewed={onReviewed}
              />
            </div>
          </>
        ) : currentError ? (
          currentError.notFound ? (
            <div className="empty-state" data-testid="detail-gone">
              This capture does not exist (any more).
            </div>
          ) : (
            <ErrorNotice
              title="Could not load the capture"
              message={currentError.message}
              onRetry={() => setAttempt((a) => a + 1)}
            />
          )
        ) : (
          <Loading>Loading capture…</Loading>
        )}

        {capture ? (
          <footer className="detail__foot">
            {isAdmin ? (
              <span className="detail__danger">
                {confirmDelete ? (
                  <ConfirmActions
                    question="Delete this capture and its images?"
                    confirmLabel="Delete"
                    confirmTestId="detail-delete-confirm"
                    onConfirm={() => void remove()}
                    onCancel={() => setConfirmDelete(false)}
                  />
                ) : (
                  <button
                    type="button"
                    className="button button--small button--ghost"
                    data-testid="detail-delete"
                    onClick={() => setConfirmDelete(true)}
                  >
                    Delete…
                  </button>
                )}
                {deleteError ? <span className="field-error">{deleteError}</span> : null}
              </span>
            ) : null}
            <span className="detail__links">
              <a href={capture.cropUrl} target="_blank" rel="noreferrer">
                Open crop
              </a>
              <a href={capture.frameUrl} target="_blank" rel="noreferrer">
                Open frame
              </a>
            </span>
          </footer>
        ) : null}
      </div>
    </dialog>
  );
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
