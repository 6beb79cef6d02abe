// Camera URLs carry secrets (rtsp://admin:secret@10.0.0.5/..., ?access_token=...) and ffmpeg echoes
// URLs in its messages, so every URL or message that leaves the server goes through maskUrl first.
// The rules below err on the side of hiding: masking too much costs a less readable URL, too
// little a password.

/**
 * The userinfo after `scheme://`: everything up to the first `@`, then on to the last `@` before the
 * next `/`. Passwords hold raw `@`, `#`, `:`, spaces and `/`, so no character but `@` ends the part
 * before the first `@` (`admin:pa/ss@host/x`); past it, the host is what ends at a `/`, so a path's
 * `@` stays (`u:p@host/path@x`) and so does a later one (`u:se@cr#et@host/s` is one userinfo). A URL
 * without userinfo but with an `@` later on its line is masked up to it: the safe side. The userinfo
 * never starts with `/` (`file:///a@b`) nor runs into another URL's `://`, nor past a line end.
 */
const AUTHORITY_USERINFO = String.raw`(?!\/)((?:(?!:\/\/)[^@\r\n])*(?:@[^/\r\n]*)?)@`;
/** `scheme://userinfo@`, or `scheme:userinfo@` (no `//`), whose userinfo has no `/` at all. */
const USERINFO = new RegExp(String.raw`([a-z][a-z0-9+.-]*:)(?:(\/\/)${AUTHORITY_USERINFO}|([^/\r\n]*)@)`, 'gi');
const LEADING_USERINFO = new RegExp(`^${AUTHORITY_USERINFO}`);

/**
 * A query, `;` or fragment (`#access_token=…`) parameter. A value runs to the next `&`, `;` or `#`
 * and may hold raw spaces (`?token=my secret`); it ends at a line end or at `: `, which is how
 * ffmpeg and Node put their message after a URL (`http://h/x?t=abc: Connection refused`), so the
 * reason survives. Names may hold spaces too.
 */
export const URL_PARAM = /([?&;#])([^=&#;?\r\n]+)=((?:(?!: )[^&#;\r\n])*)/g;

/**
 * Query parameters that select a stream and never hold a secret; every other value is masked,
 * since cameras and services use all kinds of names for keys and tokens.
 */
const HARMLESS_PARAMS = new Set([
  'channel',
  'chn',
  'subtype',
  'stream',
  'streamtype',
  'profile',
  'resolution',
  'fps',
  'rate',
  'framerate',
  'codec',
  'videocodec',
  'transport',
  'unicast',
  'camera',
]);

export const MASK = '***';

/** Is the value of this query parameter shown as is? */
export function isHarmlessParam(name: string): boolean {
  return HARMLESS_PARAMS.has(name.toLowerCase());
}

/**
 * What follows `scheme://`, split by the userinfo rule above: `admin:pa/ss@h/x` → userinfo
 * `admin:pa/ss`, rest `h/x`. No userinfo without an `@`.
 */
export function splitUserinfo(afterSlashes: string): { userinfo?: string; rest: string } {
  const m = LEADING_USERINFO.exec(afterSlashes);
  return m ? { userinfo: m[1], rest: afterSlashes.slice(m[0].length) } : { rest: afterSlashes };
}

/**
 * Replaces every userinfo (`rtsp://user:pass@host/x` → `rtsp://***:***@host/x`) and every query or
 * fragment value not known to be harmless (`?access_token=abc` → `?access_token=***`) in `text`.
 * Works on a bare URL or on any message that contains URLs, such as an ffmpeg error line.
 */
export function maskUrl(text: string): string {
  return text
    .replace(
      USERINFO,
      (_all, scheme: string, slashes: string | undefined, userinfo: string | undefined, opaque: string | undefined) =>
        `${scheme}${slashes ?? ''}${maskedUserinfo(userinfo ?? opaque ?? '')}@`,
    )
    .replace(URL_PARAM, (all, sep: string, name: string, value: string) =>
      value === '' || value === MASK || isHarmlessParam(name) ? all : `${sep}${name}=${MASK}`,
    );
}

function maskedUserinfo(userinfo: string): string {
  return userinfo.includes(':') ? `${MASK}:${MASK}` : MASK;
}
