// PPE items beyond helmet and vest in the dashboard, against the real system running the accurate
// model (which knows masks and gloves): the gallery's kind filter and the statistics show a third
// kind, and the camera editor offers only the items the model can show, warning about the others.
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_MODEL_FILE, sharedDir } from '../../src/config/paths';
import { modelConfigSchema } from '../../src/detect/config';
import { SAMPLE_VIDEO, saveScreenshot, seedCapture, setUpE2E, waitUntil, type E2ESystem } from './support';

const PAINT = { cameraId: 'paint', cameraName: 'Paint shop', location: 'Hall 2' };
const HOUR = 3_600_000;

describe('dashboard with a mask item', () => {
  let system: E2ESystem;
  let browser: BrowserContext;
  const ids: Record<string, string> = {};

  const e2e = setUpE2E(
    async (started) => {
      system = started;
      await system.cameras.create({
        id: PAINT.cameraId,
        name: PAINT.cameraName,
        location: PAINT.location,
        url: SAMPLE_VIDEO,
        enabled: false,
        ppe: { required: ['no-mask', 'no-goggles'] },
      });
      const at = (h: number) => new Date(Date.now() - h * HOUR);
      ids.mask = await seedCapture(system, { ...PAINT, time: at(3), kinds: ['no-mask'] });
      ids.maskAndHelmet = await seedCapture(system, { ...PAINT, time: at(2), kinds: ['no-helmet', 'no-mask'] });
      ids.vest = await seedCapture(system, { ...PAINT, time: at(1), kinds: ['no-vest'] });
      browser = await e2e.newBrowser();
    },
    // No live camera: the seeded captures are all there is, and the cores stay free.
    { cameras: [], model: modelConfigSchema.parse({ path: path.join(sharedDir(), DEMO_MODEL_FILE) }) },
  );

  it('filters the gallery by a third kind, labelled with its item, and shows its badge', async () => {
    const page = await browser.newPage();
    await page.goto(`${system.url}/#/violations`);
    const filter = page.getByTestId('filter-kind');
    await waitUntil(async () => (await filter.locator('option[value="no-mask"]').count()) === 1, 15_000, 'no-mask');
    const options = await filter
      .locator('option')
      .evaluateAll((els) => els.map((el) => [(el as HTMLOptionElement).value, el.textContent]));
    // The items the model can show (no goggles class: not offered).
    expect(options).toEqual([
      ['', 'All kinds'],
      ['no-helmet', 'No helmet'],
      ['no-vest', 'No vest'],
      ['no-mask', 'No mask'],
      ['no-gloves', 'No gloves'],
    ]);

    await filter.selectOption('no-mask');
    await waitUntil(async () => (await page.getByTestId('capture-card').count()) === 2, 15_000, 'the mask captures');
    const shown = await page
      .getByTestId('capture-card')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-capture-id')));
    expect(shown).toEqual([ids.maskAndHelmet, ids.mask]);
    expect(page.url()).toContain('kind=no-mask');
    const badges = await page
      .getByTestId('capture-card')
      .first()
      .locator('[data-kind]')
      .evaluateAll((els) => els.map((el) => [el.getAttribute('data-kind'), el.getAttribute('title')]));
    expect(badges).toEqual([
      ['no-helmet', 'No helmet'],
      ['no-mask', 'No mask'],
    ]);
    await saveScreenshot(page, 'violations-mask.png');
    await page.close();
  });

  it('counts the third kind in the statistics per kind', async () => {
    const page = await browser.newPage();
    await page.goto(`${system.url}/#/stats`);
    const chart = page.getByTestId('chart-kind');
    await chart.locator('[data-row="no-mask"]').waitFor({ timeout: 15_000 });
    const rows = await chart
      .locator('[data-row]')
      .evaluateAll((els) => els.map((el) => [el.getAttribute('data-row'), el.querySelector('title')?.textContent]));
    expect(rows).toEqual([
      ['no-helmet', 'No helmet: 1'],
      ['no-vest', 'No vest: 1'],
      ['no-mask', 'No mask: 2'],
      ['no-gloves', 'No gloves: 0'],
    ]);
    await expect(page.getByTestId('stats-captures').textContent()).resolves.toBe('3');
    await saveScreenshot(page, 'stats-mask.png');
    await page.close();
  });

  it('camera editor: offers the items the model shows, and warns about a required one it cannot', async () => {
    const page = await browser.newPage();
    await page.goto(`${system.url}/#/admin/cameras/paint`);
    await page.getByTestId('ppe-mask').waitFor({ timeout: 15_000 });
    for (const id of ['helmet', 'vest', 'mask', 'gloves', 'goggles']) {
      expect(await page.getByTestId(`ppe-${id}`).count(), id).toBe(1);
    }
    // Boots, ear protection, harness: the model has no class for them, and none is required.
    for (const id of ['boots', 'ear-protection', 'harness']) {
      expect(await page.getByTestId(`ppe-${id}`).count(), id).toBe(0);
    }
    expect(await page.getByTestId('ppe-mask').isChecked()).toBe(true);
    await expect(page.getByTestId('ppe-warning-goggles').textContent()).resolves.toMatch(
      /The model has no class for goggles/,
    );
    expect(await page.getByTestId('ppe-warning-mask').count()).toBe(0);
    await page.evaluate(() => document.querySelector('#form-detection')?.closest('section')?.scrollIntoView());
    await saveScreenshot(page, 'camera-edit-items.png');

    // Unticking goggles removes the warning.
    await page.getByTestId('ppe-goggles').uncheck();
    await page.getByTestId('ppe-warning-goggles').waitFor({ state: 'detached' });
    await page.getByTestId('ppe-gloves').check();
    await page.getByTestId('save-camera').click();
    await waitUntil(
      async () => {
        const saved = await (await page.request.get(`${system.url}/api/cameras/paint`)).json();
        return JSON.stringify(saved.ppe.required) === JSON.stringify(['no-mask', 'no-gloves']);
      },
      15_000,
      'the camera saved requiring a mask and gloves',
    );
    await page.close();
  });
});
