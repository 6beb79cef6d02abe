import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseOr400 } from './http';
import { errorSchema } from './schemas';

/**
 * Who may call a route. `public`: anyone. `viewer`: any signed-in user. `admin`: admins only.
 * `metrics`: signed in, or the metrics token, or open when configured.
 */
export type Access = 'public' | 'viewer' | 'admin' | 'metrics';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
  /** Default application/json (with a schema). */
  contentType?: string;
}

/** Documented responses, for RouteSpec.responses. */
export const jsonResponse = (description: string, schema: z.ZodType): ResponseDoc => ({ description, schema });
export const jpegResponse = (description: string): ResponseDoc => ({ description, contentType: 'image/jpeg' });
export const mp4Response = (description: string): ResponseDoc => ({ description, contentType: 'video/mp4' });
export const errorResponse = (description: string): ResponseDoc => ({ description, schema: errorSchema });
export const NO_CONTENT: ResponseDoc = { description: 'done (no body)' };

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: Method;
  url: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Documented responses besides the generic errors (400/401/403 added from access and inputs). */
  responses: Record<number, ResponseDoc>;
  /** The body is parsed by the handler itself (e.g. PATCH merging); `body` is then documentation only. */
  rawBody?: boolean;
  handler(req: FastifyRequest, reply: FastifyReply, input: RouteInput<P, Q, B>): unknown;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}

/** Registers routes on Fastify with zod validation, and remembers them for the OpenAPI document. */
export class ApiRouter {
  readonly routes: RouteSpec<any, any, any>[] = [];

  constructor(private readonly app: FastifyInstance) {}

  route<P, Q, B>(spec: RouteSpec<P, Q, B>): void {
    this.routes.push(spec);
    this.app.route({
      method: spec.method,
      url: spec.url,
      config: { access: spec.access },
      handler: (req, reply) => {
        const input = {
          params: spec.params ? parseOr400(spec.params, req.params, 'path') : (req.params as P),
          query: spec.query ? parseOr400(spec.query, req.query ?? {}, 'query') : (req.query as Q),
          body: spec.body && !spec.rawBody ? parseOr400(spec.body, req.body, 'body') : (req.body as B),
        };
        return spec.handler(req, reply, input);
      },
    });
  }
}

// ---- OpenAPI 3.1 ----

type Json = Record<string, unknown>;

/** JSON Schema of a zod schema; named schemas (meta id) go to components.schemas and are referenced. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  delete out.$schema;
  const defs = (out.$defs ?? {}) as Record<string, Json>;
  delete out.$defs;
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node && typeof node === 'object') {
      const copy: Json = {};
      for (const [k, v] of Object.entries(node)) {
        copy[k] = k === '$ref' && typeof v === 'string' ? v.replace('#/$defs/', '#/components/schemas/') : rewrite(v);
      }
      return copy;
    }
    return node;
  };
  for (const [name, def] of Object.entries(defs)) components[name] ??= rewrite(def);
  return rewrite(out) as Json;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query', components: Json): Json[] {
  if (!schema) return [];
  const s = jsonSchema(schema, 'input', components) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return {
      name,
      in: where,
      required: where === 'path' || (s.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

const openapiPath = (url: string) => url.replace(/:([A-Za-z]+)/g, '{$1}');

export function openApiDocument(
  routes: RouteSpec<any, any, any>[],
  info: { title: string; version: string; description: string },
): Json {
  const components: Json = {};
  const paths: Record<string, Json> = {};
  const errorRef = () => ({ 'application/json': { schema: jsonSchema(errorSchema, 'output', components) } });
  for (const r of routes) {
    const responses: Json = {};
    for (const [code, doc] of Object.entries(r.responses)) {
      responses[code] = {
        description: doc.description,
        ...(doc.schema
          ? {
              content: {
                [doc.contentType ?? 'application/json']: { schema: jsonSchema(doc.schema, 'output', components) },
              },
            }
          : doc.contentType
            ? { content: { [doc.contentType]: {} } }
            : {}),
      };
    }
    const generic: Array<[number, string, boolean]> = [
      [400, 'invalid input: `{ error: "field: reason" }`', Boolean(r.params || r.query || r.body)],
      [401, 'not signed in', r.access !== 'public'],
      [403, 'signed in, but not an admin (or a cross-site request)', r.access === 'admin' || r.method !== 'GET'],
    ];
    for (const [code, description, applies] of generic) {
      if (applies && !responses[code]) responses[code] = { description, content: errorRef() };
    }
    const operation: Json = {
      tags: [r.tag],
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      'x-access': r.access,
      ...(r.access === 'public' ? { security: [] } : {}),
      parameters: [...parameters(r.params, 'path', components), ...parameters(r.query, 'query', components)],
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(r.body, 'input', components) } },
            },
          }
        : {}),
      responses,
    };
    const p = openapiPath(r.url);
    paths[p] = { ...(paths[p] ?? {}), [r.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'cctv_session', description: 'set by POST /api/auth/login' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, for GET /metrics only' },
      },
    },
    security: [{ session: [] }],
  };
}
