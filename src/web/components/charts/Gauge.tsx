interface GaugeProps {
  /** 0..1, or null when unknown. */
  value: number | null;
  size?: number;
  testId?: string;
}

/** A ring showing a rate; red below 90 %, amber below 97 %, green above. */
export function Gauge({ value, size = 96, testId }: GaugeProps) {
  const r = size / 2 - 8;
  const c = 2 * Math.PI * r;
  const v = value === null ? 0 : Math.max(0, Math.min(1, value));
  const tone = value === null ? 'none' : v < 0.9 ? 'bad' : v < 0.97 ? 'warn' : 'good';
  return (
    <svg
      width={size}
      height={size}
      viewBox={`0 0 ${size} ${size}`}
      className={`gauge gauge--${tone}`}
      data-testid={testId}
      role="img"
      aria-label={value === null ? 'compliance unknown' : `compliance ${Math.round(v * 1000) / 10} percent`}
    >
      <circle cx={size / 2} cy={size / 2} r={r} className="gauge__track" />
      {v > 0 ? (
        <circle
          cx={size / 2}
          cy={size / 2}
          r={r}
          className="gauge__value"
          strokeDasharray={`${c * v} ${c}`}
          transform={`rotate(-90 ${size / 2} ${size / 2})`}
        />
      ) : null}
      <text x="50%" y="50%" dy="0.35em" textAnchor="middle" className="gauge__text">
        {value === null ? '–' : `${Math.round(v * 1000) / 10}%`}
      </text>
    </svg>
  );
}
