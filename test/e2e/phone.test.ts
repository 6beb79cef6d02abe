// A safety officer opens the capture an alert links to on a phone (390×844): the capture detail, the
// gallery and the live grid fit the screen, with the review actions at the bottom, under the thumb.
// The alert itself goes to a webhook receiver on 127.0.0.1, so the detail has a delivery to show.
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startReceiver } from '../alerts/receiver';
import {
  saveScreenshot,
  seedCapture,
  setUpE2E,
  signedInPage,
  waitForImage,
  waitUntil,
  type E2ESystem,
} from './support';

const ADMIN = { name: 'alice', password: 'correct horse battery' };
const VIEWER = { name: 'victor', password: 'viewer password 1' };
const PHONE = { width: 390, height: 844 };
const YARD = { cameraId: 'demo', cameraName: 'Demo camera', location: 'Sample footage' };

/** What a user would see cut off: the page wider than the screen, or an element outside it. */
async function outsideViewport(page: Page, testIds: string[]): Promise<string[]> {
  return page.evaluate((ids) => {
    const problems: string[] = [];
    const width = document.scrollingElement!.scrollWidth;
    if (width > window.innerWidth) problems.push(`page is ${width} px wide in a ${window.innerWidth} px window`);
    for (const id of ids) {
      const el = document.querySelector(`[data-testid="${id}"]`);
      if (!el) {
        problems.push(`${id} is missing`);
        continue;
      }
      const r = el.getBoundingClientRect();
      if (r.left < 0 || r.top < 0 || r.right > window.innerWidth || r.bottom > window.innerHeight)
        problems.push(
          `${id} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`,
        );
    }
    return problems;
  }, testIds);
}

describe('the dashboard on a phone', () => {
  let system: E2ESystem;
  const receiver = startReceiver('phone-hook-secret');
  const captures: string[] = [];

  const e2e = setUpE2E(async (started) => {
    system = started;
    await system.users.add(ADMIN.name, 'admin', ADMIN.password);
    await system.users.add(VIEWER.name, 'viewer', VIEWER.password);
    const admin = await signedIn(ADMIN, { width: 1366, height: 768 });
    const hook = await receiver;
    const channel = await admin.request.post(`${system.url}/api/alerts/channels`, {
      data: { id: 'officer', name: 'Safety officer', type: 'webhook', url: hook.url, secret: 'phone-hook-secret' },
    });
    expect(channel.status()).toBe(201);
    const rule = await admin.request.post(`${system.url}/api/alerts/rules`, {
      data: { id: 'everything', channels: ['officer'] },
    });
    expect(rule.status()).toBe(201);
    await admin.close();
    // Three captures an hour apart: the middle one has a newer and an older neighbour.
    for (const hoursAgo of [3, 2, 1]) {
      captures.push(
        await seedCapture(system, {
          ...YARD,
          time: new Date(Date.now() - hoursAgo * 3_600_000),
          kinds: hoursAgo === 2 ? ['no-helmet', 'no-vest'] : ['no-vest'],
          zone: 'Loading bay north',
        }),
      );
    }
    // A minute: a delivery that times out under the suite's load is retried seconds later.
    await waitUntil(() => hook.received.length === 3, 60_000, 'the three alerts');
  });

  afterAll(async () => (await receiver).close());

  const signedIn = (user: { name: string; password: string }, viewport = PHONE) =>
    signedInPage(e2e, system.url, user, viewport);

  it('the capture an alert links to fits the screen: close, newer/older and review under the thumb', async () => {
    const page = await signedIn(VIEWER);
    const hook = await receiver;
    const link = hook.received.find((r) => r.body.captureId === captures[1])!.body.link as string;
    await page.goto(link.replace(/^https?:\/\/[^/]+/, system.url));
    await page.getByTestId('capture-detail').waitFor();
    await page.getByTestId('review-acknowledged').waitFor();
    await waitUntil(
      () =>
        page
          .getByTestId('capture-detail')
          .locator('img')
          .evaluateAll((imgs: HTMLImageElement[]) => imgs.length === 2 && imgs.every((i) => i.naturalWidth > 0)),
      15_000,
      'the crop and the full frame',
    );
    await page.getByTestId('detail-deliveries').waitFor();

    expect(await outsideViewport(page, ['detail-close', 'detail-newer', 'detail-older'])).toEqual([]);
    // Thumb reach: the review buttons sit in the lower part of the screen without scrolling.
    expect(await outsideViewport(page, ['review-acknowledged', 'review-false-positive'])).toEqual([]);
    const review = await page.getByTestId('review-acknowledged').boundingBox();
    expect(review!.y).toBeGreaterThan(PHONE.height / 2);
    await saveScreenshot(page, 'phone-detail.png');

    // Scrolled to the end: the delivery history, and the actions still at hand.
    await page.getByTestId('detail-deliveries').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('detail-deliveries').textContent()).resolves.toContain('Safety officer');
    expect(await outsideViewport(page, ['detail-close', 'review-acknowledged'])).toEqual([]);
    await saveScreenshot(page, 'phone-detail-end.png');

    await page.getByTestId('detail-older').click();
    await waitUntil(() => page.url().includes(captures[0]), 10_000, 'the older capture');
    await page.getByTestId('detail-close').click();
    await page.getByTestId('capture-detail').waitFor({ state: 'detached' });
    await page.close();
  });

  it('the violations gallery and its filters fit the screen, the navigation is whole', async () => {
    const page = await signedIn(VIEWER);
    await page.goto(`${system.url}/#/violations`);
    await page.getByTestId('capture-card').nth(2).waitFor();
    expect(await outsideViewport(page, ['nav-live', 'nav-violations', 'nav-stats', 'logout'])).toEqual([]);
    await saveScreenshot(page, 'phone-violations.png');
    await saveScreenshot(page, 'phone-violations-full.png', { fullPage: true });
    await page.close();
  });

  it('the live grid fits the screen', async () => {
    const page = await signedIn(ADMIN);
    await waitForImage(page, 'live-demo');
    expect(await outsideViewport(page, ['nav-live', 'nav-violations', 'nav-admin', 'logout'])).toEqual([]);
    const tile = await page.getByTestId('tile-demo').boundingBox();
    expect(tile!.x + tile!.width).toBeLessThanOrEqual(PHONE.width);
    await saveScreenshot(page, 'phone-live.png');
    await saveScreenshot(page, 'phone-live-full.png', { fullPage: true });
    await page.close();
  });
});
