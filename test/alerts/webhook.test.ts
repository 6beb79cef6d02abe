import { afterEach, describe, expect, it } from 'vitest';
import { WebhookChannel } from '../../src/alerts/webhook';
import { freePort } from '../helpers/redis';
import { startReceiver } from './receiver';
import { sampleAlert } from './sample';

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

const channel = (url: string, timeoutMs = 2000) =>
  new WebhookChannel({ id: 'hook', url, secret: 'k', headers: {}, timeoutMs, includeCrop: false });

describe('webhook channel failures', () => {
  it('a slow receiver fails with the timeout', async () => {
    const receiver = await startReceiver('k');
    cleanup.push(receiver.close);
    receiver.setDelay(1500);
    await expect(channel(receiver.url, 300).send(await sampleAlert(), 'a:hook')).rejects.toThrow(
      'no answer within 300 ms',
    );
  });

  it('a refused connection names the cause', async () => {
    const port = await freePort();
    await expect(channel(`http://127.0.0.1:${port}/hook`).send(await sampleAlert(), 'a:hook')).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });

  it('a 500 carries the receiver’s answer; without includeCrop the body holds no image', async () => {
    const receiver = await startReceiver('k');
    cleanup.push(receiver.close);
    receiver.failures.push(500);
    await expect(channel(receiver.url).send(await sampleAlert(), 'a:hook')).rejects.toThrow(
      'HTTP 500: receiver is down',
    );
    await channel(receiver.url).send(await sampleAlert(), 'a:hook');
    expect(receiver.received[0].signatureValid).toBe(true);
    expect(receiver.received[0].body.cropJpegBase64).toBeUndefined();
  });
});
