import { formatClock } from '../format';
import { useConnection } from '../live/context';

/** Full-width warning while the server does not answer its health check. */
export function ServerBanner() {
  const { health } = useConnection();
  if (health.state !== 'down') return null;
  return (
    <div className="server-banner" role="alert" data-testid="server-banner">
      <strong>Server unreachable.</strong>{' '}
      <span>
        Live video and new captures are not being received
        {health.lastOkAt ? ` since ${formatClock(health.lastOkAt)}` : ''}. Retrying automatically…
      </span>
      <button type="button" className="button button--small button--on-danger" onClick={health.check}>
        Retry now
      </button>
    </div>
  );
}
