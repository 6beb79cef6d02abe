import { formatClock } from '../format';
import { useNow } from '../hooks/useNow';

/** Local wall-clock time, so officers can relate capture times to "now" at a glance. */
export function Clock() {
  const now = useNow(1000);
  return (
    <time className="clock" dateTime={new Date(now).toISOString()} aria-label="Local time">
      {formatClock(now)}
    </time>
  );
}
