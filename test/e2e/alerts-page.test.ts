// The alerts admin page against the real system: an admin adds a webhook channel pointing at a
// receiver on 127.0.0.1, sends test alerts (accepted, then refused), edits it without retyping its
// secret or its credential header, adds a rule, and a capture it takes reaches the receiver.
// Secrets never come back.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../alerts/receiver';
import {
  SAMPLE_VIDEO,
  saveScreenshot,
  seedCapture,
  setUpE2E,
  signedInPage,
  waitUntil,
  type E2ESystem,
} from './support';

const ADMIN = { name: 'alice', password: 'correct horse battery' };
const VIEWER = { name: 'victor', password: 'viewer password 1' };
const SECRET = 'whsec-typed-once-7731';
const URL_TOKEN = 'tok-in-the-url-5512';
const HEADER_TOKEN = 'hdr-bearer-page-6621';
const GATE = { cameraId: 'gate', cameraName: 'North gate', location: 'Gate house' };

describe('alerts admin page', () => {
  let system: E2ESystem;
  const receiver = startReceiver(SECRET);

  const e2e = setUpE2E(async (started) => {
    system = started;
    await system.users.add(ADMIN.name, 'admin', ADMIN.password);
    await system.users.add(VIEWER.name, 'viewer', VIEWER.password);
    await system.cameras.create({ id: GATE.cameraId, name: GATE.cameraName, url: SAMPLE_VIDEO, enabled: false });
  });

  afterAll(async () => (await receiver).close());

  const signedIn = (user: { name: string; password: string }) => signedInPage(e2e, system.url, user);

  /** Everything the page holds: its HTML and the values of its inputs (which the HTML leaves out). */
  async function pageText(page: Page): Promise<string> {
    const values = await page
      .locator('input, textarea')
      .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    return `${await page.content()}\n${values.join('\n')}`;
  }

  it('an admin adds a webhook channel, tests it, edits it keeping its secret, and routes captures by a rule', async () => {
    const hook = await receiver;
    const page = await signedIn(ADMIN);
    await page.getByTestId('nav-alerts').click();
    await page.getByTestId('alerts-page').waitFor();

    // A local file is refused, naming the field.
    await page.getByTestId('channel-add').click();
    await page.getByTestId('channel-id').fill('officer');
    await page.getByTestId('channel-name').fill('Safety officer');
    await page.getByTestId('channel-url').fill('file:///etc/passwd');
    await page.getByTestId('channel-form-save').click();
    await expect(page.getByTestId('error-channel-url').textContent()).resolves.toMatch(/http:\/\//);

    await page.getByTestId('channel-url').fill(`${hook.url}?token=${URL_TOKEN}`);
    await page.getByTestId('channel-secret').fill(SECRET);
    await page.getByTestId('channel-headers').fill(`Authorization: Bearer ${HEADER_TOKEN}\nX-Site: plant-1`);
    await page.getByTestId('channel-form-save').click();
    const row = page.getByTestId('channel-officer');
    await row.waitFor();
    await page.getByTestId('channel-form').waitFor({ state: 'detached' });
    await expect(row.textContent()).resolves.toContain('secret set');
    await expect(row.textContent()).resolves.toContain('token=***');

    // Test alerts: the receiver's answer is reported either way.
    await page.getByTestId('channel-test-officer').click();
    const result = page.getByTestId('channel-test-result-officer');
    await waitUntil(async () => (await result.count()) > 0, 15_000, 'the test result');
    await expect(result.textContent()).resolves.toContain('accepted by the receiver');
    expect(hook.received.at(-1)).toMatchObject({ body: { type: 'test' }, signatureValid: true });
    expect(hook.received.at(-1)!.headers.authorization).toBe(`Bearer ${HEADER_TOKEN}`);
    hook.failures.push(500);
    await page.getByTestId('channel-test-officer').click();
    await waitUntil(
      async () => ((await result.textContent()) ?? '').includes('HTTP 500: receiver is down'),
      15_000,
      'the refused test',
    );
    await saveScreenshot(page, 'alerts-channel-test-failed.png');

    // Editing shows no secret and keeps it: the next test alert is still signed with it, and still
    // carries the credential header, shown masked.
    await page.getByTestId('channel-edit-officer').click();
    await expect(page.getByTestId('channel-secret').inputValue()).resolves.toBe('');
    await expect(page.getByTestId('channel-url').inputValue()).resolves.toContain('token=***');
    await expect(page.getByTestId('channel-headers').inputValue()).resolves.toBe('Authorization: ***\nX-Site: plant-1');
    await expect(page.getByTestId('channel-form').textContent()).resolves.toContain('*** keeps the stored value.');
    expect(await pageText(page)).not.toContain(SECRET);
    expect(await pageText(page)).not.toContain(URL_TOKEN);
    expect(await pageText(page)).not.toContain(HEADER_TOKEN);
    await saveScreenshot(page, 'alerts-channel-edit.png');
    await page.getByTestId('channel-per-minute').fill('20');
    // Quiet hours that do not include the present (the browser's time zone), so alerts still go now.
    const hour = await page.evaluate(() => new Date().getHours());
    const at = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
    await page.getByTestId('quietHours-enabled').check();
    await page.getByTestId('quietHours-start-0').fill(at(hour + 2));
    await page.getByTestId('quietHours-end-0').fill(at(hour + 3));
    await expect(page.getByTestId('quietHours-now').textContent()).resolves.toBe('The channel sends right now.');
    await page.getByTestId('channel-form-save').click();
    await page.getByTestId('channel-form').waitFor({ state: 'detached' });
    // The list is read again after the save.
    await waitUntil(
      async () => ((await row.textContent()) ?? '').includes('At most 20 a minute'),
      10_000,
      'the saved limit',
    );
    await expect(row.textContent()).resolves.toContain(`quiet every day ${at(hour + 2)}–`);
    const before = hook.received.length;
    await page.getByTestId('channel-test-officer').click();
    await waitUntil(() => hook.received.length > before, 15_000, 'the test after the edit');
    expect(hook.received.at(-1)!.signatureValid).toBe(true);
    expect(hook.received.at(-1)!.headers.authorization).toBe(`Bearer ${HEADER_TOKEN}`);

    // A rule: the gate camera's missing helmets, any time; without a channel to send to it is refused.
    await page.getByTestId('rule-add').click();
    await page.getByTestId('rule-id').fill('gate-helmets');
    await page.getByTestId('rule-cameras-gate').check();
    await page.getByTestId('rule-kinds-no-helmet').check();
    await page.getByTestId('rule-min-confidence').fill('50');
    await page.getByTestId('rule-form-save').click();
    await page.getByTestId('error-rule-channels').waitFor();
    await page.getByTestId('rule-channels-officer').check();
    await saveScreenshot(page, 'alerts-rule-form.png', { fullPage: true });
    await page.getByTestId('rule-form-save').click();
    await page.getByTestId('rule-gate-helmets').waitFor();
    await expect(page.getByTestId('rule-summary-gate-helmets').textContent()).resolves.toBe(
      'North gate · no-helmet · ≥ 50% confidence · at any time',
    );
    await saveScreenshot(page, 'alerts.png', { fullPage: true });

    const vest = await seedCapture(system, { ...GATE, time: new Date(), kinds: ['no-vest'] });
    const helmet = await seedCapture(system, { ...GATE, time: new Date(), kinds: ['no-helmet'] });
    await waitUntil(() => hook.received.some((r) => r.body.captureId === helmet), 15_000, 'the routed alert');
    expect(hook.received.some((r) => r.body.captureId === vest)).toBe(false);

    // A channel a rule still uses cannot go; the reason is shown.
    await page.getByTestId('channel-delete-officer').click();
    await page.getByTestId('channel-delete-confirm-officer').click();
    await expect(page.getByTestId('channel-error-officer').textContent()).resolves.toContain(
      'rule gate-helmets sends to this channel',
    );
    await page.getByTestId('rule-delete-gate-helmets').click();
    await page.getByTestId('rule-delete-confirm-gate-helmets').click();
    await page.getByTestId('rule-gate-helmets').waitFor({ state: 'detached' });
    await page.getByTestId('channel-delete-officer').click();
    await page.getByTestId('channel-delete-confirm-officer').click();
    await row.waitFor({ state: 'detached' });
    await page.close();
  });

  it('fits a phone screen', async () => {
    const page = await signedIn(ADMIN);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${system.url}/#/admin/alerts`);
    await page.getByTestId('alerts-page').waitFor();
    await page.getByTestId('channel-add').click();
    await page.getByTestId('channel-form').waitFor();
    await saveScreenshot(page, 'alerts-phone.png', { fullPage: true });
    await page.close();
  });

  it('a viewer sees no alert settings, not even when typing the address', async () => {
    const page = await signedIn(VIEWER);
    await expect(page.getByTestId('nav-alerts').count()).resolves.toBe(0);
    await page.goto(`${system.url}/#/admin/alerts`);
    await page.getByTestId('admin-forbidden').waitFor();
    await expect(page.getByTestId('channel-add').count()).resolves.toBe(0);
    await page.close();
  });
});
