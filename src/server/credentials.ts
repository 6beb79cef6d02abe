// The API only ever shows masked URLs (`rtsp://***:***@host/…`, `?token=***`), so a client sending
// one back means "keep the stored credentials". They are put back only for the address they
// belong to: restored into another scheme, host or port they would be sent to whoever listens there.
import { isHarmlessParam, MASK, maskUrl, splitUserinfo, URL_PARAM } from '../ingest/mask-url';
import { badRequest } from './http';

const DEFAULT_PORTS: Record<string, string> = { rtsp: '554', rtsps: '322', http: '80', https: '443' };

interface UrlParts {
  scheme: string;
  /** `user:password`, or undefined without an `@`. */
  userinfo?: string;
  /** Lower-case host and port (the scheme's default port when none is given). */
  origin: string;
  /** Everything after the userinfo's `@` (or after `//` without one). */
  rest: string;
}

/**
 * Splits `scheme://userinfo@host:port/…` the way maskUrl reads it (see splitUserinfo).
 * Undefined for anything that is not such a URL (files, devices).
 */
function splitUrl(url: string): UrlParts | undefined {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is.exec(url);
  if (!m) return undefined;
  const scheme = m[1].toLowerCase();
  const { userinfo, rest } = splitUserinfo(m[2]);
  const hostPort = rest.split(/[/?#]/)[0].toLowerCase();
  const portMatch = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostPort);
  const host = portMatch?.[1] ?? hostPort;
  const port = portMatch?.[2] || DEFAULT_PORTS[scheme] || '';
  return { scheme, userinfo, origin: `${host}:${port}`, rest };
}

/** Stored query values by parameter name (lower case), in order, for masked ones to take back. */
function storedParams(url: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const m of url.matchAll(URL_PARAM)) {
    const name = m[2].toLowerCase();
    if (!isHarmlessParam(name)) values.set(name, [...(values.get(name) ?? []), m[3]]);
  }
  return values;
}

/**
 * The URL to use for an edit or a probe: masked parts of `url` replaced by the stored ones, when
 * `url` has the scheme, host and port of `stored`. Throws a 400 otherwise, and when masked parts
 * remain that nothing can restore.
 */
export function restoreCredentials(url: string, stored: string | undefined): string {
  if (!url.includes(MASK)) return url;
  if (stored !== undefined && url === maskUrl(stored)) return stored;
  let out = url;
  const from = stored === undefined ? undefined : splitUrl(stored);
  if (stored !== undefined && from) {
    const to = splitUrl(url);
    if (!to || to.scheme !== from.scheme || to.origin !== from.origin) {
      throw badRequest(
        `url: the stored credentials (***) are only used for ${from.scheme}://${from.origin}; ` +
          'for another scheme, host or port enter the user name and password',
      );
    }
    if (from.userinfo !== undefined && (to.userinfo === MASK || to.userinfo === `${MASK}:${MASK}`))
      out = `${to.scheme}://${from.userinfo}@${to.rest}`;
    const values = storedParams(stored);
    out = out.replace(URL_PARAM, (all, sep: string, name: string, value: string) => {
      const taken = value === MASK ? values.get(name.toLowerCase())?.shift() : undefined;
      return taken === undefined ? all : `${sep}${name}=${taken}`;
    });
  }
  if (out.includes(MASK)) {
    throw badRequest('url: holds masked credentials (***) that cannot be restored; enter the user name and password');
  }
  return out;
}
