// Signing in, roles and camera administration, against the real system with users (created through the
// system's user store, as `cctv user add` does). Once a user exists, everyone must sign in.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { sharedDir } from '../../src/config/paths';
import { describe, expect, it } from 'vitest';
import {
  SAMPLE_VIDEO,
  captureCard,
  hashOf,
  saveScreenshot,
  seedCapture,
  setUpE2E,
  waitForAttribute,
  waitForImage,
  waitForPictureToChange,
  waitForReviewStatus,
  waitUntil,
  type E2ESystem,
} from './support';

const ADMIN = { name: 'alice', password: 'correct horse battery' };
const VIEWER = { name: 'victor', password: 'viewer password 1' };

describe('dashboard with users', () => {
  let system: E2ESystem;
  let captureId: string;

  const e2e = setUpE2E(async (started) => {
    system = started;
    await system.users.add(ADMIN.name, 'admin', ADMIN.password);
    await system.users.add(VIEWER.name, 'viewer', VIEWER.password);
    captureId = await seedCapture(system, {
      cameraId: 'demo',
      cameraName: 'Demo camera',
      location: 'Sample footage',
      time: new Date(Date.now() - 3_600_000),
      kinds: ['no-helmet'],
    });
  });

  /** A browser of its own (its own cookies) for each user. */
  async function freshPage(): Promise<Page> {
    return (await e2e.newBrowser()).newPage();
  }

  /** Fills in the sign-in form and sends it. */
  async function submitLogin(page: Page, name: string, password: string): Promise<void> {
    await page.getByTestId('login-username').fill(name);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  }

  async function signIn(page: Page, user: { name: string; password: string }): Promise<void> {
    await page.goto(system.url);
    await page.getByTestId('login-page').waitFor();
    await submitLogin(page, user.name, user.password);
    await page.getByTestId('nav-live').waitFor();
  }

  it('shows only the sign-in page without a session; a wrong password shows the error', async () => {
    const page = await freshPage();
    await page.goto(system.url);
    await page.getByTestId('login-page').waitFor();
    await expect(page.getByTestId('nav-live').count()).resolves.toBe(0);
    await expect(page.locator('img[data-testid^="live-"]').count()).resolves.toBe(0);

    await submitLogin(page, ADMIN.name, 'not the password');
    const error = page.getByTestId('login-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toContain('wrong user name or password');
    await expect(page.getByTestId('nav-live').count()).resolves.toBe(0);
    await saveScreenshot(page, 'login.png');

    await page.setViewportSize({ width: 820, height: 1180 });
    await saveScreenshot(page, 'login-tablet.png');
    await page.close();
  });

  it('a viewer watches and reviews but sees no admin controls; sign-out returns to the sign-in page', async () => {
    const page = await freshPage();
    await signIn(page, VIEWER);
    await expect(page.getByTestId('user-menu').getAttribute('data-role')).resolves.toBe('viewer');
    await expect(page.getByTestId('nav-admin').count()).resolves.toBe(0);

    // Live video works with the session cookie.
    await waitForImage(page, 'live-demo');

    // Camera view: no edit button.
    await page.getByTestId('tile-demo').click();
    await page.getByTestId('camera-view').waitFor();
    await expect(page.getByTestId('camera-edit').count()).resolves.toBe(0);

    // Capture detail: review yes, delete no.
    await page.goto(`${system.url}/#/violations/${captureId}`);
    await page.getByTestId('capture-detail').waitFor();
    await page.getByTestId('review-acknowledged').waitFor();
    await expect(page.getByTestId('detail-delete').count()).resolves.toBe(0);
    await page.getByTestId('review-false-positive').click();
    await waitForReviewStatus(page, 'false-positive', 'the review');
    await expect(page.getByTestId('review-history').textContent()).resolves.toContain(VIEWER.name);
    await page.getByTestId('detail-close').click();

    // The admin pages refuse, even when typed in.
    await page.goto(`${system.url}/#/admin`);
    await page.getByTestId('admin-forbidden').waitFor();
    await expect(page.getByTestId('admin-add').count()).resolves.toBe(0);
    await page.goto(`${system.url}/#/admin/cameras/demo`);
    await page.getByTestId('admin-forbidden').waitFor();
    await expect(page.getByTestId('camera-form').count()).resolves.toBe(0);

    await page.getByTestId('logout').click();
    await page.getByTestId('login-page').waitFor();
    const me = await (await page.request.get(`${system.url}/api/auth/me`)).json();
    expect(me).toEqual({ user: null, authRequired: true });
    await page.close();
  });

  it('an admin adds a camera after checking its URL, with a schedule and a zone; it starts streaming', async () => {
    const page = await freshPage();
    await signIn(page, ADMIN);
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-row-demo').waitFor();
    await page.getByTestId('admin-add').click();
    await page.getByTestId('camera-form').waitFor();

    await page.getByTestId('field-id').fill('demo');
    await page.getByTestId('field-name').fill('Loading dock');
    await page.getByTestId('field-location').fill('East side');
    await page.getByTestId('field-fps').fill('3');

    // A URL that gives no picture: the probe's reason shows at the URL field, and saving waits.
    await page.getByTestId('field-url').fill(path.join(sharedDir(), 'media/no-such-clip.mp4'));
    await page.getByTestId('probe-button').click();
    await expect(page.getByTestId('error-url').textContent()).resolves.toMatch(/no-such-clip\.mp4/);
    await expect(page.getByTestId('save-camera').isDisabled()).resolves.toBe(true);

    // The right URL: a picture from it, then saving is possible.
    await page.getByTestId('field-url').fill(SAMPLE_VIDEO);
    await expect(page.getByTestId('save-camera').isDisabled()).resolves.toBe(true);
    await page.getByTestId('probe-button').click();
    await page.getByTestId('probe-image').waitFor({ timeout: 30_000 });
    await waitForImage(page, 'probe-image');
    await expect(page.getByTestId('error-url').count()).resolves.toBe(0);

    // Detection schedule (weekdays by default; Friday off), a window that does not include now, so the
    // camera only streams.
    await page.getByTestId('schedule-enabled').check();
    await page.getByTestId('schedule-timezone').fill('UTC');
    const hour = new Date().getUTCHours();
    const hh = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
    await page.getByTestId('schedule-start-0').fill(hh(hour + 2));
    await page.getByTestId('schedule-end-0').fill(hh(hour + 23));
    await page.getByTestId('schedule-day-0-fri').click();
    await page.getByTestId('schedule-now').waitFor();
    await expect(page.getByTestId('schedule-now').textContent()).resolves.toContain('OFF');

    // A zone drawn on the picture: four clicks, only a helmet required there.
    await page.getByTestId('zone-image').waitFor();
    await waitForImage(page, 'zone-image');
    const canvas = page.getByTestId('zone-canvas');
    const box = (await canvas.boundingBox())!;
    for (const [x, y] of [
      [0.1, 0.2],
      [0.6, 0.2],
      [0.6, 0.9],
      [0.1, 0.9],
    ]) {
      await canvas.click({ position: { x: box.width * x, y: box.height * y } });
    }
    await expect(page.getByTestId('zone-polygon-0').getAttribute('data-points')).resolves.toBe('4');
    await page.getByTestId('zone-name-0').fill('Welding bay');
    await page.getByTestId('zone-required-0').selectOption('items'); // starts from the camera's helmet + vest
    await page.getByTestId('zone-0-ppe-vest').uncheck();
    await page.evaluate(() => window.scrollTo(0, 0));
    await saveScreenshot(page, 'admin.png');
    await page.evaluate(() => document.querySelector('#form-detection')?.closest('section')?.scrollIntoView());
    await saveScreenshot(page, 'admin-schedule-zones.png');
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.evaluate(() => document.querySelector('#form-source')?.closest('section')?.scrollIntoView());
    await saveScreenshot(page, 'admin-tablet.png');
    await page.setViewportSize({ width: 1366, height: 768 });

    // The id is taken: the API's reason shows next to the id field.
    await page.getByTestId('save-camera').click();
    await expect(page.getByTestId('error-id').textContent()).resolves.toContain('exists already');
    await page.getByTestId('field-id').fill('dock-3');
    await expect(page.getByTestId('error-id').count()).resolves.toBe(0);
    await page.getByTestId('save-camera').click();

    await page.getByTestId('admin-row-dock-3').waitFor();
    await page.getByTestId('admin-flash').waitFor();
    const saved = await (await page.request.get(`${system.url}/api/cameras/dock-3`)).json();
    expect(saved).toMatchObject({
      name: 'Loading dock',
      location: 'East side',
      url: SAMPLE_VIDEO,
      fps: 3,
      schedule: {
        timeZone: 'UTC',
        windows: [{ days: ['mon', 'tue', 'wed', 'thu'], start: hh(hour + 2), end: hh(hour + 23) }],
      },
      ppe: { zones: [{ name: 'Welding bay', required: ['no-helmet'] }] },
    });
    expect(saved.ppe.zones[0].polygon).toHaveLength(4);
    saved.ppe.zones[0].polygon.forEach((p: number[]) => p.forEach((v) => expect(v).toBeGreaterThanOrEqual(0)));
    await saveScreenshot(page, 'admin-list.png');

    // Its tile on the live grid shows a moving picture.
    await page.getByTestId('nav-live').click();
    const tile = page.getByTestId('tile-dock-3');
    await tile.waitFor();
    await waitForAttribute(tile, 'data-status', 'streaming', 60_000, 'the new camera to stream');
    await waitForImage(page, 'live-dock-3');
    await waitForPictureToChange(page.getByTestId('live-dock-3'));
    await waitUntil(
      async () => /^[1-9]\.\d fps$/.test((await page.getByTestId('fps-dock-3').textContent()) ?? ''),
      20_000,
      'its frame rate',
    );
    await saveScreenshot(page, 'live-admin.png');

    // Disable, then remove it.
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-toggle-dock-3').click();
    await waitForAttribute(
      page.getByTestId('status-admin-dock-3'),
      'data-status',
      'stopped',
      20_000,
      'the camera to stop',
    );
    await page.getByTestId('admin-remove-dock-3').click();
    await page.getByTestId('admin-remove-confirm-dock-3').click();
    await page.getByTestId('admin-row-dock-3').waitFor({ state: 'detached' });
    expect((await page.request.get(`${system.url}/api/cameras/dock-3`)).status()).toBe(404);
    expect(hashOf(page)).toBe('#/admin');
    await page.close();
  });

  it('when the session ends (e.g. the password was changed), the sign-in page shows', async () => {
    const page = await freshPage();
    await signIn(page, VIEWER);
    await page.getByTestId('tile-demo').waitFor();
    system.db.prepare('DELETE FROM sessions').run();
    // No request needed: the server ends the session's live streams, and the dashboard checks why.
    await page.getByTestId('login-page').waitFor({ timeout: 30_000 });
    await page.evaluate(() => (window.location.hash = '#/violations'));
    await expect(page.getByTestId('nav-live').count()).resolves.toBe(0);
    // Signing in again lands on the page the user was going to.
    await submitLogin(page, VIEWER.name, VIEWER.password);
    await page.getByTestId('violations-page').waitFor();
    await page.close();
  });

  it('an admin deletes a capture from its detail; it leaves the gallery', async () => {
    const page = await freshPage();
    await signIn(page, ADMIN);
    await page.goto(`${system.url}/#/violations`);
    await captureCard(page, captureId).click();
    await page.getByTestId('capture-detail').waitFor();
    await page.getByTestId('detail-delete').click();
    await page.getByTestId('detail-delete-confirm').click();
    await page.getByTestId('capture-detail').waitFor({ state: 'detached' });
    await captureCard(page, captureId).waitFor({ state: 'detached' });
    expect((await page.request.get(`${system.url}/api/violations/${captureId}`)).status()).toBe(404);
    await page.close();
  });

  it('an admin edits a camera: the form shows its settings and API validation errors next to the field', async () => {
    const page = await freshPage();
    await signIn(page, ADMIN);
    await page.goto(`${system.url}/#/cameras/demo`);
    await page.getByTestId('camera-edit').click();
    await page.getByTestId('camera-form').waitFor();
    await expect(page.getByTestId('field-id').isDisabled()).resolves.toBe(true);
    await expect(page.getByTestId('field-name').inputValue()).resolves.toBe('Demo camera');
    // The URL is unchanged, so no check is needed; a bad fps is refused by the API with its reason.
    await page.getByTestId('field-fps').fill('0');
    await page.getByTestId('save-camera').click();
    await expect(page.getByTestId('error-fps').textContent()).resolves.toMatch(/>0/);
    await page.getByTestId('field-fps').fill('5');
    await page.getByTestId('field-location').fill('Sample footage, hall B');
    await page.getByTestId('save-camera').click();
    await page.getByTestId('admin-flash').waitFor();
    const saved = await (await page.request.get(`${system.url}/api/cameras/demo`)).json();
    expect(saved.location).toBe('Sample footage, hall B');
    await page.close();
  });
});
