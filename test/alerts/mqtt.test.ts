import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { MqttChannel } from '../../src/alerts/mqtt';
import { freePort } from '../helpers/redis';
import { startMosquitto } from '../helpers/mosquitto';
import { waitFor } from './receiver';
import { sampleAlert } from './sample';

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

/** Subscribes like Home Assistant would, and keeps every message. */
async function subscriber(url: string) {
  const client = await mqtt.connectAsync(url);
  cleanup.push(() => client.endAsync(true));
  const messages: { topic: string; payload: Buffer; retain: boolean }[] = [];
  client.on('message', (topic, payload, packet) => messages.push({ topic, payload, retain: packet.retain }));
  await client.subscribeAsync('factory/#', { qos: 1 });
  return messages;
}

describe('MQTT channel (real mosquitto)', () => {
  it('publishes the violation as JSON, the snapshot as JPEG, retained status and availability', async () => {
    const broker = await startMosquitto();
    cleanup.push(broker.kill);
    const channel = new MqttChannel({ id: 'ha', url: broker.url, prefix: 'factory', timeoutMs: 5000 });
    cleanup.push(() => channel.close());
    const messages = await subscriber(broker.url);

    await channel.send(await sampleAlert(), 'cap-1:ha');
    await channel.publishStatus('gate', { state: 'detecting' });
    await waitFor(() => messages.some((m) => m.topic === 'factory/gate/status'));

    const event = messages.find((m) => m.topic === 'factory/violations');
    expect(JSON.parse(event!.payload.toString())).toMatchObject({
      captureId: 'cap-1',
      cameraId: 'gate',
      kinds: ['no-helmet', 'no-vest'],
    });
    const snapshot = messages.find((m) => m.topic === 'factory/gate/snapshot');
    expect([...snapshot!.payload.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(messages.find((m) => m.topic === 'factory/available')?.payload.toString()).toBe('online');

    // A late subscriber still gets the retained state.
    const late = await subscriber(broker.url);
    await waitFor(() => late.some((m) => m.topic === 'factory/gate/status'));
    expect(late.find((m) => m.topic === 'factory/gate/status')).toMatchObject({ retain: true });
  });

  it('the last will says offline when the connection dies', async () => {
    const broker = await startMosquitto();
    cleanup.push(broker.kill);
    const channel = new MqttChannel({ id: 'ha', url: broker.url, prefix: 'factory', timeoutMs: 5000 });
    await channel.send(await sampleAlert(), 'cap-1:ha');
    const messages = await subscriber(broker.url);
    // Cut the socket without a goodbye, as a killed server would.
    (channel as unknown as { client: { stream: { destroy(): void } } }).client.stream.destroy();
    await waitFor(() => messages.some((m) => m.topic === 'factory/available' && m.payload.toString() === 'offline'));
    await channel.close();
  });

  it('a broker that refuses connections fails the send with a readable reason', async () => {
    const port = await freePort();
    const channel = new MqttChannel({ id: 'ha', url: `mqtt://127.0.0.1:${port}`, prefix: 'factory', timeoutMs: 800 });
    cleanup.push(() => channel.close());
    await expect(channel.send(await sampleAlert(), 'cap-1:ha')).rejects.toThrow(/did not acknowledge.*ECONNREFUSED/);
  });
});
