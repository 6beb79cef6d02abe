import { formatRate } from '../../stats';
import type { Stats } from '../../types';
import { Gauge } from '../charts/Gauge';

/** The headline numbers: compliance rate, violations, people judged, awaiting review, false positives. */
export function StatsKpis({ stats }: { stats: Stats | null }) {
  const open = stats?.byStatus?.new ?? 0;
  return (
    <div className="kpis">
      <div className="kpi kpi--gauge">
        <Gauge value={stats?.complianceRate ?? null} testId="stats-gauge" />
        <div>
          <div className="kpi__label">Compliance rate</div>
          <div className="kpi__value" data-testid="stats-compliance">
            {stats ? (stats.complianceRate === null ? '–' : formatRate(stats.complianceRate)) : '…'}
          </div>
          <div className="kpi__hint">people judged without a violation</div>
        </div>
      </div>
      <Kpi label="Violations" value={stats?.captures} testId="stats-captures" hint="false positives excluded" />
      <Kpi label="People judged" value={stats?.peopleJudged} testId="stats-people" hint="distinct people seen" />
      <Kpi label="Awaiting review" value={stats ? open : undefined} testId="stats-open" hint="status new" />
      <Kpi
        label="False positives"
        value={stats?.falsePositives}
        testId="stats-false-positives"
        hint="marked by reviewers"
      />
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
