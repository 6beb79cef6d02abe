import { useEffect, useRef, useState } from 'react';
import { errorMessage, getStats, startRequest, violationsCsvUrl } from '../api';
import { CameraSelect } from '../components/CameraSelect';
import { BarList, type BarRow } from '../components/charts/BarList';
import { ColumnChart, type Column } from '../components/charts/ColumnChart';
import { Gauge } from '../components/charts/Gauge';
import { ErrorNotice } from '../components/ErrorNotice';
import { Panel } from '../components/Panel';
import { SelectField } from '../components/SelectField';
import { captureStatusLabel, kindColor, kindLabel, shownKinds } from '../format';
import { usePpeItems } from '../hooks/usePpeItems';
import { useCameras, useCaptureChanges, useCaptureEvents } from '../live/context';
import { href, navigate, STATS_RANGES, type StatsFilters, type StatsRange } from '../router';
import { CAPTURE_STATUSES, type Stats } from '../types';

const HOUR = 3_600_000;
const RANGE_MS: Record<StatsRange, number> = {
  '24h': 24 * HOUR,
  '7d': 7 * 24 * HOUR,
  '30d': 30 * 24 * HOUR,
  '90d': 90 * 24 * HOUR,
};
const RANGE_LABELS: Record<StatsRange, string> = {
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
};
/** Refresh at most this often while captures arrive, and at least this often otherwise. */
const LIVE_REFRESH_MS = 5_000;
const IDLE_REFRESH_MS = 60_000;

const hourFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const hourTitleFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const dayTitleFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
});

const STATUS_COLORS: Record<string, string> = {
  new: 'var(--accent)',
  acknowledged: 'var(--warning)',
  resolved: 'var(--st-detecting)',
  'false-positive': 'var(--faint)',
};

type Grouping = 'hour' | 'day';

/** Violations over time, per camera and per kind, the compliance rate, and a CSV export. */
export function StatsPage({ filters }: { filters: StatsFilters }) {
  const { cameras } = useCameras();
  const items = usePpeItems()?.items;
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const [grouping, setGrouping] = useState<Grouping | null>(null);
  const group: Grouping = grouping ?? (filters.range === '24h' ? 'hour' : 'day');
  const key = `${filters.range}|${filters.cameraId ?? ''}`;
  const shownKey = useRef<string | null>(null);

  useEffect(() => {
    const to = Date.now();
    setLoading(true);
    const cancel = startRequest(
      (signal) =>
        getStats(
          {
            from: new Date(to - RANGE_MS[filters.range]).toISOString(),
            to: new Date(to).toISOString(),
            cameraId: filters.cameraId,
          },
          { signal },
        ),
      (next) => {
        shownKey.current = key;
        setStats(next);
        setError(null);
        setLoading(false);
      },
      (err) => {
        setError(errorMessage(err));
        setLoading(false);
      },
    );
    const timer = setTimeout(() => setTick((t) => t + 1), IDLE_REFRESH_MS);
    return () => {
      cancel();
      clearTimeout(timer);
    };
  }, [key, filters.range, filters.cameraId, tick]);

  // New captures and reviews change the numbers: refresh, at most every few seconds.
  const pendingRefresh = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const scheduleRefresh = () => {
    if (pendingRefresh.current !== undefined) return;
    pendingRefresh.current = setTimeout(() => {
      pendingRefresh.current = undefined;
      setTick((t) => t + 1);
    }, LIVE_REFRESH_MS);
  };
  useEffect(() => () => clearTimeout(pendingRefresh.current), []);
  useCaptureEvents((capture) => {
    if (!filters.cameraId || capture.cameraId === filters.cameraId) scheduleRefresh();
  });
  useCaptureChanges(() => scheduleRefresh());

  const setFilters = (next: StatsFilters) => navigate(href.stats(next), { replace: true });
  const csvFilters = () => ({
    cameraId: filters.cameraId,
    from: new Date(Date.now() - RANGE_MS[filters.range]).toISOString(),
  });

  // While another range loads, the previous numbers stay (nothing jumps); a spinner says it is refreshing.
  const current = stats;
  const columns = current ? timeColumns(current, group) : [];
  const cameraName = (id: string, name: string | null) => name ?? cameras.find((c) => c.id === id)?.name ?? id;
  const cameraRows: BarRow[] = (current?.byCamera ?? []).map((c) => ({
    key: c.cameraId,
    label: cameraName(c.cameraId, c.cameraName),
    value: c.captures,
    detail: c.complianceRate === null ? 'no people judged' : `${formatRate(c.complianceRate)} compliant`,
  }));
  // Every item the model can show (at 0 too), and any other kind that was captured.
  const captured = Object.entries(current?.byKind ?? {}).filter(([, n]) => n > 0);
  const kinds = shownKinds(
    items,
    captured.map(([kind]) => kind),
  );
  const kindColors = Object.fromEntries(kinds.map((kind) => [kind, kindColor(kind)]));
  const kindRows = countRows(kinds, (kind) => kindLabel(kind, items), current?.byKind, kindColors);
  const statusRows = countRows(CAPTURE_STATUSES, captureStatusLabel, current?.byStatus, STATUS_COLORS);
  const open = current?.byStatus?.new ?? 0;

  return (
    <div className="page stats-page" data-testid="stats-page" aria-busy={loading}>
      <div className="section-head">
        <h1 className="section-head__title">Statistics</h1>
        {current ? (
          <span className="section-head__aside">
            {new Date(current.from).toLocaleString()} – {new Date(current.to).toLocaleString()}
          </span>
        ) : null}
      </div>

      <form className="filter-bar" role="search" aria-label="Statistics range" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label="Range"
          testId="stats-range"
          narrow
          value={filters.range}
          options={STATS_RANGES.map((range) => ({ value: range, label: RANGE_LABELS[range] }))}
          onChange={(range) => {
            setGrouping(null);
            setFilters({ ...filters, range: range as StatsRange });
          }}
        />
        <CameraSelect
          testId="stats-camera"
          cameras={cameras}
          value={filters.cameraId}
          onChange={(cameraId) => setFilters({ ...filters, cameraId })}
        />
        <div className="filter-bar__extra">
          {loading && current ? <span className="spinner" aria-label="Refreshing" /> : null}
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

      {error && !current ? (
        <ErrorNotice title="Could not load the statistics" message={error} onRetry={() => setTick((t) => t + 1)} />
      ) : null}
      {error && current ? <ErrorNotice title="Could not refresh the statistics" message={error} /> : null}

      <div className="kpis">
        <div className="kpi kpi--gauge">
          <Gauge value={current?.complianceRate ?? null} testId="stats-gauge" />
          <div>
            <div className="kpi__label">Compliance rate</div>
            <div className="kpi__value" data-testid="stats-compliance">
              {current ? (current.complianceRate === null ? '–' : formatRate(current.complianceRate)) : '…'}
            </div>
            <div className="kpi__hint">people judged without a violation</div>
          </div>
        </div>
        <Kpi label="Violations" value={current?.captures} testId="stats-captures" hint="false positives excluded" />
        <Kpi label="People judged" value={current?.peopleJudged} testId="stats-people" hint="distinct people seen" />
        <Kpi label="Awaiting review" value={current ? open : undefined} testId="stats-open" hint="status new" />
        <Kpi
          label="False positives"
          value={current?.falsePositives}
          testId="stats-false-positives"
          hint="marked by reviewers"
        />
      </div>

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
                onClick={() => setGrouping(g)}
              >
                per {g}
              </button>
            ))}
          </div>
        }
      >
        {current ? (
          <ColumnChart columns={columns} testId="chart-time" label={`Violations per ${group}`} />
        ) : (
          <div className="chart chart--placeholder" />
        )}
      </Panel>

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
    </div>
  );
}

