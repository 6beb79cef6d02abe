import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { HttpError, requestPath } from './http';

export const BODY_LIMIT = 1024 * 1024;

/** Fastify's own 4xx errors in the API's words. */
function fastifyErrorMessage(err: FastifyError): [number, string] {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return [413, `body: larger than ${BODY_LIMIT / 1024} KiB`];
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return [415, 'body: send JSON with Content-Type: application/json'];
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return [400, 'body: empty; send a JSON object'];
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return [400, 'body: its length does not match Content-Length'];
  }
  return [err.statusCode ?? 400, `request: ${err.message}`];
}

/** Every error leaves as `{ "error": "field: reason" }`; 5xx details go to the log only. */
export function registerErrorHandler(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof HttpError) {
      return reply.code(err.statusCode).headers(err.headers).send({ error: err.message });
    }
    if (err.statusCode && err.statusCode < 500) {
      const [code, message] = fastifyErrorMessage(err);
      return reply.code(code).send({ error: message });
    }
    log.error({ method: req.method, path: requestPath(req), err: err.message, stack: err.stack }, 'request failed');
    return reply.code(500).send({ error: 'server: internal error (see the server log)' });
  });
}

const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'headers: too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request: not received in time'],
};

/**
 * For requests Node's HTTP parser refuses before Fastify sees them (a body longer than its
 * Content-Length, a broken request line): the same JSON error format, then the connection closes.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'request: not a valid HTTP request'];
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${status === 400 ? 'Bad Request' : 'Error'}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      'X-Content-Type-Options: nosniff\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
