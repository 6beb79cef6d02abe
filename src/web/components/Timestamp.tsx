import { formatCardTime, formatDateTime, formatRelative, formatShortTime, formatUtc } from '../format';

interface TimestampProps {
  iso: string;
  /** 'full': date and time; 'card': without the current year; 'short': time only when today; 'relative': "5 min ago". */
  format?: 'full' | 'card' | 'short' | 'relative';
  /** Current time, for 'short' and 'relative'; pass a ticking value (useNow) to keep it fresh. */
  now?: number;
}

/** A capture time in the viewer's local time, with the UTC time on hover. */
export function Timestamp({ iso, format = 'full', now }: TimestampProps) {
  const text =
    format === 'relative'
      ? formatRelative(iso, now)
      : format === 'short'
        ? formatShortTime(iso, now)
        : format === 'card'
          ? formatCardTime(iso, now)
          : formatDateTime(iso);
  return (
    <time className="timestamp" dateTime={iso} title={`${formatDateTime(iso)} (local) · ${formatUtc(iso)}`}>
      {text}
    </time>
  );
}
