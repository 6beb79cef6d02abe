import type { ReactNode } from 'react';
import {
  CAPTURE_STATUSES,
  RANGE_PRESETS,
  VIOLATION_KINDS,
  isCaptureStatus,
  isRangePreset,
  isViolationKind,
  type Camera,
  type ViolationFilters,
} from '../types';
import { captureStatusLabel, kindLabel } from '../format';
import { RANGE_LABELS, hasActiveFilters, isoToLocalInput, localInputToIso } from '../filters';

interface FilterBarProps {
  filters: ViolationFilters;
  cameras: readonly Camera[];
  onChange: (filters: ViolationFilters) => void;
  children?: ReactNode;
}

const DAY = 86_400_000;

/** Camera, kind, status, zone and time filters of the violations gallery. */
export function FilterBar({ filters, cameras, onChange, children }: FilterBarProps) {
  const unknownCamera = filters.cameraId && !cameras.some((c) => c.id === filters.cameraId) ? filters.cameraId : null;
  const zones = [...new Set(cameras.flatMap((c) => (c.ppe?.zones ?? []).map((z) => z.name)))].sort();
  if (filters.zone && !zones.includes(filters.zone)) zones.push(filters.zone);
  const custom = Boolean(filters.from || filters.to);
  const rangeValue = custom ? 'custom' : (filters.range ?? '');

  const setRange = (value: string) => {
    const { range: _r, from: _f, to: _t, ...rest } = filters;
    if (value === 'custom') {
      onChange({ ...rest, from: new Date(Date.now() - DAY).toISOString() });
    } else {
      onChange(isRangePreset(value) ? { ...rest, range: value } : rest);
    }
  };

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
              {camera.name}
              {camera.location ? ` — ${camera.location}` : ''}
            </option>
          ))}
          {unknownCamera ? <option value={unknownCamera}>{unknownCamera}</option> : null}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Violation</span>
        <select
          className="field__control field__control--narrow"
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
      <label className="field">
        <span className="field__label">Status</span>
        <select
          className="field__control field__control--narrow"
          data-testid="filter-status"
          value={filters.status ?? ''}
          onChange={(e) =>
            onChange({ ...filters, status: isCaptureStatus(e.target.value) ? e.target.value : undefined })
          }
        >
          <option value="">Any status</option>
          {CAPTURE_STATUSES.map((status) => (
            <option key={status} value={status}>
              {captureStatusLabel(status)}
            </option>
          ))}
        </select>
      </label>
      {zones.length > 0 ? (
        <label className="field">
          <span className="field__label">Zone</span>
          <select
            className="field__control field__control--narrow"
            data-testid="filter-zone"
            value={filters.zone ?? ''}
            onChange={(e) => onChange({ ...filters, zone: e.target.value || undefined })}
          >
            <option value="">Any zone</option>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="field">
        <span className="field__label">Time</span>
        <select
          className="field__control field__control--narrow"
          data-testid="filter-range"
          value={rangeValue}
          onChange={(e) => setRange(e.target.value)}
        >
          <option value="">Any time</option>
          {RANGE_PRESETS.map((range) => (
            <option key={range} value={range}>
              {RANGE_LABELS[range]}
            </option>
          ))}
          <option value="custom">Custom range…</option>
        </select>
      </label>
      {custom ? (
        <>
          <label className="field">
            <span className="field__label">From</span>
            <input
              type="datetime-local"
              className="field__control field__control--narrow"
              data-testid="filter-from"
              value={isoToLocalInput(filters.from)}
              onChange={(e) => onChange({ ...filters, range: undefined, from: localInputToIso(e.target.value) })}
            />
          </label>
          <label className="field">
            <span className="field__label">To</span>
            <input
              type="datetime-local"
              className="field__control field__control--narrow"
              data-testid="filter-to"
              value={isoToLocalInput(filters.to)}
              onChange={(e) => onChange({ ...filters, range: undefined, to: localInputToIso(e.target.value) })}
            />
          </label>
        </>
      ) : null}
      {hasActiveFilters(filters) ? (
        <button
          type="button"
          className="button button--small button--ghost filter-bar__clear"
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
