import { useConnection } from '../live/context';

/** Whether live updates (SSE) are flowing. */
export function ConnectionIndicator() {
  const { events, health } = useConnection();
  const state = health.state === 'down' ? 'offline' : events === 'open' ? 'live' : events;
  const text =
    state === 'live'
      ? 'Live'
      : state === 'offline'
        ? 'Offline'
        : state === 'reconnecting'
          ? 'Reconnecting…'
          : 'Connecting…';
  const title =
    state === 'live'
      ? 'Receiving live updates from the server'
      : 'Live updates are not flowing; the dashboard keeps retrying';
  return (
    <span
      className={`connection connection--${state}`}
      data-testid="sse-status"
      data-state={state}
      title={title}
      role="status"
    >
      <span className="connection__dot" aria-hidden="true" />
      {text}
    </span>
  );
}
