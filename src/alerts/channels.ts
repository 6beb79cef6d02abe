import { EmailChannel } from './email';
import { MqttChannel } from './mqtt';
import { resolveSecret, type ChannelConfig } from './config';
import type { Channel } from './types';
import { WebhookChannel } from './webhook';

/** A client for a configured channel; `where` (e.g. `alerts.channels[0]`) names the field of a missing secret. */
export function createChannel(config: ChannelConfig, env: NodeJS.ProcessEnv, where: string): Channel {
  switch (config.type) {
    case 'webhook':
      return new WebhookChannel({
        id: config.id,
        url: config.url,
        secret: resolveSecret(config.secret, config.secretEnv, `${where}.secret`, env),
        headers: config.headers,
        timeoutMs: config.timeoutMs,
        includeCrop: config.includeCrop,
      });
    case 'mqtt':
      return new MqttChannel({
        id: config.id,
        url: config.url,
        username: config.username,
        password: resolveSecret(config.password, config.passwordEnv, `${where}.password`, env),
        prefix: config.prefix,
        timeoutMs: config.timeoutMs,
      });
    case 'email':
      return new EmailChannel({
        id: config.id,
        host: config.host,
        port: config.port,
        security: config.security,
        username: config.username,
        password: resolveSecret(config.password, config.passwordEnv, `${where}.password`, env),
        from: config.from,
        to: config.to,
        timeoutMs: config.timeoutMs,
        allowSelfSigned: config.allowSelfSigned,
      });
  }
}
