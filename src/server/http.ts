import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';

/** An error a client can act on: sent as `{ error: "field: reason" }` with its status. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, message);
export const notFound = (message: string) => new HttpError(404, message);
export const conflict = (message: string) => new HttpError(409, message);

/** The request's path without its query (for logs and errors: a query may hold anything). */
export const requestPath = (req: FastifyRequest) => req.url.split('?')[0];

/** `cameras[0].url`-style path of an issue, with `where` (e.g. "body") for the root. */
function issuePath(path: PropertyKey[], where: string): string {
  if (path.length === 0) return where;
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** "field: reason; other: reason" — the API's one error format. */
export function describeZodError(error: z.ZodError, where: string): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => {
      let message = issue.message;
      if (issue.code === 'unrecognized_keys')
        message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
      return `${issuePath(issue.path, where)}: ${message}`;
    })
    .join('; ');
}

/** Parses or throws a 400 naming the field and the reason. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badRequest(describeZodError(parsed.error, where));
  return parsed.data;
}
