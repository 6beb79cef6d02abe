// The dashboard in open local mode (no users: everyone on this machine is admin), against the real
// system: the demo camera plays the sample clip through ffmpeg and the real model, and its captures
// arrive within seconds. A second, disabled camera holds seeded captures with known kinds and times.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  SAMPLE_VIDEO,
  captureCard,
  hashOf,
  publishCapture,
  saveScreenshot,
  seedCapture,
  setUpE2E,
  waitForImage,
  waitForPictureToChange,
  waitForReviewStatus,
  waitUntil,
  type E2ESystem,
} from './support';

const DAY = 86_400_000;
const YARD = { cameraId: 'yard-2', cameraName: 'Yard 2', location: 'South gate' };
const GATE = { cameraId: 'gate-9', cameraName: 'Gate 9', location: 'Archive' };
const GATE_CAPTURES = 30;

/** A `datetime-local` value (local time, as the browser on this machine reads it). */
function localInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

describe('dashboard (open local mode)', () => {
  let system: E2ESystem;
  let browser: BrowserContext;
  const seeded: string[] = [];

  const e2e = setUpE2E(async (started) => {
    system = started;
    await system.cameras.create({
      id: YARD.cameraId,
      name: YARD.cameraName,
      location: YARD.location,
      url: SAMPLE_VIDEO,
      enabled: false,
      ppe: {
        zones: [
          {
            name: 'Loading bay',
            polygon: [
              [0.1, 0.1],
              [0.9, 0.1],
              [0.9, 0.9],
              [0.1, 0.9],
            ],
          },
        ],
      },
    });
    // Three days ago, ten minutes apart: outside "last 24 hours", inside "last 7 days".
    const base = Date.now() - 3 * DAY;
    seeded.push(await seedCapture(system, { ...YARD, time: new Date(base), kinds: ['no-vest'], zone: 'Loading bay' }));
    seeded.push(
      await seedCapture(system, {
        ...YARD,
        time: new Date(base + 600_000),
        kinds: ['no-helmet', 'no-vest'],
        zone: 'Loading bay',
      }),
    );
    seeded.push(await seedCapture(system, { ...YARD, time: new Date(base + 1_200_000), kinds: ['no-vest'] }));
    // More than a page of old captures on a third (disabled) camera, for paging.
    await system.cameras.create({
      id: GATE.cameraId,
      name: GATE.cameraName,
      location: GATE.location,
      url: SAMPLE_VIDEO,
      enabled: false,
    });
    for (let i = 0; i < GATE_CAPTURES; i++) {
      await seedCapture(system, { ...GATE, time: new Date(Date.now() - 10 * DAY + i * 120_000), kinds: ['no-helmet'] });
    }
    browser = await e2e.newBrowser();
  });

  /** Card ids and cameras currently in the gallery. */
  const cards = (page: Page) =>
    page
      .getByTestId('capture-card')
      .evaluateAll((els) =>
        els.map((el) => ({ id: el.getAttribute('data-capture-id'), camera: el.getAttribute('data-camera-id') })),
      );
  type Card = Awaited<ReturnType<typeof cards>>[number];

  /** Waits until the gallery's cards pass `check`. */
  const waitForCards = (page: Page, what: string, check: (list: Card[]) => boolean, timeoutMs = 15_000) =>
    waitUntil(async () => check(await cards(page)), timeoutMs, what);

  it('live grid: each camera with status and fps, a moving live picture, captures arriving live', async () => {
    const page = await browser.newPage();
    await page.goto(system.url);
    const tile = page.getByTestId('tile-demo');
    await tile.waitFor({ timeout: 60_000 });
    await expect(tile.textContent()).resolves.toContain('Demo camera');
    await waitUntil(
      async () => ['detecting', 'streaming'].includes((await tile.getAttribute('data-status')) ?? ''),
      60_000,
      'the demo camera to run',
    );
    await expect(tile.textContent()).resolves.toMatch(/\d+\.\d fps/);
    await expect(page.getByTestId('tile-yard-2').getAttribute('data-status')).resolves.toBe('stopped');
    await expect(page.getByTestId('status-yard-2').textContent()).resolves.toBe('stopped');

    await waitForImage(page, 'live-demo');
    await waitForPictureToChange(page.getByTestId('live-demo'));

    // The demo clip has people without helmets or vests: captures show up in the side list by themselves.
    const card = page.getByTestId('capture-card').first();
    await card.waitFor({ timeout: 120_000 });
    await waitUntil(
      () =>
        card
          .locator('img')
          .first()
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      15_000,
      'the crop thumbnail',
    );
    await saveScreenshot(page, 'live.png');

    await page.setViewportSize({ width: 820, height: 1180 });
    await waitForImage(page, 'live-demo');
    await saveScreenshot(page, 'live-tablet.png');
    await page.close();
  });

  it('camera view: the big live stream, its node, status and recent captures', async () => {
    const page = await browser.newPage();
    await page.goto(system.url);
    await page.getByTestId('tile-demo').click();
    expect(hashOf(page)).toBe('#/cameras/demo');
    const view = page.getByTestId('camera-view');
    await view.waitFor();
    await waitForImage(page, 'live-demo');
    await waitForPictureToChange(page.getByTestId('live-demo'));
    await expect(page.getByTestId('camera-node').textContent()).resolves.toContain('local');
    await expect(page.getByTestId('camera-stats').textContent()).resolves.toContain('fps');
    await view.getByTestId('capture-card').first().waitFor({ timeout: 120_000 });
    const cameras = await view
      .getByTestId('capture-card')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-camera-id')));
    expect(new Set(cameras)).toEqual(new Set(['demo']));
    await saveScreenshot(page, 'camera.png');
    await page.setViewportSize({ width: 820, height: 1180 });
    await saveScreenshot(page, 'camera-tablet.png');
    await page.close();
  });

  it('violations: filters narrow the list, and new captures wait behind a notice without moving the cards', async () => {
    const page = await browser.newPage();
    await page.goto(`${system.url}/#/violations`);
    await page.getByTestId('violations-page').waitFor();
    // At least one real capture from the demo camera.
    await waitForCards(page, 'live captures in the gallery', (list) => list.some((c) => c.camera === 'demo'), 120_000);

    await page.getByTestId('filter-camera').selectOption('yard-2');
    await waitForCards(
      page,
      'only the three captures of Yard 2',
      (list) => list.length === 3 && list.every((c) => c.camera === 'yard-2'),
    );
    expect(hashOf(page)).toContain('camera=yard-2');

    await page.getByTestId('filter-kind').selectOption('no-helmet');
    await waitForCards(
      page,
      'the one Yard 2 capture without a helmet',
      (list) => list.length === 1 && list[0].id === seeded[1],
    );

    await page.getByTestId('filter-kind').selectOption('');
    await page.getByTestId('filter-zone').selectOption('Loading bay');
    await waitForCards(page, 'the two captures in the loading bay', (list) => list.length === 2);

    // The seeded captures are three days old: "last 24 hours" leaves none of them.
    await page.getByTestId('filter-zone').selectOption('');
    await page.getByTestId('filter-range').selectOption('24h');
    await page.getByText('No captures match these filters.').waitFor({ timeout: 15_000 });
    await page.getByTestId('filter-camera').selectOption('');
    await waitForCards(
      page,
      'only the recent demo captures',
      (list) => list.length > 0 && list.every((c) => c.camera === 'demo'),
    );
    expect(hashOf(page)).toContain('range=24h');

    // A custom range, four to two days ago: only the Yard 2 captures.
    await page.getByTestId('filter-range').selectOption('custom');
    await page.getByTestId('filter-from').fill(localInput(Date.now() - 4 * DAY));
    await page.getByTestId('filter-to').fill(localInput(Date.now() - 2 * DAY));
    await waitForCards(
      page,
      'the captures of four to two days ago',
      (list) => list.length === 3 && list.every((c) => c.camera === 'yard-2'),
    );
    expect(hashOf(page)).toMatch(/from=.*&to=/);

    // The CSV link carries the filters.
    const csvHref = await page.getByTestId('export-csv').getAttribute('href');
    expect(csvHref).toMatch(/^\/api\/violations\.csv\?from=.*&to=/);

    // A capture arrives while the officer looks at the gallery: a notice, and nothing moves.
    await page.getByTestId('filter-clear').click();
    await waitForCards(page, 'the unfiltered gallery', (list) => list.length >= 24);
    const firstCard = page.getByTestId('capture-card').first();
    const before = await firstCard.boundingBox();
    const firstId = await firstCard.getAttribute('data-capture-id');
    const liveId = await publishCapture(system, { ...YARD, time: new Date(), kinds: ['no-helmet'] });
    const pill = page.getByTestId('new-captures');
    await pill.waitFor({ timeout: 15_000 });
    expect(Number(await pill.getAttribute('data-count'))).toBeGreaterThanOrEqual(1);
    expect(await firstCard.getAttribute('data-capture-id')).toBe(firstId);
    expect(await firstCard.boundingBox()).toEqual(before);
    await saveScreenshot(page, 'violations.png');

    await pill.click();
    await captureCard(page, liveId).waitFor({ timeout: 5_000 });
    await page.setViewportSize({ width: 820, height: 1180 });
    await saveScreenshot(page, 'violations-tablet.png');
    await page.close();
  });

  it('violations: pages of 24, "Load more" appends the next (older) page', async () => {
    const page = await browser.newPage();
    await page.goto(`${system.url}/#/violations?camera=gate-9`);
    await waitForCards(page, 'the first page', (list) => list.length === 24);
    await expect(page.getByTestId('gallery-count').textContent()).resolves.toBe('24+ captures');
    await page.getByTestId('load-more').click();
    await waitForCards(page, 'the second page', (list) => list.length === GATE_CAPTURES);
    const ids = (await cards(page)).map((c) => c.id);
    expect(new Set(ids).size).toBe(GATE_CAPTURES);
    await expect(page.getByTestId('load-more').count()).resolves.toBe(0);
    await page.getByText('End of list').waitFor();
    await page.close();
  });

  it('detail: crop and full frame side by side; a review with a note persists after reload', async () => {
    const page = await browser.newPage();
    await page.goto(`${system.url}/#/violations?camera=demo`);
    const card = page.getByTestId('capture-card').first();
    await card.waitFor({ timeout: 120_000 });
    const id = await card.getAttribute('data-capture-id');
    await card.click();
    const detail = page.getByTestId('capture-detail');
    await detail.waitFor();
    expect(hashOf(page)).toContain(`#/violations/${id}`);
    await waitUntil(
      () =>
        detail
          .locator('img')
          .evaluateAll(
            (imgs: HTMLImageElement[]) => imgs.length === 2 && imgs.every((i) => i.complete && i.naturalWidth > 0),
          ),
      15_000,
      'the crop and the full frame',
    );
    // Side by side: the frame is to the right of the crop.
    const [crop, frame] = await detail
      .locator('img')
      .evaluateAll((imgs) => imgs.map((i) => i.getBoundingClientRect().toJSON() as DOMRect));
    expect(frame.left).toBeGreaterThanOrEqual(crop.right);
    await expect(page.getByTestId('detail-status').getAttribute('data-status')).resolves.toBe('new');
    // Only the allowed next steps are offered.
    await expect(page.getByTestId('review-resolved').count()).resolves.toBe(0);

    await page.getByTestId('review-note').fill('Spoke to the foreman');
    await page.getByTestId('review-acknowledged').click();
    await waitForReviewStatus(page, 'acknowledged', 'the acknowledged status');
    await page.getByTestId('review-history').waitFor();
    await saveScreenshot(page, 'detail.png');
    await page.setViewportSize({ width: 820, height: 1180 });
    await saveScreenshot(page, 'detail-tablet.png');
    await page.setViewportSize({ width: 1366, height: 768 });

    await page.reload();
    await page.getByTestId('capture-detail').waitFor();
    await waitForReviewStatus(page, 'acknowledged', 'the status after reload');
    await expect(page.getByTestId('detail-note').textContent()).resolves.toBe('Spoke to the foreman');
    await expect(page.getByTestId('review-history').textContent()).resolves.toContain('local');
    await expect(page.getByTestId('review-acknowledged').count()).resolves.toBe(0);
    await page.getByTestId('review-resolved').waitFor();

    // The gallery knows too: filtering by status finds it.
    await page.getByTestId('detail-close').click();
    await page.getByTestId('capture-detail').waitFor({ state: 'detached' });
    await page.getByTestId('filter-status').selectOption('acknowledged');
    await waitForCards(page, 'the acknowledged capture alone', (list) => list.length === 1 && list[0].id === id);
    const res = await page.request.get(`${system.url}/api/violations/${id}`);
    expect((await res.json()).status).toBe('acknowledged');
    await page.close();
  });

  it('stats: charts per hour / day, per camera and kind, the compliance rate and a CSV of the range', async () => {
    const page = await browser.newPage();
    await page.goto(`${system.url}/#/stats`);
    await page.getByTestId('stats-page').waitFor();
    await waitUntil(
      async () => /^\d+$/.test((await page.getByTestId('stats-captures').textContent()) ?? ''),
      15_000,
      'the numbers',
    );
    await expect(page.getByTestId('stats-compliance').textContent()).resolves.toMatch(/^(\d+\.\d%|–)$/);
    // 24 h: one column per hour (25 buckets: the hour containing `from` up to now).
    const columns = Number(await page.getByTestId('chart-time').getAttribute('data-columns'));
    expect(columns).toBeGreaterThanOrEqual(24);
    await page.getByTestId('chart-camera').locator('[data-row="demo"]').waitFor();
    await expect(page.getByTestId('chart-kind').getAttribute('data-rows')).resolves.toBe('2');

    // Seven days: per day, and the seeded Yard 2 captures count.
    await page.getByTestId('stats-range').selectOption('7d');
    await page.getByTestId('chart-camera').locator('[data-row="yard-2"]').waitFor({ timeout: 15_000 });
    await waitUntil(
      async () => Number(await page.getByTestId('chart-time').getAttribute('data-columns')) <= 8,
      10_000,
      'a column per day',
    );
    expect(hashOf(page)).toContain('range=7d');
    await saveScreenshot(page, 'stats.png');
    await page.setViewportSize({ width: 820, height: 1180 });
    await saveScreenshot(page, 'stats-tablet.png');
    await page.setViewportSize({ width: 1366, height: 768 });

    // The CSV export uses the page's range and camera.
    await page.getByTestId('stats-camera').selectOption('yard-2');
    await page.getByTestId('chart-camera').locator('[data-row="demo"]').waitFor({ state: 'detached', timeout: 15_000 });
    const href = await page.getByTestId('stats-export-csv').getAttribute('href');
    expect(href).toContain('cameraId=yard-2');
    expect(href).toContain('from=');
    const res = await page.request.get(`${system.url}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('text/csv');
    const csv = await res.text();
    for (const id of seeded) expect(csv).toContain(id);
    expect(csv).not.toContain(',demo,');
    await page.close();
  });

  it('open local mode: no sign-in, no sign-out, and admin controls for everyone', async () => {
    const page = await browser.newPage();
    await page.goto(system.url);
    await page.getByTestId('nav-admin').waitFor();
    await expect(page.getByTestId('logout').count()).resolves.toBe(0);
    await expect(page.getByTestId('login-page').count()).resolves.toBe(0);
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('admin-row-demo').waitFor();
    await page.getByTestId('admin-edit-demo').waitFor();
    await page.close();
  });
});
