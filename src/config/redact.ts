import { maskUrl } from '../ingest/mask-url';

/** Keys whose values are secrets wherever they appear (auth.adminPassword, auth.metricsToken, …). */
const SECRET_KEY = /(password|token|secret|api-?key)$/i;

/**
 * A copy of a config safe to show: secret-named values become `***`, and every string goes
 * through maskUrl, which hides credentials in camera URLs (and leaves other strings as they are).
 */
export function redactConfig<T>(value: T): T {
  return redact(value, undefined) as T;
}

function redact(value: unknown, key: string | undefined): unknown {
  if (typeof value === 'string') return key && SECRET_KEY.test(key) ? '***' : maskUrl(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, undefined));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  }
  return value;
}
