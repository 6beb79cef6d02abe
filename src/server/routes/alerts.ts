import { z } from 'zod';
import type { AlertService } from '../../alerts/service';
import { SettingsError } from '../../alerts/settings';
import type { CaptureStore } from '../../store/captures';
import type { PpeItemService } from '../ppe-items';
import { HttpError, notFound } from '../http';
import { errorResponse, jsonResponse, NO_CONTENT, type ApiRouter } from '../router';
import {
  alertChannelBody,
  alertChannelParams,
  alertChannelSchema,
  alertDeliverySchema,
  alertRuleBody,
  alertRuleListSchema,
  captureParams,
} from '../schemas';
import { noSuchCapture } from './violations';

export interface AlertRouteDeps {
  alerts: AlertService;
  captures: CaptureStore;
  /** Checks a rule's kinds against the PPE catalogue. */
  ppe: PpeItemService;
}

/** A refused settings change as the API's error. */
function settingsCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SettingsError) throw new HttpError(err.status, err.message);
    throw err;
  }
}

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
    responses: { 200: jsonResponse('the config file’s channels, then the API’s', alertChannelSchema.array()) },
    handler: () => alerts.list(),
  });

  api.route({
    method: 'POST',
    url: '/api/alerts/channels',
    tag: 'alerts',
    summary: 'Add a channel (webhook, mqtt or email)',
    access: 'admin',
    body: alertChannelBody,
    responses: { 201: jsonResponse('the channel', alertChannelSchema), 409: errorResponse('the id is taken') },
    handler: (_req, reply, { body }) => reply.code(201).send(settingsCall(() => alerts.saveChannel(body))),
  });

  api.route({
    method: 'PUT',
    url: '/api/alerts/channels/:id',
    tag: 'alerts',
    summary: 'Replace a channel added through the API',
    access: 'admin',
    params: alertChannelParams,
    body: alertChannelBody,
    responses: {
      200: jsonResponse('the channel', alertChannelSchema),
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
    params: alertChannelParams,
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
    params: alertChannelParams,
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
      200: jsonResponse('the config file’s rules, then the API’s', alertRuleListSchema),
    },
    handler: () => alerts.listRules(),
  });

  api.route({
    method: 'POST',
    url: '/api/alerts/rules',
    tag: 'alerts',
    summary: 'Add a rule',
    access: 'admin',
    body: alertRuleBody,
    responses: { 201: jsonResponse('the rule', alertRuleBody), 409: errorResponse('the id is taken') },
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
    params: alertChannelParams,
    body: alertRuleBody,
    responses: { 200: jsonResponse('the rule', alertRuleBody), 404: errorResponse('no such rule'), 409: notFromConfig },
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
    params: alertChannelParams,
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
      200: jsonResponse('one entry per channel', alertDeliverySchema.array()),
      404: errorResponse('no such capture'),
    },
    handler: (_req, _reply, { params }) => {
      if (!captures.has(params.id)) throw noSuchCapture(params.id);
      return alerts.deliveries(params.id).map((d) => ({
        channelId: d.channelId,
        channelName: d.channelName,
        kind: d.kind,
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
