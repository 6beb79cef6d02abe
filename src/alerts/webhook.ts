import { createHmac } from 'node:crypto';
import { isCredentialHeader, MASK } from '../config/redact';
import { alertJson, type Alert, type Channel } from './types';

export interface WebhookOptions {
  id: string;
  url: string;
  /** Signs every request (HMAC-SHA256 of `<unix time>.<body>`). */
  secret?: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Put the crop in the body as base64 (receivers that cannot fetch from the dashboard). */
  includeCrop: boolean;
}

export const SIGNATURE_HEADER = 'X-CCTV-Signature';

/** `t=<unix>,v1=<hex>`: the receiver recomputes the HMAC over `<t>.<raw body>` and compares. */
export function webhookSignature(secret: string, unixSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * POSTs each alert as JSON; any answer but 2xx is a failure the outbox retries. Its errors are
 * logged and shown to admins, so the values of its credential headers are masked in them: fetch
 * quotes a header value it refuses, and a receiver may echo one in its answer.
 */
export class WebhookChannel implements Channel {
  private readonly credentials: string[];

  constructor(private readonly opts: WebhookOptions) {
    // The whole value first, then the credential without its scheme ("Bearer …"), which a receiver may quote alone.
    this.credentials = Object.entries(opts.headers ?? {})
      .filter(([name, value]) => isCredentialHeader(name) && value.trim() !== '')
      .flatMap(([, value]) => [value, value.trim().replace(/^\S+\s+/, '')]);
  }

  get id(): string {
    return this.opts.id;
  }

  async send(alert: Alert, idempotencyKey: string): Promise<void> {
    const body = JSON.stringify(alertJson(alert, this.opts.includeCrop));
    const headers: Record<string, string> = {
      ...this.opts.headers,
      'Content-Type': 'application/json',
      'Idempotency-Key': idempotencyKey,
      'User-Agent': 'cctv-detection-factory',
    };
    if (this.opts.secret) headers[SIGNATURE_HEADER] = webhookSignature(this.opts.secret, unixNow(), body);
    let res: Response;
    try {
      res = await fetch(this.opts.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (err) {
      throw new Error(this.hideCredentials(fetchFailure(err, this.opts.timeoutMs)));
    }
    // Masked before it is cut short, so no part of a credential is left.
    const text = this.hideCredentials(await res.text().catch(() => ''));
    if (!res.ok) throw new Error(`HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
  }

  private hideCredentials(text: string): string {
    return this.credentials.reduce((hidden, value) => hidden.replaceAll(value, MASK), text);
  }

  async close(): Promise<void> {}
}

const unixNow = () => Math.floor(Date.now() / 1000);

/** fetch says "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND, a timeout). */
function fetchFailure(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = e.cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return cause?.message ?? e.message;
}
