import type { ReactNode } from 'react';
import { VIOLATION_KINDS, isViolationKind, type Camera, type ViolationFilters } from '../types';
import { kindLabel } from '../format';

interface FilterBarProps {
  filters: ViolationFilters;
  cameras: readonly Camera[];
  onChange: (filters: ViolationFilters) => void;
  children?: ReactNode;
}

/** Camera and kind filters of the violations gallery. */
export function FilterBar({ filters, cameras, onChange, children }: FilterBarProps) {
  const unknownCamera = filters.cameraId && !cameras.some((c) => c.id === filters.cameraId) ? filters.cameraId : null;
  const active = Boolean(filters.cameraId || filters.kind);
  return (
    <form className="filter-bar" role="search" aria-label="Filter captures" onSubmit={(e) => e.preventDefault()}>
      <label className="field">
        <span className="field__label">Camera</span>
        <select
          className="field__control"
          data-testid="filter-camera"
          value={filters.cameraId ?? ''}
          onChange={(e) => onChange({ ...filters, cameraId: e.target.value || undefined })}
        >
          <option value="">All cameras</option>
          {cameras.map((camera) => (
            <option key={camera.id} value={camera.id}>
              {camera.name} — {camera.location}
            </option>
          ))}
          {unknownCamera ? <option value={unknownCamera}>{unknownCamera}</option> : null}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Violation</span>
        <select
          className="field__control"
          data-testid="filter-kind"
          value={filters.kind ?? ''}
          onChange={(e) => onChange({ ...filters, kind: isViolationKind(e.target.value) ? e.target.value : undefined })}
        >
          <option value="">All kinds</option>
          {VIOLATION_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kindLabel(kind)}
            </option>
          ))}
        </select>
      </label>
      {active ? (
        <button
          type="button"
          className="button button--small button--ghost"
          data-testid="filter-clear"
          onClick={() => onChange({})}
        >
          Clear filters
        </button>
      ) : null}
      <div className="filter-bar__extra">{children}</div>
    </form>
  );
}
