// Privacy masks in the camera editor, against the real system: a camera with a mask shows it
// blacked out in its picture, with the mask drawn over it; another one is drawn like a zone, set
// to blur and saved with the camera; the editor says that masked clips are re-encoded.
import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { rectangle } from '../helpers/masks';
import { SAMPLE_VIDEO, saveScreenshot, setUpE2E, waitForImage, waitUntil, type E2ESystem } from './support';

const LEFT_QUARTER = rectangle(0, 0, 0.25, 1);

describe('privacy masks in the camera editor', () => {
  let system: E2ESystem;
  let browser: BrowserContext;

  const e2e = setUpE2E(
    async (started) => {
      system = started;
      await system.cameras.create({
        id: 'office',
        name: 'Office yard',
        url: SAMPLE_VIDEO,
        fps: 2,
        privacyMasks: [{ name: 'Office window', points: LEFT_QUARTER }],
      });
      browser = await e2e.newBrowser();
    },
    { cameras: [] },
  );

  it('shows the camera’s masks on its masked picture, draws a blur mask, and saves it with the camera', async () => {
    await waitUntil(
      async () => (await fetch(`${system.url}/api/cameras/office/snapshot.jpg`)).status === 200,
      60_000,
      'a picture from the camera',
    );
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${system.url}/#/admin/cameras/office`);
    await page.getByTestId('camera-form').waitFor();
    await waitForImage(page, 'mask-image');

    // The saved mask: listed, and drawn over the picture.
    await expect(page.getByTestId('mask-name-0').inputValue()).resolves.toBe('Office window');
    await expect(page.getByTestId('mask-style-0').inputValue()).resolves.toBe('black');
    await expect(page.getByTestId('mask-polygon-0').getAttribute('data-points')).resolves.toBe('4');
    await expect(page.getByTestId('mask-note').textContent()).resolves.toContain(
      'Masks are burned into clips, which are then re-encoded (more CPU per capture)',
    );

    // A second mask, drawn with four clicks after "Add mask", then blurred.
    await page.getByTestId('mask-add').click();
    const canvas = page.getByTestId('mask-canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    for (const [x, y] of [
      [0.6, 0.1],
      [0.95, 0.1],
      [0.95, 0.5],
      [0.6, 0.5],
    ]) {
      await canvas.click({ position: { x: box.width * x, y: box.height * y } });
    }
    await expect(page.getByTestId('mask-polygon-1').getAttribute('data-points')).resolves.toBe('4');
    await page.getByTestId('mask-name-1').fill('Neighbour’s door');
    await page.getByTestId('mask-style-1').selectOption('blur');
    await page.evaluate(() => document.querySelector('#form-masks')?.closest('section')?.scrollIntoView());
    await saveScreenshot(page, 'camera-editor-privacy-masks.png');

    await page.getByTestId('save-camera').click();
    await page.getByTestId('admin-row-office').waitFor();
    const saved = await (await page.request.get(`${system.url}/api/cameras/office`)).json();
    expect(saved.privacyMasks.map((m: { name: string; style: string }) => [m.name, m.style])).toEqual([
      ['Office window', 'black'],
      ['Neighbour’s door', 'blur'],
    ]);
    const [x0, y0] = saved.privacyMasks[1].points[0];
    expect(x0).toBeCloseTo(0.6, 1);
    expect(y0).toBeCloseTo(0.1, 1);
  }, 120_000);
});
