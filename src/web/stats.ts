// How the statistics page's numbers become chart columns and bars, and where its range starts.

import type { BarRow } from './components/charts/BarList';
import type { Column } from './components/charts/ColumnChart';
import { RANGE_MS } from './filters';
import type { StatsRange } from './router';
import type { Stats } from './types';

/** Where `range` starts when it ends at `to` (ms), as ISO. */
export function rangeStart(range: StatsRange, to: number): string {
  return new Date(to - RANGE_MS[range]).toISOString();
}

export type Grouping = 'hour' | 'day';

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

/** One bar per key, in the given order (a key the numbers lack counts 0). */
export function countRows<K extends string>(
  keys: readonly K[],
  label: (key: K) => string,
  counts: Partial<Record<K, number>> | undefined,
  colors: Record<string, string>,
): BarRow[] {
  return keys.map((key) => ({ key, label: label(key), value: counts?.[key] ?? 0, color: colors[key] }));
}

export function formatRate(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** The hourly buckets as columns, or summed per local calendar day. */
export function timeColumns(stats: Stats, group: Grouping): Column[] {
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
