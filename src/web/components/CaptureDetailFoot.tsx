import { useState } from 'react';
import { deleteViolation, errorMessage } from '../api';
import { useAuth } from '../auth/context';
import { useCaptures } from '../live/context';
import type { Capture } from '../types';
import { ConfirmActions } from './ConfirmActions';

/** Under the capture detail: Delete (admins, after a confirmation) and links to the images. */
export function CaptureDetailFoot({ capture, onDeleted }: { capture: Capture; onDeleted: () => void }) {
  const { isAdmin } = useAuth();
  const { publishChange } = useCaptures();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const remove = async () => {
    setDeleteError(null);
    try {
      await deleteViolation(capture.id);
      publishChange({ type: 'removed', id: capture.id });
      onDeleted();
    } catch (err) {
      setDeleteError(errorMessage(err));
    }
  };

  return (
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
  );
}
