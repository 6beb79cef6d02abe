import { z } from 'zod';
import { violationKindSchema } from '../ppe/config';
import { scheduleSchema } from '../schedule/schedule';

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, 'letters, digits, "-" and "_" only');

/** A URL whose scheme is one of `schemes` (no file:, data: or other local access). */
const urlWith = (schemes: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    { message: `a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}` },
  );

/** A secret is given inline (`"${ENV_NAME}"` reads the environment) or named by `<field>Env`. */
const secret = z.string().min(1).optional();
const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/i, 'an environment variable name')
  .optional();

const channelBase = {
  id: idSchema,
  name: z.string().optional(),
  enabled: z.boolean().default(true),
  /** At most this many alerts a minute; beyond it, one summary. */
  perMinute: z.number().int().positive().max(600).default(10),
  timeoutMs: z.number().int().positive().max(120_000).default(10_000),
  /** Inside these windows nothing is sent: the alerts are held and summarised once they end. */
  quietHours: scheduleSchema.optional(),
};

export const webhookChannelSchema = z.strictObject({
  ...channelBase,
  type: z.literal('webhook'),
  url: urlWith(['http', 'https']),
  secret,
  secretEnv: envName,
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'a header name'), z.string()).default({}),
  includeCrop: z.boolean().default(false),
});

export const mqttChannelSchema = z.strictObject({
  ...channelBase,
  type: z.literal('mqtt'),
  url: urlWith(['mqtt', 'mqtts', 'ws', 'wss']),
  username: z.string().optional(),
  password: secret,
  passwordEnv: envName,
  prefix: z
    .string()
    .regex(/^[^#+\s]+$/, 'a topic prefix without wildcards')
    .default('cctv'),
});

export const emailChannelSchema = z.strictObject({
  ...channelBase,
  type: z.literal('email'),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(587),
  security: z.enum(['tls', 'starttls', 'none']).default('starttls'),
  username: z.string().optional(),
  password: secret,
  passwordEnv: envName,
  from: z.string().min(3),
  to: z.array(z.email()).min(1),
  allowSelfSigned: z.boolean().default(false),
});

export const channelConfigSchema = z.discriminatedUnion('type', [
  webhookChannelSchema,
  mqttChannelSchema,
  emailChannelSchema,
]);

/** Which captures go to which channels; every condition left out matches all. */
export const ruleConfigSchema = z.strictObject({
  id: idSchema.optional(),
  channels: z.array(idSchema).min(1),
  cameras: z.array(z.string()).optional(),
  zones: z.array(z.string()).optional(),
  /** Kinds of the PPE catalogue (checked against it by the app config and the API). */
  kinds: z.array(violationKindSchema).optional(),
  minConfidence: z.number().min(0).max(1).optional(),
  /** Only inside these windows (e.g. working hours). */
  schedule: scheduleSchema.optional(),
  /** A capture still `new` after this long also goes to these channels (reviewing it stops that). */
  escalation: z
    .strictObject({
      afterMinutes: z
        .number()
        .positive()
        .max(7 * 24 * 60),
      channels: z.array(idSchema).min(1),
    })
    .optional(),
});

export const alertsConfigSchema = z
  .strictObject({
    channels: z.array(channelConfigSchema).default([]),
    rules: z.array(ruleConfigSchema).default([]),
    /** The dashboard's address as receivers reach it, for links (default: the server's own). */
    dashboardUrl: urlWith(['http', 'https']).optional(),
    /** An alert not delivered within this many minutes is given up (shown as failed). */
    maxAgeMinutes: z
      .number()
      .positive()
      .default(24 * 60),
  })
  .superRefine((alerts, ctx) => {
    const ids = new Set<string>();
    alerts.channels.forEach((c, i) => {
      if (ids.has(c.id)) ctx.addIssue({ code: 'custom', message: `duplicate id ${c.id}`, path: ['channels', i, 'id'] });
      ids.add(c.id);
    });
    alerts.rules.forEach((r, i) => {
      const check = (list: string[], path: (string | number)[]) =>
        list.forEach((id, j) => {
          if (!ids.has(id)) ctx.addIssue({ code: 'custom', message: `no channel with id ${id}`, path: [...path, j] });
        });
      check(r.channels, ['rules', i, 'channels']);
      check(r.escalation?.channels ?? [], ['rules', i, 'escalation', 'channels']);
    });
  });

export type ChannelConfig = z.infer<typeof channelConfigSchema>;
export type RuleConfig = z.infer<typeof ruleConfigSchema>;
export type AlertsConfig = z.infer<typeof alertsConfigSchema>;

/** The secret of `field` (`secret` / `password`): inline, `${ENV}` inline, or `<field>Env`; an unset variable is an error naming the field. */
export function resolveSecret(
  value: string | undefined,
  envField: string | undefined,
  field: string,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const name = envField ?? /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value ?? '')?.[1];
  if (!name) return value;
  const found = env[name];
  if (found === undefined) throw new Error(`${field}: environment variable ${name} is not set`);
  return found;
}
