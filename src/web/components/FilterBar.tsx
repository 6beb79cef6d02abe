import type { ReactNode } from 'react';
import { CAPTURE_STATUSES, RANGE_PRESETS, isRangePreset, type Camera, type ViolationFilters } from '../types';
import { captureStatusLabel, kindLabel, shownKinds } from '../format';
import { usePpeItems } from '../hooks/usePpeItems';
import { RANGE_LABELS, hasActiveFilters, isoToLocalInput, localInputToIso } from '../filters';
import { CameraSelect } from './CameraSelect';
import { SelectField } from './SelectField';
import { TextField } from './TextField';

interface FilterBarProps {
  filters: ViolationFilters;
  cameras: readonly Camera[];
  onChange: (filters: ViolationFilters) => void;
  children?: ReactNode;
}

const DAY = 86_400_000;

/** Camera, kind, status, zone and time filters of the violations gallery. */
export function FilterBar({ filters, cameras, onChange, children }: FilterBarProps) {
  const zones = [...new Set(cameras.flatMap((c) => (c.ppe?.zones ?? []).map((z) => z.name)))].sort();
  if (filters.zone && !zones.includes(filters.zone)) zones.push(filters.zone);
  const items = usePpeItems()?.items;
  const kinds = shownKinds(items, filters.kind ? [filters.kind] : []);

  return (
    <form className="filter-bar" role="search" aria-label="Filter captures" onSubmit={(e) => e.preventDefault()}>
      <CameraSelect
        testId="filter-camera"
        cameras={cameras}
        value={filters.cameraId}
        onChange={(cameraId) => onChange({ ...filters, cameraId })}
        withLocation
      />
      <ChoiceFilter
        label="Violation"
        testId="filter-kind"
        anyLabel="All kinds"
        choices={kinds}
        labelOf={(kind) => kindLabel(kind, items)}
        value={filters.kind}
        onChange={(kind) => onChange({ ...filters, kind })}
      />
      <ChoiceFilter
        label="Status"
        testId="filter-status"
        anyLabel="Any status"
        choices={CAPTURE_STATUSES}
        labelOf={captureStatusLabel}
        value={filters.status}
        onChange={(status) => onChange({ ...filters, status })}
      />
      {zones.length > 0 ? (
        <ChoiceFilter
          label="Zone"
          testId="filter-zone"
          anyLabel="Any zone"
          choices={zones}
          labelOf={(zone) => zone}
          value={filters.zone}
          onChange={(zone) => onChange({ ...filters, zone })}
        />
      ) : null}
      <TimeRangeFilter filters={filters} onChange={onChange} />
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

interface TimeRangeFilterProps {
  filters: ViolationFilters;
  onChange: (filters: ViolationFilters) => void;
}

/** A preset range ("last 24 hours"), or a custom one with its from and to. */
function TimeRangeFilter({ filters, onChange }: TimeRangeFilterProps) {
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
    <>
      <SelectField
        label="Time"
        testId="filter-range"
        narrow
        value={rangeValue}
        options={[
          { value: '', label: 'Any time' },
          ...RANGE_PRESETS.map((range) => ({ value: range, label: RANGE_LABELS[range] })),
          { value: 'custom', label: 'Custom range…' },
        ]}
        onChange={setRange}
      />
      {custom ? (
        <>
          <TextField
            label="From"
            testId="filter-from"
            type="datetime-local"
            width="narrow"
            value={isoToLocalInput(filters.from)}
            onChange={(value) => onChange({ ...filters, range: undefined, from: localInputToIso(value) })}
          />
          <TextField
            label="To"
            testId="filter-to"
            type="datetime-local"
            width="narrow"
            value={isoToLocalInput(filters.to)}
            onChange={(value) => onChange({ ...filters, range: undefined, to: localInputToIso(value) })}
          />
        </>
      ) : null}
    </>
  );
}

interface ChoiceFilterProps<T extends string> {
  label: string;
  testId: string;
  /** The first entry, choosing none (no filter). */
  anyLabel: string;
  choices: readonly T[];
  labelOf: (choice: T) => string;
  value: T | undefined;
  onChange: (value: T | undefined) => void;
}

/** A filter on one of a few values, or none. */
function ChoiceFilter<T extends string>({
  label,
  testId,
  anyLabel,
  choices,
  labelOf,
  value,
  onChange,
}: ChoiceFilterProps<T>) {
  return (
    <SelectField
      label={label}
      testId={testId}
      narrow
      value={value ?? ''}
      options={[
        { value: '', label: anyLabel },
        ...choices.map((choice) => ({ value: choice, label: labelOf(choice) })),
      ]}
      onChange={(next) => onChange(choices.find((choice) => choice === next))}
    />
  );
}
