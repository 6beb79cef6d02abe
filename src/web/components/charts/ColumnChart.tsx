import { useElementWidth } from '../../hooks/useElementWidth';

export interface Column {
  key: string;
  value: number;
  /** Axis label (shown for some columns when they do not all fit). */
  label: string;
  /** Tooltip. */
  title: string;
}

interface ColumnChartProps {
  columns: readonly Column[];
  height?: number;
  testId?: string;
  /** Accessible summary of what the chart shows. */
  label: string;
}

const PAD = { top: 14, right: 8, bottom: 24, left: 34 };

/** Vertical bars over time, inline SVG at the container's pixel width (text never stretches). */
export function ColumnChart({ columns, height = 190, testId, label }: ColumnChartProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const max = Math.max(1, ...columns.map((c) => c.value));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1];
  const plotW = Math.max(10, width - PAD.left - PAD.right);
  const plotH = height - PAD.top - PAD.bottom;
  const step = plotW / Math.max(1, columns.length);
  const barW = Math.max(1, Math.min(28, step * 0.72));
  // Label every n-th column so labels are at least ~56 px apart.
  const every = Math.max(1, Math.ceil(56 / step));
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;

  return (
    <div
      className="chart"
      ref={ref}
      data-testid={testId}
      data-columns={columns.length}
      data-total={columns.reduce((s, c) => s + c.value, 0)}
    >
      <svg width={width} height={height} role="img" aria-label={label} className="chart__svg">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={width - PAD.right} y1={y(t)} y2={y(t)} className="chart__grid" />
            <text x={PAD.left - 6} y={y(t)} dy="0.32em" textAnchor="end" className="chart__tick">
              {t}
            </text>
          </g>
        ))}
        {columns.map((c, i) => {
          const x = PAD.left + i * step + (step - barW) / 2;
          const h = (c.value / top) * plotH;
          return (
            <g key={c.key}>
              <rect x={PAD.left + i * step} y={PAD.top} width={step} height={plotH} className="chart__hover">
                <title>{c.title}</title>
              </rect>
              {c.value > 0 ? (
                <rect
                  x={x}
                  y={PAD.top + plotH - h}
                  width={barW}
                  height={h}
                  rx={Math.min(2, barW / 3)}
                  className="chart__bar"
                >
                  <title>{c.title}</title>
                </rect>
              ) : null}
              {i % every === 0 ? (
                <text x={PAD.left + i * step + step / 2} y={height - 8} textAnchor="middle" className="chart__tick">
                  {c.label}
                </text>
              ) : null}
            </g>
          );
        })}
        <line x1={PAD.left} x2={width - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} className="chart__axis" />
      </svg>
    </div>
  );
}

/** 0 and 2–5 round steps up to at least `max`. */
export function niceTicks(max: number): number[] {
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(Math.max(1, raw)));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag);
  const out: number[] = [];
  for (let v = 0; v < max + step; v += step) {
    out.push(v);
    if (v >= max) break;
  }
  return out;
}
