import { captureStatusLabel, kindColor, kindLabel, shownKinds } from '../../format';
import { usePpeItems } from '../../hooks/usePpeItems';
import { href } from '../../router';
import { countRows, formatRate, timeColumns, type Grouping } from '../../stats';
import { CAPTURE_STATUSES, type Camera, type Stats } from '../../types';
import { BarList, type BarRow } from '../charts/BarList';
import { ColumnChart } from '../charts/ColumnChart';
import { Panel } from '../Panel';

const STATUS_COLORS: Record<string, string> = {
  new: 'var(--accent)',
  acknowledged: 'var(--warning)',
  resolved: 'var(--st-detecting)',
  'false-positive': 'var(--faint)',
};

interface ViolationsOverTimeProps {
  stats: Stats | null;
  group: Grouping;
  onGroupChange: (group: Grouping) => void;
}

/** Violations per hour or per day, with the switch between the two. */
export function ViolationsOverTime({ stats, group, onGroupChange }: ViolationsOverTimeProps) {
  return (
    <Panel
      headingId="stats-time-heading"
      title={<>Violations per {group}</>}
      actions={
        <div className="segmented" role="group" aria-label="Group by">
          {(['hour', 'day'] as const).map((g) => (
            <button
              key={g}
              type="button"
              className={`segmented__button${group === g ? ' segmented__button--active' : ''}`}
              aria-pressed={group === g}
              data-testid={`stats-group-${g}`}
              onClick={() => onGroupChange(g)}
            >
              per {g}
            </button>
          ))}
        </div>
      }
    >
      {stats ? (
        <ColumnChart columns={timeColumns(stats, group)} testId="chart-time" label={`Violations per ${group}`} />
      ) : (
        <div className="chart chart--placeholder" />
      )}
    </Panel>
  );
}

/** Violations per camera and per kind, and captures per review status. */
export function StatsBreakdown({ stats, cameras }: { stats: Stats | null; cameras: readonly Camera[] }) {
  const items = usePpeItems()?.items;
  const cameraName = (id: string, name: string | null) => name ?? cameras.find((c) => c.id === id)?.name ?? id;
  const cameraRows: BarRow[] = (stats?.byCamera ?? []).map((c) => ({
    key: c.cameraId,
    label: cameraName(c.cameraId, c.cameraName),
    value: c.captures,
    detail: c.complianceRate === null ? 'no people judged' : `${formatRate(c.complianceRate)} compliant`,
  }));
  // Every item the model can show (at 0 too), and any other kind that was captured.
  const captured = Object.entries(stats?.byKind ?? {}).filter(([, n]) => n > 0);
  const kinds = shownKinds(
    items,
    captured.map(([kind]) => kind),
  );
  const kindColors = Object.fromEntries(kinds.map((kind) => [kind, kindColor(kind)]));
  const kindRows = countRows(kinds, (kind) => kindLabel(kind, items), stats?.byKind, kindColors);
  const statusRows = countRows(CAPTURE_STATUSES, captureStatusLabel, stats?.byStatus, STATUS_COLORS);

  return (
    <div className="stats-grid">
      <Panel headingId="stats-camera-heading" title="Per camera">
        <BarList rows={cameraRows} testId="chart-camera" label="Violations per camera" />
      </Panel>
      <Panel headingId="stats-kind-heading" title="Per kind">
        <BarList rows={kindRows} testId="chart-kind" label="Violations per kind" />
      </Panel>
      <Panel
        headingId="stats-status-heading"
        title="Review status"
        actions={
          <a className="panel__link" href={href.violations({ status: 'new' })}>
            Review new →
          </a>
        }
      >
        <BarList rows={statusRows} testId="chart-status" label="Captures per review status" />
      </Panel>
    </div>
  );
}
