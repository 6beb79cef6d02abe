import { openApiDocument, type ApiRouter } from '../router';

/** The OpenAPI document of every route on `api`, built at its first request (all routes are there by then). */
export function registerDocsRoute(api: ApiRouter): void {
  let doc: unknown;
  api.route({
    method: 'GET',
    url: '/api/docs',
    tag: 'docs',
    summary: 'This OpenAPI 3.1 document',
    access: 'viewer',
    responses: { 200: { description: 'OpenAPI 3.1 JSON', contentType: 'application/json' } },
    handler: () =>
      (doc ??= openApiDocument(api.routes, {
        title: 'CCTV Detection Factory API',
        version: '1',
        description:
          'Errors are `{ "error": "field: reason" }` with a 4xx status. Sign in with POST /api/auth/login (HttpOnly session cookie). ' +
          'x-access on each operation: public, viewer (any signed-in user), admin, metrics. See docs/api.md.',
      })),
  });
}