function Kpi({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: number | undefined;
  hint: string;
  testId: string;
}) {
  return (
    <div className="kpi">
      <div className="kpi__label">{label}</div>
      <div className="kpi__value num" data-testid={testId}>
        {value === undefined ? '…' : value.toLocaleString()}
      </div>
      <div className="kpi__hint">{hint}</div>
    </div>
  );
}

/** One bar per key, in the given order (a key the numbers lack counts 0). */
function countRows<K extends string>(
  keys: readonly K[],
  label: (key: K) => string,
  counts: Partial<Record<K, number>> | undefined,
  colors: Record<string, string>,
): BarRow[] {
  return keys.map((key) => ({ key, label: label(key), value: counts?.[key] ?? 0, color: colors[key] }));
}

function formatRate(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** The hourly buckets as columns, or summed per local calendar day. */
function timeColumns(stats: Stats, group: Grouping): Column[] {
  if (group === 'hour') {
    return stats.byHour.map((h) => {
      const d = new Date(h.hour);
      return {
        key: h.hour,
        value: h.captures,
        label: hourFormat.format(d),
        title: `${hourTitleFormat.format(d)}: ${h.captures} violation${h.captures === 1 ? '' : 's'}, ${h.peopleJudged} people judged`,
      };
    });
  }
  const days = new Map<string, { date: Date; captures: number; people: number }>();
  for (const h of stats.byHour) {
    const d = new Date(h.hour);
    const k = `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
    const entry = days.get(k) ?? { date: new Date(d.getFullYear(), d.getMonth(), d.getDate()), captures: 0, people: 0 };
    entry.captures += h.captures;
    entry.people += h.peopleJudged;
    days.set(k, entry);
  }
  return [...days.entries()].map(([k, d]) => ({
    key: k,
    value: d.captures,
    label: dayFormat.format(d.date),
    title: `${dayTitleFormat.format(d.date)}: ${d.captures} violation${d.captures === 1 ? '' : 's'}, ${d.people} people judged`,
  }));
}
