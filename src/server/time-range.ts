import { badRequest } from './http';

/** Milliseconds of an instant as the API takes it (`instantSchema`): a bare date is midnight UTC. */
export function instantMs(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
}

/** A range [from, to) must not be empty. */
export function assertFromBeforeTo(fromMs: number, toMs: number): void {
  if (fromMs >= toMs) throw badRequest('from: must be before to');
}
