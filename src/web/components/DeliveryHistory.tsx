import { useEffect, useState } from 'react';
import { getDeliveries } from '../alert-api';
import { startRequest, errorMessage } from '../api';
import { formatDateTime } from '../format';
import type { AlertDelivery } from '../types';

/** While an alert is still being tried, the history is fetched again this often. */
const PENDING_REFRESH_MS = 5_000;

const STATE_LABELS: Record<AlertDelivery['state'], string> = {
  pending: 'Sending',
  delivered: 'Delivered',
  failed: 'Failed',
  suppressed: 'Held back',
};

/** Where the capture's alerts went: per channel its state, attempts, last error and when it arrived. */
export function DeliveryHistory({ captureId }: { captureId: string }) {
  const [deliveries, setDeliveries] = useState<{ captureId: string; list: AlertDelivery[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);

  useEffect(
    () =>
      startRequest(
        (signal) => getDeliveries(captureId, { signal }),
        (list) => {
          setDeliveries({ captureId, list });
          setError(null);
        },
        (err) => setError(errorMessage(err)),
      ),
    [captureId, round],
  );

  const list = deliveries?.captureId === captureId ? deliveries.list : null;
  const sending = list?.some((d) => d.state === 'pending') ?? false;
  useEffect(() => {
    if (!sending) return;
    const timer = setTimeout(() => setRound((r) => r + 1), PENDING_REFRESH_MS);
    return () => clearTimeout(timer);
  }, [sending, list]);

  return (
    <section className="deliveries" data-testid="detail-deliveries" aria-labelledby="deliveries-heading">
      <h3 id="deliveries-heading" className="review__title">
        Alerts sent
      </h3>
      {error && !list ? (
        <p className="field-error">Could not load the alerts: {error}</p>
      ) : !list ? (
        <p className="deliveries__none">Loading…</p>
      ) : list.length === 0 ? (
        <p className="deliveries__none">No alert rule took this capture.</p>
      ) : (
        <ul className="deliveries__list">
          {list.map((d) => (
            <DeliveryRow key={`${d.channelId}-${d.kind}`} delivery={d} />
          ))}
        </ul>
      )}
    </section>
  );
}

function DeliveryRow({ delivery: d }: { delivery: AlertDelivery }) {
  const tries = `${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`;
  return (
    <li className="delivery" data-testid={`delivery-${d.channelId}`} data-state={d.state}>
      <span className="delivery__channel">
        {d.channelName ?? <span title="This channel was deleted">{d.channelId} (deleted)</span>}
        {d.kind === 'escalation' ? <span className="delivery__kind">escalation</span> : null}
      </span>
      <span className={`delivery__state delivery__state--${d.state}`}>{STATE_LABELS[d.state]}</span>
      <span className="delivery__meta">
        {d.state === 'delivered' && d.doneAt ? (
          <>
            {formatDateTime(d.doneAt)} · {tries}
          </>
        ) : d.state === 'pending' && d.nextAttemptAt ? (
          <>
            {d.attempts > 0 ? `${tries} · ` : ''}next {formatDateTime(d.nextAttemptAt)}
          </>
        ) : (
          tries
        )}
      </span>
      {d.lastError ? <span className="delivery__error">{d.lastError}</span> : null}
    </li>
  );
}
