// Shared pieces of the dashboard's browser tests: a fresh dashboard build, the real system, seeded
// captures, and waiting helpers (conditions, never fixed sleeps).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { AppConfig } from '../../src/config/schema';
import type { CaptureEvent } from '../../src/domain/events';
import type { ViolationKind } from '../../src/domain/detection';
import { launchBrowser, screenshotDir } from '../helpers/browser';
import { sampleVideo } from '../helpers/media';
import { sharedDir } from '../../src/config/paths';
import { startTestSystem } from '../helpers/system';

export const SAMPLE_VIDEO = sampleVideo;
const STILL = path.join(sharedDir(), 'media/construction-safety.jpg');

const repo = fileURLToPath(new URL('../..', import.meta.url));
const webSrc = path.join(repo, 'src/web');
const webOut = path.join(repo, 'dist/web');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsStale(): boolean {
  const index = path.join(webOut, 'index.html');
  if (!fs.existsSync(index)) return true;
  const source = Math.max(newestMtime(webSrc), fs.statSync(path.join(repo, 'vite.config.ts')).mtimeMs);
  return fs.statSync(index).mtimeMs < source;
}

/**
 * The server serves dist/web and lists its files when it starts, so the dashboard must be built before
 * the system starts. Builds only when a source file is newer than the build; test files running in
 * parallel take turns through a lock directory.
 */
