// Camera URLs carry secrets (rtsp://admin:secret@10.0.0.5/..., ?access_token=...) and ffmpeg echoes
// URLs in its messages, so every URL or message that leaves the server goes through maskUrl first.

/**
 * `scheme:` or `scheme://`, then the userinfo: everything up to the last `@` before the path.
 * Passwords often hold a raw `@`, `#`, `:` or space, so only `/` and a line end stop it.
 */
const USERINFO = /([a-z][a-z0-9+.-]*:(?:\/\/)?)([^/\r\n]*)@/gi;
/** A query (or `;`-separated) parameter; the value runs to the next separator or white space. */
const PARAM = /([?&;])([^=&#;\s?]+)=([^&#;\s]*)/g;

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
 * Replaces every userinfo (`rtsp://user:pass@host/x` → `rtsp://***:***@host/x`) and every query
 * value not known to be harmless (`?access_token=abc` → `?access_token=***`) in `text`. Works on a
 * bare URL or on any message that contains URLs, such as an ffmpeg error line.
 */
export function maskUrl(text: string): string {
  return text
    .replace(USERINFO, (_all, scheme: string, userinfo: string) => `${scheme}${maskedUserinfo(userinfo)}@`)
    .replace(PARAM, (all, sep: string, name: string, value: string) =>
      value === '' || value === MASK || isHarmlessParam(name) ? all : `${sep}${name}=${MASK}`,
    );
}

function maskedUserinfo(userinfo: string): string {
  return userinfo.includes(':') ? `${MASK}:${MASK}` : MASK;
}
