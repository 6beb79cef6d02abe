import mqtt, { type MqttClient } from 'mqtt';
import { alertJson, type Alert, type Channel } from './types';

export interface MqttOptions {
  id: string;
  /** mqtt://, mqtts://, ws:// or wss:// broker URL. */
  url: string;
  username?: string;
  password?: string;
  /** Topic prefix, Frigate style: `<prefix>/violations`, `<prefix>/<camera>/snapshot`. */
  prefix: string;
  timeoutMs: number;
}

/**
 * Publishes with QoS 1 following Frigate's topic layout, so Home Assistant and Node-RED recipes
 * carry over. The broker keeps `<prefix>/available` (online, or offline by the last will) and each
 * camera's last `status` retained.
 */
export class MqttChannel implements Channel {
  private client: MqttClient | undefined;
  private lastError = 'not connected yet';

  constructor(private readonly opts: MqttOptions) {}

  get id(): string {
    return this.opts.id;
  }

  private get availability(): string {
    return `${this.opts.prefix}/available`;
  }

  /** One connection, opened on first use and kept; mqtt.js reconnects it by itself. */
  private connect(): MqttClient {
    this.client ??= mqtt.connect(this.opts.url, {
      username: this.opts.username,
      password: this.opts.password,
      connectTimeout: this.opts.timeoutMs,
      reconnectPeriod: 2000,
      will: { topic: this.availability, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    this.client.on('connect', () => {
      this.lastError = 'connected';
      this.client?.publish(this.availability, 'online', { qos: 1, retain: true });
    });
    // Errors surface through the publish that times out, with this as its reason.
    this.client.on('error', (err) => (this.lastError = err.message));
    return this.client;
  }

  async send(alert: Alert, _idempotencyKey: string): Promise<void> {
    if (alert.type !== 'violation') {
      await this.publish(`${this.opts.prefix}/violations`, JSON.stringify(alertJson(alert)), false);
      return;
    }
    await this.publish(`${this.opts.prefix}/violations`, JSON.stringify(alertJson(alert)), false);
    await this.publish(`${this.opts.prefix}/${alert.cameraId}/snapshot`, alert.crop, false);
  }

  /** The camera's last state for dashboards (retained: a new subscriber gets it at once). */
  publishStatus(cameraId: string, status: Record<string, unknown>): Promise<void> {
    return this.publish(`${this.opts.prefix}/${cameraId}/status`, JSON.stringify(status), true);
  }

  private publish(topic: string, payload: string | Buffer, retain: boolean): Promise<void> {
    const client = this.connect();
    return new Promise((resolve, reject) => {
      // mqtt.js queues while offline; a broker that stays away must still fail the delivery.
      const timer = setTimeout(
        () => reject(new Error(`broker did not acknowledge within ${this.opts.timeoutMs} ms (${this.lastError})`)),
        this.opts.timeoutMs,
      );
      client.publish(topic, payload, { qos: 1, retain }, (err) => {
        clearTimeout(timer);
        if (err) reject(new Error(`publish to ${topic} failed: ${err.message}`));
        else resolve();
      });
    });
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    if (client.connected)
      await client.publishAsync(this.availability, 'offline', { qos: 1, retain: true }).catch(() => {});
    await client.endAsync(true);
  }
}
