/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled.
 * A text starting with = + - @ (or tab / carriage return) would run as a formula in a spreadsheet,
 * so it is prefixed with a single quote (OWASP "CSV injection").
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** One page of a keyset-paged listing: its items and the cursor of the next (older) page. */
export interface CsvPage<T, C> {
  items: T[];
  nextCursor: C | null;
}

/**
 * A CSV download's lines: a BOM and the header, then up to `limit` rows, fetched 500 at a time — pages,
 * not one open cursor, so the connection stays free for other requests meanwhile.
 */
export function* pagedCsvLines<T, C>(
  header: readonly string[],
  page: (limit: number, before: C | undefined) => CsvPage<T, C>,
  row: (item: T) => unknown[],
  limit: number,
): Generator<string> {
  yield `\ufeff${csvRow([...header])}`;
  let before: C | undefined;
  for (let left = limit; left > 0;) {
    const { items, nextCursor } = page(Math.min(500, left), before);
    for (const item of items) yield csvRow(row(item));
    left -= items.length;
    if (nextCursor === null) break;
    before = nextCursor;
  }
}
