import { MASK, maskHeaders } from '../config/redact';
import { maskUrl } from '../ingest/mask-url';
import type { Db } from '../store/db';
import {
  channelConfigSchema,
  ruleConfigSchema,
  type AlertsConfig,
  type ChannelConfig,
  type RuleConfig,
} from './config';

export type Source = 'config' | 'api';

/** A rule with its id (config-file rules without one are numbered `config-<n>`). */
export type NamedRule = RuleConfig & { id: string };

/** Why a change was refused: `status` as the API answers it, `message` as `field: reason`. */
export class SettingsError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

const SECRET_FIELDS = ['secret', 'password'] as const;

/**
 * A channel's settings for the API: secrets left out (`hasSecret` says one is set), URL
 * credentials and the values of credential headers (Authorization, X-Api-Key, …) masked.
 */
export function channelSettingsJson(config: ChannelConfig, source: Source): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...config, source };
  let hasSecret = false;
  for (const field of SECRET_FIELDS) {
    if (copy[field] !== undefined) hasSecret = true;
    delete copy[field];
  }
  if (typeof copy.url === 'string') copy.url = maskUrl(copy.url);
  if (config.type === 'webhook') copy.headers = maskHeaders(config.headers);
  return { ...copy, hasSecret };
}

/**
 * Channels and rules: the config file's (read-only through the API) and the API's (in SQLite).
 * A change sent without a secret keeps the stored one; a URL or a header value sent back masked
 * keeps the stored one.
 */
export class AlertSettings {
  constructor(
    private readonly db: Db,
    private readonly file: AlertsConfig,
  ) {}

  channels(): { config: ChannelConfig; source: Source }[] {
    const stored = this.db.prepare('SELECT config FROM alert_channels ORDER BY rowid').all() as { config: string }[];
    return [
      ...this.file.channels.map((config) => ({ config, source: 'config' as const })),
      ...stored.map((r) => ({ config: channelConfigSchema.parse(JSON.parse(r.config)), source: 'api' as const })),
    ];
  }

  rules(): { rule: NamedRule; source: Source }[] {
    const stored = this.db.prepare('SELECT config FROM alert_rules ORDER BY rowid').all() as { config: string }[];
    return [
      ...this.file.rules.map((rule, i) => ({
        rule: { ...rule, id: rule.id ?? `config-${i}` },
        source: 'config' as const,
      })),
      ...stored.map((r) => ({
        rule: ruleConfigSchema.parse(JSON.parse(r.config)) as NamedRule,
        source: 'api' as const,
      })),
    ];
  }

  /** Adds (`id` undefined) or replaces channel `id`; returns the saved settings. */
  saveChannel(input: ChannelConfig, id?: string): ChannelConfig {
    const existing = this.channels().find((c) => c.config.id === (id ?? input.id));
    if (id === undefined && existing) throw new SettingsError(409, `id: a channel with id ${input.id} exists`);
    if (id !== undefined) {
      if (!existing) throw new SettingsError(404, `id: no alert channel with id ${id}`);
      if (existing.source === 'config') throw fromFile('channel', id);
      if (input.id !== id) throw new SettingsError(400, 'id: differs from the id in the path');
    }
    const config = keepStoredSecrets(input, existing?.config);
    const sql = existing
      ? 'UPDATE alert_channels SET config = @config, updated_at = @at WHERE id = @id'
      : 'INSERT INTO alert_channels (id, config, updated_at) VALUES (@id, @config, @at)';
    this.db.prepare(sql).run({ id: config.id, config: JSON.stringify(config), at: new Date().toISOString() });
    return config;
  }

  deleteChannel(id: string): void {
    const existing = this.channels().find((c) => c.config.id === id);
    if (!existing) throw new SettingsError(404, `id: no alert channel with id ${id}`);
    if (existing.source === 'config') throw fromFile('channel', id);
    const user = this.rules().find((r) => [...r.rule.channels, ...(r.rule.escalation?.channels ?? [])].includes(id));
    if (user) throw new SettingsError(409, `id: rule ${user.rule.id} sends to this channel; change or delete it first`);
    this.db.prepare('DELETE FROM alert_channels WHERE id = ?').run(id);
  }

  saveRule(rule: NamedRule, id?: string): NamedRule {
    const existing = this.rules().find((r) => r.rule.id === (id ?? rule.id));
    if (id === undefined && existing) throw new SettingsError(409, `id: a rule with id ${rule.id} exists`);
    if (id !== undefined) {
      if (!existing) throw new SettingsError(404, `id: no alert rule with id ${id}`);
      if (existing.source === 'config') throw fromFile('rule', id);
      if (rule.id !== id) throw new SettingsError(400, 'id: differs from the id in the path');
    }
    const known = new Set(this.channels().map((c) => c.config.id));
    const check = (list: string[], field: string) =>
      list.forEach((channel, i) => {
        if (!known.has(channel)) throw new SettingsError(400, `${field}[${i}]: no channel with id ${channel}`);
      });
    check(rule.channels, 'channels');
    check(rule.escalation?.channels ?? [], 'escalation.channels');
    const sql = existing
      ? 'UPDATE alert_rules SET config = @config, updated_at = @at WHERE id = @id'
      : 'INSERT INTO alert_rules (id, config, updated_at) VALUES (@id, @config, @at)';
    this.db.prepare(sql).run({ id: rule.id, config: JSON.stringify(rule), at: new Date().toISOString() });
    return rule;
  }

  deleteRule(id: string): void {
    const existing = this.rules().find((r) => r.rule.id === id);
    if (!existing) throw new SettingsError(404, `id: no alert rule with id ${id}`);
    if (existing.source === 'config') throw fromFile('rule', id);
    this.db.prepare('DELETE FROM alert_rules WHERE id = ?').run(id);
  }
}

const fromFile = (what: string, id: string) =>
  new SettingsError(409, `id: ${what} ${id} is defined in the config file; change it there`);

/** Secrets left out keep the stored ones; a URL or header value sent back as GET masked it keeps the stored one. */
function keepStoredSecrets(input: ChannelConfig, stored: ChannelConfig | undefined): ChannelConfig {
  const merged: Record<string, unknown> = { ...input };
  const old = (stored ?? {}) as Record<string, unknown>;
  for (const field of SECRET_FIELDS)
    if (merged[field] === undefined && old[field] !== undefined) merged[field] = old[field];
  if ('url' in input && input.url.includes(MASK)) {
    if (stored && 'url' in stored && maskUrl(stored.url) === input.url) merged.url = stored.url;
    else throw new SettingsError(400, 'url: holds masked credentials (***); send the full URL');
  }
  if (input.type === 'webhook') merged.headers = keepStoredHeaders(input.headers, stored);
  return merged as ChannelConfig;
}

/** Header values sent back masked (`***`) take the stored value of the same header (names match in any case). */
function keepStoredHeaders(headers: Record<string, string>, stored: ChannelConfig | undefined): Record<string, string> {
  const old = stored?.type === 'webhook' ? stored.headers : {};
  const storedValue = (name: string) =>
    Object.entries(old).find(([oldName]) => oldName.toLowerCase() === name.toLowerCase())?.[1];
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => {
      if (value !== MASK) return [name, value];
      const kept = storedValue(name);
      if (kept === undefined)
        throw new SettingsError(400, `headers.${name}: holds a masked value (***); send the value`);
      return [name, kept];
    }),
  );
}
