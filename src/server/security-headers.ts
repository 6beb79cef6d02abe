import type { FastifyInstance } from 'fastify';

/**
 * The dashboard loads only its own scripts, styles, images (probe pictures arrive as blob: URLs,
 * the icon as a data: URL) and capture clips, and talks only to this server; no page may frame it.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Security headers on every response, set on the raw response as the request arrives so the
 * streams that write their own head (MJPEG, server-sent events) and early 401s carry them too.
 */
export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    for (const [name, value] of Object.entries(HEADERS)) reply.raw.setHeader(name, value);
    // Only where the browser reached us over TLS (directly, or through a proxy with TRUST_PROXY).
    if (req.protocol === 'https') reply.raw.setHeader('Strict-Transport-Security', 'max-age=31536000');
  });
}
