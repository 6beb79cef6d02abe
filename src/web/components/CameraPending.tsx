import { Breadcrumb } from './Breadcrumb';
import { ErrorNotice } from './ErrorNotice';
import { Loading } from './Loading';

interface CameraPendingProps {
  cameraId: string | null;
  /** Why the camera could not be loaded; null while it is loading. */
  error: { message: string; notFound: boolean } | null;
  /** Where the breadcrumb (and "does not exist") lead back to. */
  back: { to: string; label: string; text: string };
  onRetry: () => void;
}

/** A camera page before its camera is there: loading, "does not exist", or the error with a retry. */
export function CameraPending({ cameraId, error, back, onRetry }: CameraPendingProps) {
  return (
    <div className="page">
      <Breadcrumb to={back.to} label={back.label} />
      {error ? (
        error.notFound ? (
          <div className="empty-state">
            Camera <code>{cameraId}</code> does not exist. <a href={back.to}>{back.text}</a>
          </div>
        ) : (
          <ErrorNotice title="Could not load the camera" message={error.message} onRetry={onRetry} />
        )
      ) : (
        <Loading>Loading camera…</Loading>
      )}
    </div>
  );
}
