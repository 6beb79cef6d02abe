import { deleteAlertRule } from '../../alert-api';
import type { AlertRule } from '../../types';
import { ConfirmActions } from '../ConfirmActions';
import { useRowRemoval } from '../../hooks/useRowRemoval';
import { EditDeleteButtons, RowError } from '../RowActions';
import { describeRule } from './ruleDraft';

interface RuleRowProps {
  rule: AlertRule;
  channelName: (id: string) => string;
  cameraName: (id: string) => string;
  onEdit: () => void;
  onDeleted: () => void;
}

/** One rule: what it takes, where it sends, its escalation; edit and delete (API rules). */
export function RuleRow({ rule, channelName, cameraName, onEdit, onDeleted }: RuleRowProps) {
  const { confirm, setConfirm, busy, error, confirmed } = useRowRemoval(() => deleteAlertRule(rule.id), onDeleted);

  return (
    <li className="admin-row alert-row" data-testid={`rule-${rule.id}`}>
      <div className="admin-row__main">
        <span className="admin-row__name">→ {rule.channels.map(channelName).join(', ')}</span>
        <span className="admin-row__sub">
          <code>{rule.id}</code>
          {rule.source === 'config' ? ' · from the config file' : ''}
        </span>
      </div>
      <div className="admin-row__facts">
        <span className="admin-row__fact" data-testid={`rule-summary-${rule.id}`}>
          {describeRule(rule, cameraName)}
        </span>
        {rule.escalation ? (
          <span className="admin-row__fact">
            Still new after {rule.escalation.afterMinutes} min: also{' '}
            {rule.escalation.channels.map(channelName).join(', ')}
          </span>
        ) : null}
      </div>
      <div className="admin-row__actions">
        {rule.source === 'config' ? null : confirm ? (
          <ConfirmActions
            question={<>Delete rule “{rule.id}”?</>}
            questionClassName="admin-row__confirm"
            confirmLabel="Delete"
            confirmTestId={`rule-delete-confirm-${rule.id}`}
            disabled={busy}
            onConfirm={() => void confirmed()}
            onCancel={() => setConfirm(false)}
          />
        ) : (
          <EditDeleteButtons testPrefix="rule" id={rule.id} onEdit={onEdit} onDelete={() => setConfirm(true)} />
        )}
      </div>
      <RowError error={error} />
    </li>
  );
}
