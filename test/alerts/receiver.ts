import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: any;
  signatureValid: boolean;
}

/** A webhook receiver on 127.0.0.1 that checks each request's signature as a user's would. */
export async function startReceiver(secret: string) {
  const received: Received[] = [];
  /** Answers to give, in order, before answering 200 (e.g. [500, 500]). */
  const failures: number[] = [];
  let delayMs = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const [t, v1] = String(req.headers['x-cctv-signature'] ?? '')
        .split(',')
        .map((part) => part.split('=')[1] ?? '');
      const expected = createHmac('sha256', secret).update(`${t}.${raw}`).digest('hex');
      const signatureValid = v1.length === expected.length && timingSafeEqual(Buffer.from(v1), Buffer.from(expected));
      const status = failures.shift() ?? 200;
      setTimeout(() => {
        if (status === 200) received.push({ headers: req.headers, body: JSON.parse(raw), signatureValid });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'receiver is down');
      }, delayMs);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    failures,
    setDelay: (ms: number) => (delayMs = ms),
    close: () => new Promise((r) => server.close(r)),
  };
}

/** Polls until `check` holds or the time is up. */
export async function waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
