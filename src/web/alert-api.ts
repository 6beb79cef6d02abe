// Typed calls of the alert routes (docs/api.md#alerts): channels and rules (admin), a channel test,
// and the deliveries of one capture (everyone).

import { ApiError, json, send, type RequestOptions } from './api';
import type { AlertChannel, AlertChannelSettings, AlertDelivery, AlertRule, AlertRuleSettings } from './types';

const channelPath = (id: string) => `/api/alerts/channels/${encodeURIComponent(id)}`;
const rulePath = (id: string) => `/api/alerts/rules/${encodeURIComponent(id)}`;

export function getAlertChannels(opts?: RequestOptions): Promise<AlertChannel[]> {
  return json<AlertChannel[]>('/api/alerts/channels', opts);
}

/** Adds a channel (`id` null) or replaces channel `id`. */
export function saveAlertChannel(settings: AlertChannelSettings, id: string | null): Promise<AlertChannel> {
  return id === null
    ? json<AlertChannel>('/api/alerts/channels', { method: 'POST', body: settings })
    : json<AlertChannel>(channelPath(id), { method: 'PUT', body: settings });
}

export async function deleteAlertChannel(id: string): Promise<void> {
  await send(channelPath(id), { method: 'DELETE' });
}

/** Sends a test alert: null when the receiver took it, else its error ("HTTP 500: …", "ECONNREFUSED …"). */
export async function testAlertChannel(id: string): Promise<string | null> {
  try {
    // A slow receiver times out on the server first (the channel's timeoutMs, at most 120 s).
    await json<{ ok: true }>(`${channelPath(id)}/test`, { method: 'POST', timeoutMs: 125_000 });
    return null;
  } catch (err) {
    if (err instanceof ApiError && err.status === 502) {
      return err.fields.find((f) => f.field === 'channel')?.message ?? err.message;
    }
    throw err;
  }
}

export function getAlertRules(opts?: RequestOptions): Promise<AlertRule[]> {
  return json<AlertRule[]>('/api/alerts/rules', opts);
}

/** Adds a rule (`id` null) or replaces rule `id`. */
export function saveAlertRule(rule: AlertRuleSettings, id: string | null): Promise<AlertRule> {
  return id === null
    ? json<AlertRule>('/api/alerts/rules', { method: 'POST', body: rule })
    : json<AlertRule>(rulePath(id), { method: 'PUT', body: rule });
}

export async function deleteAlertRule(id: string): Promise<void> {
  await send(rulePath(id), { method: 'DELETE' });
}

export function getDeliveries(captureId: string, opts?: RequestOptions): Promise<AlertDelivery[]> {
  return json<AlertDelivery[]>(`/api/violations/${encodeURIComponent(captureId)}/deliveries`, opts);
}
