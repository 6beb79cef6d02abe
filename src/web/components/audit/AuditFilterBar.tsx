import { useEffect, useState, type FormEvent } from 'react';
import { isoToLocalInput, localInputToIso } from '../../filters';
import { AUDIT_ACTIONS, AUDIT_ACTION_LABELS, type AuditAction, type AuditFilters, type Camera } from '../../types';
import { CameraSelect } from '../CameraSelect';
import { SelectField } from '../SelectField';
import { TextField } from '../TextField';

interface AuditFilterBarProps {
  filters: AuditFilters;
  cameras: readonly Camera[];
  onChange: (filters: AuditFilters) => void;
}

const ACTION_OPTIONS = [
  { value: '', label: 'Any action' },
  ...AUDIT_ACTIONS.map((action) => ({ value: action, label: AUDIT_ACTION_LABELS[action] })),
];

/**
 * User, action, camera, capture and time filters of the audit trail. Typed fields apply on Enter or
 * when left (each reading of the trail is itself recorded, so not on every keystroke).
 */
export function AuditFilterBar({ filters, cameras, onChange }: AuditFilterBarProps) {
  const [user, setUser] = useState(filters.user ?? '');
  const [captureId, setCaptureId] = useState(filters.captureId ?? '');
  useEffect(() => {
    setUser(filters.user ?? '');
    setCaptureId(filters.captureId ?? '');
  }, [filters.user, filters.captureId]);

  const applyTyped = () => {
    const typed = { user: user.trim() || undefined, captureId: captureId.trim() || undefined };
    if (typed.user !== filters.user || typed.captureId !== filters.captureId) onChange({ ...filters, ...typed });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    applyTyped();
  };

  return (
    <form className="filter-bar" role="search" aria-label="Filter the audit trail" onSubmit={submit}>
      <TextField
        label="User"
        testId="audit-filter-user"
        value={user}
        onChange={setUser}
        onBlur={applyTyped}
        width="narrow"
      />
      <SelectField
        label="Action"
        testId="audit-filter-action"
        value={filters.action ?? ''}
        options={ACTION_OPTIONS}
        onChange={(value) => onChange({ ...filters, action: (value || undefined) as AuditAction | undefined })}
      />
      <CameraSelect
        testId="audit-filter-camera"
        cameras={cameras}
        value={filters.cameraId}
        onChange={(cameraId) => onChange({ ...filters, cameraId })}
      />
      <TextField
        label="Capture id"
        testId="audit-filter-capture"
        value={captureId}
        onChange={setCaptureId}
        onBlur={applyTyped}
        mono
      />
      <TextField
        label="From"
        testId="audit-filter-from"
        type="datetime-local"
        value={isoToLocalInput(filters.from)}
        onChange={(value) => onChange({ ...filters, from: localInputToIso(value) })}
      />
      <TextField
        label="To"
        testId="audit-filter-to"
        type="datetime-local"
        value={isoToLocalInput(filters.to)}
        onChange={(value) => onChange({ ...filters, to: localInputToIso(value) })}
      />
      <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
    </form>
  );
}
