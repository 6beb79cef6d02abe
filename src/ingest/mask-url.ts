// Camera URLs carry credentials (rtsp://admin:secret@10.0.0.5/...) and ffmpeg echoes URLs in its
// messages, so everything ingest logs or stores goes through maskUrl first.

/** `scheme://userinfo@` — greedy up to the last `@` of the authority, since camera passwords often hold a raw `@`. */
const USERINFO = /([a-z][a-z0-9+.-]*:\/\/)([^\s/?#]*)@/gi;
/** Credentials some cameras take in the query string (`snapshot.cgi?user=admin&pwd=secret`). */
const SECRET_PARAM = /([?&](?:user|username|login|pass|password|pwd|passwd|token|auth)=)[^&#\s]*/gi;

/**
 * Replaces the user and password in every URL in `text` with `***`
 * (`rtsp://user:pass@host/x` → `rtsp://***:***@host/x`). Works on a bare URL or on any message
 * that contains URLs, such as an ffmpeg error line.
 */
export function maskUrl(text: string): string {
  return text
    .replace(
      USERINFO,
      (_all, scheme: string, userinfo: string) => `${scheme}${userinfo.includes(':') ? '***:***' : '***'}@`,
    )
    .replace(SECRET_PARAM, '$1***');
}
