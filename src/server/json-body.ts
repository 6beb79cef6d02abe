import type { FastifyInstance } from 'fastify';
import { badRequest } from './http';

/**
 * JSON bodies: an empty one counts as no body (a DELETE or sign-out sent with a JSON content
 * type); a syntax error is told as such, and a `__proto__` or `constructor` key is refused by name.
 */
export function registerJsonBody(app: FastifyInstance): void {
  const secureParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    if (text === '') return done(null, undefined);
    try {
      JSON.parse(text);
    } catch (err) {
      return done(badRequest(`body: not valid JSON (${(err as Error).message})`), undefined);
    }
    // Valid JSON that the prototype-poisoning check refuses.
    secureParser(req, text, (err, value) =>
      err ? done(badRequest('body: forbidden property name (__proto__ or constructor)'), undefined) : done(null, value),
    );
  });
}
