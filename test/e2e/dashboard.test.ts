import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotDir } from '../helpers/browser';
import { startTestSystem } from '../helpers/system';

describe('dashboard in headless Chromium', () => {
  let system: Awaited<ReturnType<typeof startTestSystem>>;
  let browser: BrowserContext;

  beforeAll(async () => {
    system = await startTestSystem();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('shows the live stream changing over time and violation captures arriving', async () => {
    const page = await browser.newPage();
    await page.goto(system.url);
    const live = page.getByTestId('live-demo');
    await live.waitFor({ state: 'visible', timeout: 60_000 });
    // Wait until the stream has painted a frame, then check that the picture moves.
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="live-demo"]');
      return !!img && img.naturalWidth > 0;
    }, undefined, { timeout: 60_000 });
    const first = await live.screenshot();
    await page.waitForTimeout(3000);
    const second = await live.screenshot();
    expect(first.equals(second)).toBe(false);

    // The demo clip has people without helmets; their captures appear in the list live.
    const card = page.getByTestId('capture-card').first();
    await card.waitFor({ state: 'visible', timeout: 120_000 });
    const cropLoaded = await card.locator('img').first().evaluate(async (img: HTMLImageElement) => {
      if (!img.complete) await new Promise((r) => img.addEventListener('load', r, { once: true }));
      return img.naturalWidth > 0;
    });
    expect(cropLoaded).toBe(true);

    fs.mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: path.join(screenshotDir, 'dashboard-live.png') });
  });
});
