// A channel as the form edits it (text fields as typed) and the settings the API takes from it. The
// secret is write-only: the form starts with it empty, and left empty the server keeps the stored one.
// Credential headers and URL credentials arrive masked (`***`); sent back so, they keep the stored ones.

import { browserTimeZone } from '../../schedule';
import {
  WEEKDAYS,
  type AlertChannel,
  type AlertChannelSettings,
  type AlertChannelType,
  type Schedule,
} from '../../types';

export interface ChannelDraft {
  type: AlertChannelType;
  id: string;
  name: string;
  enabled: boolean;
  perMinute: string;
  timeoutMs: string;
  /** Webhook and MQTT. */
  url: string;
  /** The webhook's signing secret, or the MQTT / SMTP password; empty keeps the stored one. */
  secret: string;
  /** An environment variable holding the secret instead. */
  secretEnv: string;
  /** Webhook: one `Name: value` per line. */
  headers: string;
  includeCrop: boolean;
  /** MQTT and e-mail. */
  username: string;
  prefix: string;
  host: string;
  port: string;
  security: 'tls' | 'starttls' | 'none';
  from: string;
  /** E-mail recipients, separated by commas or new lines. */
  to: string;
  allowSelfSigned: boolean;
  quietHoursOn: boolean;
  quietHours: Schedule;
}

const nights = (): Schedule => ({
  timeZone: browserTimeZone(),
  windows: [{ days: [...WEEKDAYS], start: '22:00', end: '06:00' }],
});

export const CHANNEL_TYPES: readonly { value: AlertChannelType; label: string }[] = [
  { value: 'webhook', label: 'Webhook (HTTP POST, chat apps)' },
  { value: 'mqtt', label: 'MQTT (Home Assistant, Node-RED)' },
  { value: 'email', label: 'E-mail (SMTP)' },
];

export function newChannelDraft(): ChannelDraft {
  return {
    type: 'webhook',
    id: '',
    name: '',
    enabled: true,
    perMinute: '10',
    timeoutMs: '10000',
    url: '',
    secret: '',
    secretEnv: '',
    headers: '',
    includeCrop: false,
    username: '',
    prefix: 'cctv',
    host: '',
    port: '587',
    security: 'starttls',
    from: '',
    to: '',
    allowSelfSigned: false,
    quietHoursOn: false,
    quietHours: nights(),
  };
}

/** The form for a channel as the API sent it (without its secret, which is never sent). */
export function channelDraft(channel: AlertChannel): ChannelDraft {
  const draft: ChannelDraft = {
    ...newChannelDraft(),
    type: channel.type,
    id: channel.id,
    name: channel.name ?? '',
    enabled: channel.enabled,
    perMinute: String(channel.perMinute),
    timeoutMs: String(channel.timeoutMs),
    quietHoursOn: channel.quietHours !== undefined,
    quietHours: channel.quietHours ?? nights(),
  };
  switch (channel.type) {
    case 'webhook':
      return {
        ...draft,
        url: channel.url,
        secretEnv: channel.secretEnv ?? '',
        headers: Object.entries(channel.headers)
          .map(([name, value]) => `${name}: ${value}`)
          .join('\n'),
        includeCrop: channel.includeCrop,
      };
    case 'mqtt':
      return {
        ...draft,
        url: channel.url,
        username: channel.username ?? '',
        secretEnv: channel.passwordEnv ?? '',
        prefix: channel.prefix,
      };
    case 'email':
      return {
        ...draft,
        host: channel.host,
        port: String(channel.port),
        security: channel.security,
        username: channel.username ?? '',
        secretEnv: channel.passwordEnv ?? '',
        from: channel.from,
        to: channel.to.join(', '),
        allowSelfSigned: channel.allowSelfSigned,
      };
  }
}

/** A number field: left empty, the server's default; anything else is sent for the server to judge. */
const numberField = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));
const optional = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim());

/** `Name: value` lines as headers; a line without a colon is sent as a name the server refuses. */
function headerRecord(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const colon = line.indexOf(':');
    if (colon < 0) headers[line.trim()] = '';
    else headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** What POST / PUT sends: only the chosen type's fields; an empty secret left out (the stored one stays). */
export function channelSettings(draft: ChannelDraft): AlertChannelSettings {
  const common = {
    id: draft.id.trim(),
    name: optional(draft.name),
    enabled: draft.enabled,
    perMinute: numberField(draft.perMinute),
    timeoutMs: numberField(draft.timeoutMs),
    quietHours: draft.quietHoursOn ? draft.quietHours : undefined,
  };
  const secret = draft.secret === '' ? undefined : draft.secret;
  switch (draft.type) {
    case 'webhook':
      return {
        ...common,
        type: 'webhook',
        url: draft.url.trim(),
        secret,
        secretEnv: optional(draft.secretEnv),
        headers: headerRecord(draft.headers),
        includeCrop: draft.includeCrop,
      };
    case 'mqtt':
      return {
        ...common,
        type: 'mqtt',
        url: draft.url.trim(),
        username: optional(draft.username),
        password: secret,
        passwordEnv: optional(draft.secretEnv),
        prefix: draft.prefix.trim() || undefined,
      };
    case 'email':
      return {
        ...common,
        type: 'email',
        host: draft.host.trim(),
        port: numberField(draft.port),
        security: draft.security,
        username: optional(draft.username),
        password: secret,
        passwordEnv: optional(draft.secretEnv),
        from: draft.from.trim(),
        to: draft.to
          .split(/[,\n]/)
          .map((a) => a.trim())
          .filter(Boolean),
        allowSelfSigned: draft.allowSelfSigned,
      };
  }
}

/** The API's field name of the draft's secret: `secret` (webhook) or `password`. */
export function secretField(type: AlertChannelType): 'secret' | 'password' {
  return type === 'webhook' ? 'secret' : 'password';
}

/** Where a channel sends, in one line (URL credentials arrive masked). */
export function channelTarget(channel: AlertChannel): string {
  switch (channel.type) {
    case 'webhook':
      return channel.url;
    case 'mqtt':
      return `${channel.url} · ${channel.prefix}/…`;
    case 'email':
      return `${channel.to.join(', ')} via ${channel.host}:${channel.port}`;
  }
}
