import { maskUrl } from '../ingest/mask-url';

/** What a hidden value shows instead. */
export const MASK = '***';

/** Keys whose values are secrets wherever they appear (auth.adminPassword, auth.metricsToken, …). */
const SECRET_KEY = /(password|token|secret|api-?key)$/i;

/**
 * HTTP headers that carry credentials: Authorization, Proxy-Authorization, Cookie, and any name
 * with token, secret, key or auth in it (X-Api-Key, X-Auth-Token, …). A webhook's headers are
 * free-form, so the name is all there is to go by.
 */
const CREDENTIAL_HEADER = /^cookie$|token|secret|key|auth/i;

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADER.test(name);
}

/** A copy of HTTP headers with the values of credential headers masked. */
export function maskHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, isCredentialHeader(name) ? MASK : value]),
  );
}

/**
 * A copy of a config safe to show: secret-named values become `***`, so do the values of
 * credential headers (a webhook's `headers`), and every other string goes through maskUrl, which
 * hides credentials in camera URLs (and leaves other strings as they are).
 */
export function redactConfig<T>(value: T): T {
  return redact(value, undefined) as T;
}

function redact(value: unknown, key: string | undefined): unknown {
  if (typeof value === 'string') return key && SECRET_KEY.test(key) ? MASK : maskUrl(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, undefined));
  if (value && typeof value === 'object') {
    if (key === 'headers') return redact(maskHeaders(value as Record<string, string>), undefined);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  }
  return value;
}
