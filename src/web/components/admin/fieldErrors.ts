import type { FieldError } from '../../api';

/** Whether an error about `field` (e.g. `ppe.zones[0].polygon`) belongs under `prefix` (e.g. `ppe.zones[0]`). */
export function fieldMatches(field: string, prefix: string): boolean {
  return field === prefix || field.startsWith(`${prefix}.`) || field.startsWith(`${prefix}[`);
}

/** Messages of the errors under `prefix`, except those under one of `exclude` (shown elsewhere). */
export function pickErrors(errors: readonly FieldError[], prefix: string, exclude: readonly string[] = []): string[] {
  return errors
    .filter((e) => fieldMatches(e.field, prefix) && !exclude.some((x) => fieldMatches(e.field, x)))
    .map((e) => (e.field === prefix ? e.message : `${e.field.slice(prefix.length).replace(/^\./, '')}: ${e.message}`));
}

/** Errors no field on the form claims: shown at the top of the form, with their field name. */
export function unclaimedErrors(errors: readonly FieldError[], prefixes: readonly string[]): string[] {
  return errors
    .filter((e) => !prefixes.some((p) => fieldMatches(e.field, p)))
    .map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
}