export async function ensureDashboardBuilt(): Promise<void> {
  if (!buildIsStale()) return;
  const lock = path.join(os.tmpdir(), 'cctv-dashboard-build.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // Another build is running; a lock older than 3 minutes was left by a crashed run.
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 180_000) fs.rmSync(lock, { recursive: true, force: true });
      } catch {
        // gone meanwhile
      }
      if (Date.now() > deadline) throw new Error('timed out waiting for another dashboard build');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (!buildIsStale()) return;
    const { build } = await import('vite');
    await build({ configFile: path.join(repo, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export type E2ESystem = Awaited<ReturnType<typeof startTestSystem>>;

/** A fresh build of the dashboard, then the real system: the demo camera unless `overrides` say otherwise. */
export async function startE2ESystem(overrides: Partial<AppConfig> = {}): Promise<E2ESystem> {
  await ensureDashboardBuilt();
  return startTestSystem(overrides);
}

export interface E2ESetup {
  /** A browser of its own (its own cookies); closed after the file's tests. */
  newBrowser(): Promise<BrowserContext>;
}

/**
 * The set-up of a test file (call it inside its `describe`): before the tests, the system starts and
 * `prepare` gets it (to seed users, cameras, captures; to launch browsers); after them, every browser
 * launched with `newBrowser` closes, then the system.
 */
export function setUpE2E(prepare: (system: E2ESystem) => Promise<void>, overrides: Partial<AppConfig> = {}): E2ESetup {
  let system: E2ESystem | undefined;
  const browsers: BrowserContext[] = [];
  const setup: E2ESetup = {
    async newBrowser() {
      const browser = await launchBrowser();
      browsers.push(browser);
      return browser;
    },
  };
  beforeAll(async () => {
    system = await startE2ESystem(overrides);
    await prepare(system);
  });
  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await system?.close();
  });
  return setup;
}

/** A browser of its own (`e2e.newBrowser`), signed in as `user` through the sign-in page, on the live page. */
export async function signedInPage(
  e2e: E2ESetup,
  url: string,
  user: { name: string; password: string },
  viewport?: { width: number; height: number },
): Promise<Page> {
  const page = await (await e2e.newBrowser()).newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(url);
  await page.getByTestId('login-username').fill(user.name);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-live').waitFor();
  return page;
}

let still: { frame: Buffer; crop: Buffer } | undefined;
async function stillImages(): Promise<{ frame: Buffer; crop: Buffer }> {
  if (!still) {
    const frame = await sharp(STILL).resize(640, 360, { fit: 'cover' }).jpeg({ quality: 80 }).toBuffer();
    const crop = await sharp(frame)
      .extract({ left: 250, top: 40, width: 120, height: 160 })
      .jpeg({ quality: 85 })
      .toBuffer();
    still = { frame, crop };
  }
  return still;
}

export interface SeedOptions {
  cameraId: string;
  cameraName: string;
  location: string;
  time: Date;
  kinds?: ViolationKind[];
  zone?: string;
  /** 'pending': a clip event follows (publish it with system.bus.publishClip). */
  clip?: CaptureEvent['clip'];
}

// Boxes far apart, so the dedup memory (same camera and kind, overlapping place, 30 s) never merges them.
let slot = 0;
function nextBox(): [number, number, number, number] {
  const x = 20 + (slot++ % 4) * 150;
  return [x, 40, x + 120, 200];
}

function captureEvent(images: { frame: Buffer; crop: Buffer }, o: SeedOptions): CaptureEvent {
  return {
    id: randomUUID(),
    time: o.time.toISOString(),
    cameraId: o.cameraId,
    cameraName: o.cameraName,
    location: o.location,
    trackId: Math.floor(Math.random() * 900) + 100,
    kinds: o.kinds ?? ['no-vest'],
    confidence: 0.82,
    box: nextBox(),
    ...(o.zone ? { zone: o.zone } : {}),
    ...(o.clip ? { clip: o.clip } : {}),
    crop: images.crop,
    frame: images.frame,
  };
}

/** Saves a capture straight into the archive (files, then row), as the server does; no live event. */
export async function seedCapture(system: E2ESystem, o: SeedOptions): Promise<string> {
  const event = captureEvent(await stillImages(), o);
  const { outcome } = await system.archive.save(event);
  if (outcome !== 'saved') throw new Error(`seeded capture not saved: ${outcome}`);
  return event.id;
}

/** Sends a capture through the bus, the way a camera worker does: saved, then pushed to browsers live. */
export async function publishCapture(system: E2ESystem, o: SeedOptions): Promise<string> {
  const event = captureEvent(await stillImages(), o);
  await system.bus.publishCapture(event);
  return event.id;
}

/** Polls `probe` until it returns a truthy value. */
export async function waitUntil<T>(
  probe: () => Promise<T> | T,
  timeoutMs: number,
  what: string,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Waits until the element's attribute has the value. */
export async function waitForAttribute(
  locator: Locator,
  name: string,
  value: string,
  timeoutMs: number,
  what: string,
): Promise<void> {
  await waitUntil(async () => (await locator.getAttribute(name)) === value, timeoutMs, what);
}

/** Waits until the open capture detail shows the review status. */
export async function waitForReviewStatus(page: Page, status: string, what: string): Promise<void> {
  await waitForAttribute(page.getByTestId('detail-status'), 'data-status', status, 10_000, what);
}

/** The card of one capture, in whichever list shows it. */
export function captureCard(page: Page, captureId: string): Locator {
  return page.locator(`[data-testid="capture-card"][data-capture-id="${captureId}"]`);
}

/** Waits until the `<img>` has painted a picture. */
export async function waitForImage(page: Page, testId: string, timeoutMs = 60_000): Promise<void> {
  await page.waitForFunction(
    (id) => {
      const img = document.querySelector<HTMLImageElement>(`[data-testid="${id}"]`);
      return !!img && img.complete !== false && img.naturalWidth > 0;
    },
    testId,
    { timeout: timeoutMs },
  );
}

/** Waits until a live picture shows something else than it did at first (it is moving). */
export async function waitForPictureToChange(locator: Locator, timeoutMs = 30_000): Promise<void> {
  const first = await locator.screenshot();
  await waitUntil(async () => !first.equals(await locator.screenshot()), timeoutMs, 'the live picture to change');
}

/** Saves a screenshot under test-results/ (after pending images have loaded). */
export async function saveScreenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  // A full-page picture is taken from the top, so sticky bars sit where they belong.
  if (opts.fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(async () => {
    // Let one-off animations (a notice dropping in, a card's highlight) settle, for a true picture.
    const finite = document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity);
    await Promise.race([
      Promise.all(finite.map((a) => a.finished.catch(() => undefined))),
      new Promise((r) => setTimeout(r, 3500)),
    ]);
    const pending = [...document.images].filter((img) => img.src && !img.complete && !img.src.includes('.mjpeg'));
    await Promise.race([
      Promise.all(pending.map((img) => new Promise((r) => img.addEventListener('load', r, { once: true })))),
      new Promise((r) => setTimeout(r, 3000)),
    ]);
  });
  await page.screenshot({ path: path.join(screenshotDir, name), fullPage: opts.fullPage ?? false });
  // Every page must fit its viewport's width (1366×768 desktop, 820×1180 tablet): no sideways scrolling.
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  if (scrollWidth > innerWidth)
    throw new Error(`${name}: the page is ${scrollWidth} px wide in a ${innerWidth} px window`);
}

/** The hash route the page is on. */
export function hashOf(page: Page): string {
  return new URL(page.url()).hash;
}
