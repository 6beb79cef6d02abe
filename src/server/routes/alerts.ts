import { z } from 'zod';
import { channelConfigSchema, ruleConfigSchema } from '../../alerts/config';
import type { AlertService } from '../../alerts/service';
import { SettingsError } from '../../alerts/settings';
import type { CaptureStore } from '../../store/captures';
import type { PpeItemService } from '../ppe-items';
import { HttpError, notFound } from '../http';
import { errorResponse, jsonResponse, NO_CONTENT, type ApiRouter } from '../router';
import { captureParams } from '../schemas';
import { noSuchCapture } from './violations';

export interface AlertRouteDeps {
  alerts: AlertService;
  captures: CaptureStore;
  /** Checks a rule's kinds against the PPE catalogue. */
  ppe: PpeItemService;
}

const channelParams = z.object({ id: z.string().min(1).max(64) });

const channelSchema = z
  .object({
    id: z.string(),
    type: z.enum(['webhook', 'mqtt', 'email']),
    name: z.string().optional(),
    enabled: z.boolean(),
    source: z.enum(['config', 'api']),
    hasSecret: z.boolean(),
    health: z.object({
      failing: z.boolean().meta({ description: 'the last delivery attempt failed' }),
      lastError: z.string().optional(),
      lastAttemptAt: z.string().optional(),
      lastSuccessAt: z.string().optional(),
    }),
  })
  .loose()
  .meta({
    id: 'AlertChannel',
    description:
      'A channel’s settings (as sent, with `source`: config or api) and its health. Secrets are never returned: `hasSecret` says one is set, URL credentials are masked.',
  });

const channelBody = channelConfigSchema.meta({
  id: 'AlertChannelInput',
  description: 'Leave `secret` / `password` out to keep the stored one; a URL sent back masked keeps the stored URL.',
});
const ruleBody = ruleConfigSchema
  .extend({ id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i) })
  .meta({ id: 'AlertRule' });
const ruleParams = channelParams;

/** A refused settings change as the API's error. */
function settingsCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SettingsError) throw new HttpError(err.status, err.message);
    throw err;
  }
}

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
export function registerAlertRoutes(api: ApiRouter, deps: AlertRouteDeps): void {
  addChannelRoutes(api, deps);
  addRuleRoutes(api, deps);
  addDeliveryRoutes(api, deps);
}

const notFromConfig = errorResponse('defined in the config file (change it there), or still used by a rule');

function addChannelRoutes(api: ApiRouter, { alerts }: AlertRouteDeps): void {
  api.route({
    method: 'GET',
    url: '/api/alerts/channels',
    tag: 'alerts',
    summary: 'Alert channels and whether they are failing',
    access: 'admin',
    responses: { 200: jsonResponse('the config file’s channels, then the API’s', channelSchema.array()) },
    handler: () => alerts.list(),
  });

  api.route({
    method: 'POST',
    url: '/api/alerts/channels',
    tag: 'alerts',
    summary: 'Add a channel (webhook, mqtt or email)',
    access: 'admin',
    body: channelBody,
    responses: { 201: jsonResponse('the channel', channelSchema), 409: errorResponse('the id is taken') },
    handler: (_req, reply, { body }) => reply.code(201).send(settingsCall(() => alerts.saveChannel(body))),
  });

  api.route({
    method: 'PUT',
    url: '/api/alerts/channels/:id',
    tag: 'alerts',
    summary: 'Replace a channel added through the API',
    access: 'admin',
    params: channelParams,
    body: channelBody,
    responses: {
      200: jsonResponse('the channel', channelSchema),
      404: errorResponse('no such channel'),
      409: notFromConfig,
    },
    handler: (_req, _reply, { params, body }) => settingsCall(() => alerts.saveChannel(body, params.id)),
  });

  api.route({
    method: 'DELETE',
    url: '/api/alerts/channels/:id',
    tag: 'alerts',
    summary: 'Delete a channel added through the API (its queued alerts wait in case it returns)',
    access: 'admin',
    params: channelParams,
    responses: { 204: NO_CONTENT, 404: errorResponse('no such channel'), 409: notFromConfig },
    handler: (_req, reply, { params }) => {
      settingsCall(() => alerts.deleteChannel(params.id));
      return reply.code(204).send();
    },
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
}

function addRuleRoutes(api: ApiRouter, { alerts, ppe }: AlertRouteDeps): void {
  api.route({
    method: 'GET',
    url: '/api/alerts/rules',
    tag: 'alerts',
    summary: 'Rules routing captures to channels',
    access: 'admin',
    responses: {
      200: jsonResponse(
        'the config file’s rules, then the API’s',
        ruleBody.extend({ source: z.enum(['config', 'api']) }).array(),
      ),
    },
    handler: () => alerts.listRules(),
  });

  api.route({
    method: 'POST',
    url: '/api/alerts/rules',
    tag: 'alerts',
    summary: 'Add a rule',
    access: 'admin',
    body: ruleBody,
    responses: { 201: jsonResponse('the rule', ruleBody), 409: errorResponse('the id is taken') },
    handler: (_req, reply, { body }) => {
      ppe.checkKinds(body.kinds, 'kinds');
      return reply.code(201).send(settingsCall(() => alerts.saveRule(body)));
    },
  });

  api.route({
    method: 'PUT',
    url: '/api/alerts/rules/:id',
    tag: 'alerts',
    summary: 'Replace a rule added through the API',
    access: 'admin',
    params: ruleParams,
    body: ruleBody,
    responses: { 200: jsonResponse('the rule', ruleBody), 404: errorResponse('no such rule'), 409: notFromConfig },
    handler: (_req, _reply, { params, body }) => {
      ppe.checkKinds(body.kinds, 'kinds');
      return settingsCall(() => alerts.saveRule(body, params.id));
    },
  });

  api.route({
    method: 'DELETE',
    url: '/api/alerts/rules/:id',
    tag: 'alerts',
    summary: 'Delete a rule added through the API',
    access: 'admin',
    params: ruleParams,
    responses: { 204: NO_CONTENT, 404: errorResponse('no such rule'), 409: notFromConfig },
    handler: (_req, reply, { params }) => {
      settingsCall(() => alerts.deleteRule(params.id));
      return reply.code(204).send();
    },
  });
}

function addDeliveryRoutes(api: ApiRouter, { alerts, captures }: AlertRouteDeps): void {
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
