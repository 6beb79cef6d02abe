import { auditDetailText } from '../../audit-format';
import { href } from '../../router';
import { AUDIT_ACTION_LABELS, type AuditEntry } from '../../types';
import { Timestamp } from '../Timestamp';

/** The entries, newest first: when, who, what, which capture and camera, from where. */
export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  return (
    <div className="audit-table-wrap">
      <table className="audit-table" data-testid="audit-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">User</th>
            <th scope="col">Action</th>
            <th scope="col">Capture</th>
            <th scope="col">Camera</th>
            <th scope="col">Address</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr
              key={entry.id}
              data-testid="audit-row"
              data-action={entry.action}
              data-capture-id={entry.captureId ?? ''}
              data-user={entry.user}
            >
              <td className="audit-table__time">
                <Timestamp iso={entry.time} />
              </td>
              <td>
                {entry.user} <span className="audit-table__role">{entry.role}</span>
              </td>
              <td title={entry.action}>{AUDIT_ACTION_LABELS[entry.action] ?? entry.action}</td>
              <td className="audit-table__mono">
                {entry.captureId ? <a href={href.violation(entry.captureId)}>{entry.captureId.slice(0, 8)}</a> : '—'}
              </td>
              <td>{entry.cameraId ?? '—'}</td>
              <td className="audit-table__mono" title={entry.userAgent ?? undefined}>
                {entry.address}
              </td>
              <td className="audit-table__details">{auditDetailText(entry)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
