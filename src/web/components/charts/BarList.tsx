import { useElementWidth } from '../../hooks/useElementWidth';

export interface BarRow {
  key: string;
  label: string;
  value: number;
  /** Text after the value, e.g. "97% compliant". */
  detail?: string;
  /** CSS colour of the bar (defaults to the accent). */
  color?: string;
}

interface BarListProps {
  rows: readonly BarRow[];
  testId?: string;
  label: string;
  emptyText?: string;
}

const ROW_H = 40;

/** Horizontal bars, one per row: label and value above, the bar below; inline SVG at the container's width. */
export function BarList({ rows, testId, label, emptyText = 'Nothing in this range.' }: BarListProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>(400);
  const max = Math.max(1, ...rows.map((r) => r.value));
  const height = Math.max(1, rows.length) * ROW_H;
  return (
    <div className="chart" ref={ref} data-testid={testId} data-rows={rows.length}>
      {rows.length === 0 ? (
        <div className="chart__empty">{emptyText}</div>
      ) : (
        <svg width={width} height={height} role="img" aria-label={label} className="chart__svg">
          {rows.map((r, i) => {
            const y = i * ROW_H;
            const w = (r.value / max) * width;
            return (
              <g key={r.key} data-row={r.key}>
                <title>{`${r.label}: ${r.value}${r.detail ? ` (${r.detail})` : ''}`}</title>
                <text x={0} y={y + 13} dy="0.32em" className="chart__label">
                  {truncate(r.label, Math.floor(width / 2 / 7.5))}
                </text>
                <text x={width} y={y + 13} dy="0.32em" textAnchor="end" className="chart__value">
                  {r.detail ? <tspan className="chart__detail">{r.detail} · </tspan> : null}
                  {r.value}
                </text>
                <rect x={0} y={y + 24} width={width} height={8} rx={4} className="chart__track" />
                {r.value > 0 ? (
                  <rect
                    x={0}
                    y={y + 24}
                    width={Math.max(4, w)}
                    height={8}
                    rx={4}
                    className="chart__bar"
                    style={r.color ? { fill: r.color } : undefined}
                  />
                ) : null}
              </g>
            );
          })}
        </svg>
      )}
    </div>
  );
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}
