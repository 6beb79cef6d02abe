// Finding 1: guesses sent in parallel all passed the limit, since a failure was counted only after
// the (slow) password check. And finding 9: the typed name went to the log verbatim.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startWithUsers, VIEWER, type TestSystem } from '../api/helpers';
import { request } from './support';

const tally = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((counts, s) => ({ ...counts, [s]: (counts[s] ?? 0) + 1 }), {});

describe('sign-in rate limit under parallel guessing', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startWithUsers();
  });
  afterAll(async () => {
    await system?.close();
  });

  /** Sign-ins sent at once, each on its own connection from `address`. */
  const burst = (address: string, attempts: Array<{ username: string; password: string }>) =>
    Promise.all(
      attempts.map((body) =>
        request(system.url, 'POST', '/api/auth/login', { json: body, localAddress: address }).then((r) => r.status),
      ),
    );

  it('checks at most 5 passwords for one name from one address, however many arrive at once', async () => {
    const guesses = Array.from({ length: 60 }, (_, i) => ({ username: VIEWER.name, password: `guess number ${i}` }));
    const statuses = await burst('127.0.0.2', guesses);
    expect(tally(statuses)).toEqual({ 401: 5, 429: 55 });
    // The right password is refused too for the rest of the window.
    expect((await burst('127.0.0.2', [{ username: VIEWER.name, password: VIEWER.password }]))[0]).toBe(429);
  });

  it('does not let the right password through among 99 wrong ones sent with it', async () => {
    const guesses = Array.from({ length: 99 }, (_, i) => ({ username: ADMIN.name, password: `wrong password ${i}` }));
    const statuses = await burst('127.0.0.3', [...guesses, { username: ADMIN.name, password: ADMIN.password }]);
    const checked = statuses.filter((s) => s !== 429);
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(100 - checked.length);
  });

  it('checks at most 20 passwords from one address across many names at once', async () => {
    const guesses = Array.from({ length: 60 }, (_, i) => ({ username: `someone${i}`, password: 'a guessed password' }));
    const statuses = await burst('127.0.0.4', guesses);
    expect(tally(statuses)).toEqual({ 401: 20, 429: 40 });
  });

  it('logs a failed sign-in without the name as typed', async () => {
    const typed = 'Tr0ub4dor-typed-into-the-name-field';
    expect((await burst('127.0.0.5', [{ username: typed, password: 'whatever it is' }]))[0]).toBe(401);
    expect((await burst('127.0.0.5', [{ username: VIEWER.name, password: 'not the password' }]))[0]).toBe(401);
    const failures = system
      .logs()
      .split('\n')
      .filter((line) => line.includes('sign-in failed') && line.includes('127.0.0.5'));
    expect(failures).toHaveLength(2);
    expect(system.logs()).not.toContain(typed);
    expect(system.logs()).not.toContain(typed.toLowerCase());
    // An existing account is named, so an admin sees whose password is being guessed.
    expect(failures.some((line) => JSON.parse(line).user === VIEWER.name)).toBe(true);
  });
});
