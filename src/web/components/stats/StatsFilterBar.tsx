import { violationsCsvUrl } from '../../api';
import { RANGE_LABELS } from '../../filters';
import { STATS_RANGES, type StatsFilters, type StatsRange } from '../../router';
import { rangeStart } from '../../stats';
import type { Camera } from '../../types';
import { CameraSelect } from '../CameraSelect';
import { SelectField } from '../SelectField';

interface StatsFilterBarProps {
  filters: StatsFilters;
  cameras: readonly Camera[];
  /** Numbers are shown and newer ones are on their way. */
  refreshing: boolean;
  onChange: (filters: StatsFilters) => void;
}

/** The range and camera the numbers are for, and the CSV of their captures. */
export function StatsFilterBar({ filters, cameras, refreshing, onChange }: StatsFilterBarProps) {
  const csvFilters = () => ({ cameraId: filters.cameraId, from: rangeStart(filters.range, Date.now()) });
  return (
    <form className="filter-bar" role="search" aria-label="Statistics range" onSubmit={(e) => e.preventDefault()}>
      <SelectField
        label="Range"
        testId="stats-range"
        narrow
        value={filters.range}
        options={STATS_RANGES.map((range) => ({ value: range, label: RANGE_LABELS[range] }))}
        onChange={(range) => onChange({ ...filters, range: range as StatsRange })}
      />
      <CameraSelect
        testId="stats-camera"
        cameras={cameras}
        value={filters.cameraId}
        onChange={(cameraId) => onChange({ ...filters, cameraId })}
      />
      <div className="filter-bar__extra">
        {refreshing ? <span className="spinner" aria-label="Refreshing" /> : null}
        <a
          className="button button--small"
          data-testid="stats-export-csv"
          href={violationsCsvUrl(csvFilters())}
          download
          onClick={(e) => {
            e.currentTarget.href = violationsCsvUrl(csvFilters());
          }}
          title="Download the captures of this range (and camera) as CSV"
        >
          Export CSV
        </a>
      </div>
    </form>
  );
}
