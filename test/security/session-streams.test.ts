// Finding 5: after `user passwd bob`, bob's open event stream and live video kept delivering for as
// long as they stayed open. A session's streams must end with it, also when another process ends it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, Client, jpeg, SAMPLE_VIDEO, startWithUsers, waitFor, type TestSystem } from '../api/helpers';
import { openStream, userCli, within, type OpenStream } from './support';

const BOB = { name: 'bob', password: 'bob password 1' };
const DEADLINE_MS = 20_000;

describe('streams end with the session that opened them', () => {
  let system: TestSystem;
  let frames: NodeJS.Timeout;
  /** Every stream opened, closed at the end whatever happened (an open one would hold up the server's close). */
  const opened: OpenStream[] = [];

  beforeAll(async () => {
    system = await startWithUsers();
    await system.users.add(BOB.name, 'viewer', BOB.password);
    const admin = new Client(system.url);
    await admin.login(ADMIN.name, ADMIN.password);
    expect(
      (await admin.post('/api/cameras', { id: 'yard', name: 'Yard', url: SAMPLE_VIDEO, enabled: false })).status,
    ).toBe(201);
    // Preview frames through the real bus, as a worker would publish them.
    const picture = await jpeg('#37a', 64, 48);
    frames = setInterval(() => system.bus.publishFrame('yard', picture), 200);
  });
  afterAll(async () => {
    clearInterval(frames);
    for (const s of opened) s.close();
    await system?.close();
  });

  /** Bob's (or another user's) events and live video, both delivering. */
  async function openBoth(user: { name: string; password: string }) {
    const client = new Client(system.url);
    await client.login(user.name, user.password);
    const streams = [
      await openStream(system.url, '/api/events', client.cookie),
      await openStream(system.url, '/api/cameras/yard/live.mjpeg', client.cookie),
    ];
    opened.push(...streams);
    for (const s of streams) expect(s.status).toBe(200);
    await waitFor(() => streams.every((s) => s.bytes() > 0), DEADLINE_MS, 'both streams to deliver');
    return { client, streams };
  }

  const ended = (streams: OpenStream[], what: string) =>
    within(Promise.all(streams.map((s) => s.ended)), DEADLINE_MS, what);

  it('after `user passwd` in another process', async () => {
    const { streams } = await openBoth(BOB);
    const changed = await userCli(system.dataDir, ['passwd', BOB.name], 'a new password 2\n');
    expect(changed.err).toBe('');
    expect(changed.code).toBe(0);
    BOB.password = 'a new password 2';
    await ended(streams, "bob's streams to end");
  });

  it('after signing out, leaving other sessions streaming', async () => {
    const admin = await openBoth(ADMIN);
    const bob = await openBoth(BOB);
    expect((await admin.client.post('/api/auth/logout')).status).toBe(204);
    await ended(admin.streams, "the admin's streams to end");
    // The check that ended the admin's streams passed over bob's: his video keeps coming.
    const [, video] = bob.streams;
    const before = video.bytes();
    await waitFor(() => video.bytes() > before, DEADLINE_MS, "bob's video to keep coming");
    expect(bob.streams.every((s) => s.isOpen())).toBe(true);
    for (const s of bob.streams) s.close();
  });

  it('after `user remove`', async () => {
    const { streams } = await openBoth(BOB);
    const removed = await userCli(system.dataDir, ['remove', BOB.name]);
    expect(removed.code).toBe(0);
    await ended(streams, "the removed user's streams to end");
  });

  it('after the session expires', async () => {
    const short = await startWithUsers({ env: { SESSION_HOURS: String(3 / 3600) } });
    try {
      const client = new Client(short.url);
      await client.login(ADMIN.name, ADMIN.password);
      const events = await openStream(short.url, '/api/events', client.cookie);
      opened.push(events);
      expect(events.status).toBe(200);
      await within(events.ended, DEADLINE_MS, 'the expired session’s stream to end');
      expect((await client.get('/api/cameras')).status).toBe(401);
    } finally {
      for (const s of opened) s.close();
      await short.close();
    }
  });
});
