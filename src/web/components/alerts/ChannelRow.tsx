import { useState } from 'react';
import { deleteAlertChannel, testAlertChannel } from '../../alert-api';
import { errorMessage } from '../../api';
import { formatDateTime } from '../../format';
import { describeSchedule } from '../../schedule';
import type { AlertChannel } from '../../types';
import { ConfirmActions } from '../ConfirmActions';
import { useRowRemoval } from '../../hooks/useRowRemoval';
import { EditDeleteButtons } from '../RowActions';
import { channelTarget } from './channelDraft';

type TestResult = { state: 'sending' } | { state: 'ok' } | { state: 'failed'; error: string };

interface ChannelRowProps {
  channel: AlertChannel;
  onEdit: () => void;
  onDeleted: () => void;
}

/** One channel: where it sends, whether it is failing, a test alert; edit and delete (API channels). */
export function ChannelRow({ channel, onEdit, onDeleted }: ChannelRowProps) {
  const { test, sendTest } = useTestAlert(channel.id);
  const { confirm, setConfirm, busy, error, confirmed } = useRowRemoval(
    () => deleteAlertChannel(channel.id),
    onDeleted,
  );
  const fromFile = channel.source === 'config';

  return (
    <li
      className={`admin-row alert-row${channel.enabled ? '' : ' admin-row--disabled'}`}
      data-testid={`channel-${channel.id}`}
      data-failing={channel.health.failing}
    >
      <div className="admin-row__main">
        <span className="admin-row__name">{channel.name ?? channel.id}</span>
        <span className="admin-row__sub">
          {channel.type} · <code>{channel.id}</code>
          {channel.enabled ? '' : ' · disabled'}
          {fromFile ? ' · from the config file' : ''}
          {channel.hasSecret ? ' · secret set' : ''}
        </span>
        <span className="admin-row__url" title={channelTarget(channel)}>
          {channelTarget(channel)}
        </span>
      </div>
      <div className="admin-row__facts">
        <ChannelHealth channel={channel} />
        <span className="admin-row__fact">
          At most {channel.perMinute} a minute, then a summary
          {channel.quietHours ? ` · quiet ${describeSchedule(channel.quietHours)}` : ''}
        </span>
        <TestOutcome result={test} channelId={channel.id} />
      </div>
      <div className="admin-row__actions">
        {confirm ? (
          <ConfirmActions
            question={<>Delete “{channel.name ?? channel.id}”?</>}
            questionClassName="admin-row__confirm"
            confirmLabel="Delete"
            confirmTestId={`channel-delete-confirm-${channel.id}`}
            disabled={busy}
            onConfirm={() => void confirmed()}
            onCancel={() => setConfirm(false)}
          />
        ) : (
          <>
            <button
              type="button"
              className="button button--small"
              data-testid={`channel-test-${channel.id}`}
              disabled={test?.state === 'sending'}
              onClick={() => void sendTest()}
            >
              {test?.state === 'sending' ? <span className="spinner" aria-hidden="true" /> : null}
              Send test alert
            </button>
            {fromFile ? null : (
              <EditDeleteButtons
                testPrefix="channel"
                id={channel.id}
                onEdit={onEdit}
                onDelete={() => setConfirm(true)}
              />
            )}
          </>
        )}
      </div>
      {error ? (
        <div className="field-error admin-row__error" role="alert" data-testid={`channel-error-${channel.id}`}>
          {error}
        </div>
      ) : null}
    </li>
  );
}

/** Sending a test alert through the channel, and what it came to. */
function useTestAlert(channelId: string) {
  const [test, setTest] = useState<TestResult | null>(null);
  const sendTest = async () => {
    setTest({ state: 'sending' });
    try {
      const refused = await testAlertChannel(channelId);
      setTest(refused === null ? { state: 'ok' } : { state: 'failed', error: refused });
    } catch (err) {
      setTest({ state: 'failed', error: errorMessage(err) });
    }
  };
  return { test, sendTest };
}

/** Whether the channel is failing (and why), else when it last sent. */
function ChannelHealth({ channel }: { channel: AlertChannel }) {
  const { health } = channel;
  return health.failing ? (
    <span className="alert-row__health alert-row__health--failing" data-testid={`channel-health-${channel.id}`}>
      Failing: {health.lastError}
    </span>
  ) : (
    <span
      className={`alert-row__health${health.lastSuccessAt ? ' alert-row__health--ok' : ''}`}
      data-testid={`channel-health-${channel.id}`}
    >
      {health.lastSuccessAt ? `Last sent ${formatDateTime(health.lastSuccessAt)}` : 'Nothing sent since the start'}
    </span>
  );
}

/** What the last test alert came to: accepted, or the receiver's error. */
function TestOutcome({ result, channelId }: { result: TestResult | null; channelId: string }) {
  if (!result || result.state === 'sending') return null;
  return result.state === 'ok' ? (
    <span
      className="alert-row__test alert-row__test--ok"
      role="status"
      data-testid={`channel-test-result-${channelId}`}
    >
      ✓ Test alert accepted by the receiver
    </span>
  ) : (
    <span className="field-error alert-row__test" role="alert" data-testid={`channel-test-result-${channelId}`}>
      Test alert failed: {result.error}
    </span>
  );
}
