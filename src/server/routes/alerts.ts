import { z } from 'zod';
import type { AlertService } from '../../alerts/service';
import type { CaptureStore } from '../../store/captures';
import { HttpError, notFound } from '../http';
import { errorResponse, jsonResponse, type ApiRouter } from '../router';
import { captureParams } from '../schemas';
import { noSuchCapture } from './violations';

export interface AlertRouteDeps {
  alerts: AlertService;
  captures: CaptureStore;
}

const channelParams = z.object({ id: z.string().min(1).max(64) });

const channelSchema = z
  .object({
    id: z.string(),
    type: z.enum(['webhook', 'mqtt', 'email']),
    name: z.string().optional(),
    enabled: z.boolean(),
    target: z.string().meta({ description: 'URL (credentials masked) or SMTP server and recipients' }),
    health: z.object({
      failing: z.boolean().meta({ description: 'the last delivery attempt failed' }),
      lastError: z.string().optional(),
      lastAttemptAt: z.string().optional(),
      lastSuccessAt: z.string().optional(),
    }),
  })
  .meta({ id: 'AlertChannel', description: 'A channel as configured; secrets are never returned.' });

const deliverySchema = z
  .object({
    channelId: z.string(),
    state: z.enum(['pending', 'delivered', 'failed', 'suppressed']),
    attempts: z.number().int(),
    createdAt: z.string(),
    doneAt: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    lastError: z.string().nullable(),
  })
  .meta({ id: 'AlertDelivery' });

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Alert channels (list, test) and what became of a capture's alerts. */
export function registerAlertRoutes(api: ApiRouter, { alerts, captures }: AlertRouteDeps): void {
  api.route({
    method: 'GET',
    url: '/api/alerts/channels',
    tag: 'alerts',
    summary: 'Alert channels and whether they are failing',
    access: 'admin',
    responses: { 200: jsonResponse('channels in config order', channelSchema.array()) },
    handler: () => alerts.list(),
  });

  api.route({
    method: 'POST',
    url: '/api/alerts/channels/:id/test',
    tag: 'alerts',
    summary: 'Send a test alert through a channel now',
    access: 'admin',
    params: channelParams,
    responses: {
      200: jsonResponse('the receiver accepted it', z.object({ ok: z.literal(true) })),
      404: errorResponse('no such channel'),
      502: errorResponse('the receiver refused or could not be reached: `{ error: "channel: <reason>" }`'),
    },
    handler: async (_req, _reply, { params }) => {
      const result = await alerts.test(params.id);
      if (!result) throw notFound(`id: no alert channel with id ${params.id}`);
      if (!result.ok) throw new HttpError(502, `channel: ${result.error}`);
      return result;
    },
  });

  api.route({
    method: 'GET',
    url: '/api/violations/:id/deliveries',
    tag: 'alerts',
    summary: 'The alerts of one capture, per channel',
    access: 'viewer',
    params: captureParams,
    responses: {
      200: jsonResponse('one entry per channel', deliverySchema.array()),
      404: errorResponse('no such capture'),
    },
    handler: (_req, _reply, { params }) => {
      if (!captures.has(params.id)) throw noSuchCapture(params.id);
      return alerts.deliveries(params.id).map((d) => ({
        channelId: d.channelId,
        state: d.state,
        attempts: d.attempts,
        createdAt: iso(d.createdMs)!,
        doneAt: iso(d.doneMs),
        nextAttemptAt: d.state === 'pending' ? iso(d.nextMs) : null,
        lastError: d.lastError,
      }));
    },
  });
}
