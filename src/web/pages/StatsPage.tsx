import { useState } from 'react';
import { ErrorNotice } from '../components/ErrorNotice';
import { StatsBreakdown, ViolationsOverTime } from '../components/stats/StatsCharts';
import { StatsFilterBar } from '../components/stats/StatsFilterBar';
import { StatsKpis } from '../components/stats/StatsKpis';
import { useStats } from '../hooks/useStats';
import { useCameras } from '../live/context';
import { href, navigate, type StatsFilters } from '../router';
import type { Grouping } from '../stats';

/** Violations over time, per camera and per kind, the compliance rate, and a CSV export. */
export function StatsPage({ filters }: { filters: StatsFilters }) {
  const { cameras } = useCameras();
  // While another range loads, the previous numbers stay (nothing jumps); a spinner says it is refreshing.
  const { stats, error, loading, refresh } = useStats(filters);
  const [grouping, setGrouping] = useState<Grouping | null>(null);
  const group: Grouping = grouping ?? (filters.range === '24h' ? 'hour' : 'day');

  const setFilters = (next: StatsFilters) => {
    // Another range goes back to its own grouping (per hour for 24 hours, else per day).
    if (next.range !== filters.range) setGrouping(null);
    navigate(href.stats(next), { replace: true });
  };

  return (
    <div className="page stats-page" data-testid="stats-page" aria-busy={loading}>
      <div className="section-head">
        <h1 className="section-head__title">Statistics</h1>
        {stats ? (
          <span className="section-head__aside">
            {new Date(stats.from).toLocaleString()} – {new Date(stats.to).toLocaleString()}
          </span>
        ) : null}
      </div>

      <StatsFilterBar
        filters={filters}
        cameras={cameras}
        refreshing={loading && stats !== null}
        onChange={setFilters}
      />

      {error && !stats ? <ErrorNotice title="Could not load the statistics" message={error} onRetry={refresh} /> : null}
      {error && stats ? <ErrorNotice title="Could not refresh the statistics" message={error} /> : null}

      <StatsKpis stats={stats} />
      <ViolationsOverTime stats={stats} group={group} onGroupChange={setGrouping} />
      <StatsBreakdown stats={stats} cameras={cameras} />
    </div>
  );
}
