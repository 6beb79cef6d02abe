import { useEffect, useState } from 'react';
import { deleteCamera, errorMessage, patchCamera } from '../api';
import { useAuth } from '../auth/context';
import { AdminForbidden } from '../components/admin/AdminForbidden';
import { ConfirmActions } from '../components/ConfirmActions';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { StatusBadge } from '../components/StatusBadge';
import { formatFps } from '../format';
import { useCameras } from '../live/context';
import { href } from '../router';
import { describeSchedule } from '../schedule';
import type { Camera } from '../types';
import { RowError } from '../components/RowActions';

// A one-line confirmation carried over from the edit page ("Added camera …").
let flash: string | null = null;
export function setAdminFlash(message: string): void {
  flash = message;
}

/** Camera administration (admin only): the list with enable/disable, edit and remove. */
export function AdminPage() {
  const { isAdmin } = useAuth();
  const { cameras, loaded, error, reload } = useCameras();
  const [message] = useState(() => {
    const m = flash;
    flash = null;
    return m;
  });
  const [shownMessage, setShownMessage] = useState(message);
  useEffect(() => {
    if (!shownMessage) return;
    const timer = setTimeout(() => setShownMessage(null), 8_000);
    return () => clearTimeout(timer);
  }, [shownMessage]);

  if (!isAdmin) return <AdminForbidden message="Only an admin can change cameras." />;

  return (
    <div className="page admin-page" data-testid="admin-page">
      <div className="section-head">
        <h1 className="section-head__title">Cameras</h1>
        <span className="section-head__aside">Changes take effect at once; only the changed camera restarts.</span>
        <a className="button button--primary section-head__action" href={href.newCamera()} data-testid="admin-add">
          + Add camera
        </a>
      </div>
      <div className="flash-slot" aria-live="polite">
        {shownMessage ? (
          <div className="flash" data-testid="admin-flash">
            {shownMessage}
          </div>
        ) : null}
      </div>
      {error && cameras.length === 0 ? (
        <ErrorNotice title="Could not load cameras" message={error} onRetry={reload} />
      ) : null}
      {!loaded ? (
        <Loading>Loading cameras…</Loading>
      ) : cameras.length === 0 ? (
        <div className="empty-state">
          No cameras yet. <a href={href.newCamera()}>Add the first one</a>
        </div>
      ) : (
        <ul className="admin-list" data-testid="admin-cameras">
          {cameras.map((camera) => (
            <AdminRow key={camera.id} camera={camera} />
          ))}
        </ul>
      )}
    </div>
  );
}

function AdminRow({ camera }: { camera: Camera }) {
  const { upsert, remove } = useCameras();
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      upsert(await patchCamera(camera.id, { enabled: !camera.enabled }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const doRemove = async () => {
    setBusy(true);
    setError(null);
    try {
      await deleteCamera(camera.id);
      remove(camera.id);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <li className={`admin-row${camera.enabled ? '' : ' admin-row--disabled'}`} data-testid={`admin-row-${camera.id}`}>
      <div className="admin-row__main">
        <a className="admin-row__name" href={href.camera(camera.id)}>
          {camera.name}
        </a>
        <span className="admin-row__sub">
          {camera.location || '—'} · <code>{camera.id}</code>
        </span>
        <span className="admin-row__url" title={camera.url}>
          {camera.url}
        </span>
      </div>
      <CameraFacts camera={camera} />
      <CameraRowActions
        camera={camera}
        busy={busy}
        confirm={confirm}
        onConfirmChange={setConfirm}
        onToggle={() => void toggle()}
        onRemove={() => void doRemove()}
      />
      <RowError error={error} />
    </li>
  );
}

/** Status, frame rates, detection schedule and zones of a camera. */
function CameraFacts({ camera }: { camera: Camera }) {
  const zones = camera.ppe?.zones?.length ?? 0;
  return (
    <div className="admin-row__facts">
      <StatusBadge cameraId={`admin-${camera.id}`} status={camera.status} />
      <span className="admin-row__fact num">
        {formatFps(camera.fps)} fps setting · {formatFps(camera.stats?.inputFps)} now
      </span>
      <span className="admin-row__fact" title="Detection schedule">
        Detect: {describeSchedule(camera.schedule)}
      </span>
      <span className="admin-row__fact">{zones ? `${zones} zone${zones === 1 ? '' : 's'}` : 'whole frame'}</span>
    </div>
  );
}

interface CameraRowActionsProps {
  camera: Camera;
  busy: boolean;
  /** The removal is being confirmed. */
  confirm: boolean;
  onConfirmChange: (confirm: boolean) => void;
  onToggle: () => void;
  onRemove: () => void;
}

/** Edit, Enable/Disable and Remove… of a camera, or the question whether to remove it. */
function CameraRowActions({ camera, busy, confirm, onConfirmChange, onToggle, onRemove }: CameraRowActionsProps) {
  return (
    <div className="admin-row__actions">
      {confirm ? (
        <ConfirmActions
          question={<>Remove “{camera.name}”? Its captures are kept.</>}
          questionClassName="admin-row__confirm"
          confirmLabel="Remove"
          confirmTestId={`admin-remove-confirm-${camera.id}`}
          disabled={busy}
          onConfirm={onRemove}
          onCancel={() => onConfirmChange(false)}
        />
      ) : (
        <>
          <a className="button button--small" href={href.editCamera(camera.id)} data-testid={`admin-edit-${camera.id}`}>
            Edit
          </a>
          <button
            type="button"
            className="button button--small"
            data-testid={`admin-toggle-${camera.id}`}
            disabled={busy}
            onClick={onToggle}
          >
            {camera.enabled ? 'Disable' : 'Enable'}
          </button>
          <button
            type="button"
            className="button button--small button--ghost"
            data-testid={`admin-remove-${camera.id}`}
            disabled={busy}
            onClick={() => onConfirmChange(true)}
          >
            Remove…
          </button>
        </>
      )}
    </div>
  );
}
