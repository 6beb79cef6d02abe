interface ErrorNoticeProps {
  title: string;
  message?: string | null;
  onRetry?: () => void;
}

/** An inline, visible error with an optional retry button. */
export function ErrorNotice({ title, message, onRetry }: ErrorNoticeProps) {
  return (
    <div className="error-notice" role="alert">
      <div>
        <strong>{title}</strong>
        {message ? <div className="error-notice__message">{message}</div> : null}
      </div>
      {onRetry ? (
        <button type="button" className="button button--small" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
