import type { CaptureStore } from '../../store/captures';
import type { Db } from '../../store/db';
import type { CameraService } from '../cameras';
import type { SystemMetrics } from '../metrics';
import { jsonResponse, type ApiRouter } from '../router';
import { healthSchema, readySchema } from '../schemas';

export interface HealthRouteDeps {
  db: Db;
  cameras: CameraService;
  captures: CaptureStore;
  metrics: SystemMetrics;
}

/** Liveness, readiness and Prometheus metrics. */
export function registerHealthRoutes(api: ApiRouter, { db, cameras, captures, metrics }: HealthRouteDeps): void {
  api.route({
    method: 'GET',
    url: '/health',
    tag: 'health',
    summary: 'Liveness: the process answers',
    access: 'public',
    responses: { 200: jsonResponse('alive', healthSchema) },
    handler: () => ({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) }),
  });

  api.route({
    method: 'GET',
    url: '/ready',
    tag: 'health',
    summary: 'Readiness: database reachable and a worker running for each enabled camera',
    access: 'public',
    responses: { 200: jsonResponse('ready', readySchema), 503: jsonResponse('not ready, with reasons', readySchema) },
    handler: (_req, reply) => {
      const reasons: string[] = [];
      try {
        db.prepare('SELECT 1').get();
      } catch (e) {
        reasons.push(`database: ${(e as Error).message}`);
      }
      if (!reasons.length) reasons.push(...cameras.readinessProblems());
      return reply.code(reasons.length ? 503 : 200).send({ status: reasons.length ? 'not-ready' : 'ready', reasons });
    },
  });

  api.route({
    method: 'GET',
    url: '/metrics',
    tag: 'health',
    summary: 'Prometheus metrics',
    description: 'Needs a session, or `Authorization: Bearer <METRICS_TOKEN>`; open with METRICS_OPEN=1.',
    access: 'metrics',
    responses: { 200: { description: 'Prometheus text format', contentType: 'text/plain' } },
    handler: async (_req, reply) => {
      metrics.storageBytes.set(captures.totalBytes());
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    },
  });
}
