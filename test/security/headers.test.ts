// Finding 9: no Content-Security-Policy and related headers. The built dashboard must run under the
// policy with no violation: the sign-in page, every page, the live MJPEG picture and the event stream.
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../api/helpers';
import { startE2ESystem, waitForImage, type E2ESystem } from '../e2e/support';
import { launchBrowser } from '../helpers/browser';
import { openStream, request } from './support';

describe('security headers', () => {
  let system: E2ESystem;
  let browser: BrowserContext;
  beforeAll(async () => {
    system = await startE2ESystem(); // the built dashboard and the demo camera, open local mode
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  const expectHeaders = (headers: Record<string, string | string[] | undefined>, what: string) => {
    expect(headers['content-security-policy'], what).toMatch(/(^|; )default-src 'none'(;|$)/);
    expect(headers['content-security-policy'], what).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
    expect(headers['content-security-policy'], what).toMatch(/(^|; )script-src 'self'(;|$)/);
    expect(headers['x-content-type-options'], what).toBe('nosniff');
    expect(headers['x-frame-options'], what).toBe('DENY');
    expect(headers['referrer-policy'], what).toBe('no-referrer');
  };

  it('are on pages, scripts, API answers, errors and streams', async () => {
    const index = await request(system.url, 'GET', '/');
    expect(index.status).toBe(200);
    const script = /<script[^>]+src="([^"]+)"/.exec(index.text)?.[1];
    expect(script).toBeDefined();
    const responses: Array<[string, { status: number; headers: Record<string, string | string[] | undefined> }]> = [
      ['the page', index],
      ['a script', await request(system.url, 'GET', script!)],
      ['an API answer', await request(system.url, 'GET', '/api/cameras')],
      ['a 404', await request(system.url, 'GET', '/api/nothing')],
      [
        'a 403',
        await request(system.url, 'POST', '/api/cameras', { json: {}, headers: { origin: 'https://evil.example' } }),
      ],
    ];
    for (const [what, res] of responses) expectHeaders(res.headers, `${what} (${res.status})`);
    for (const stream of ['/api/events', '/api/cameras/demo/live.mjpeg']) {
      const open = await openStream(system.url, stream, undefined);
      expect(open.status).toBe(200);
      expectHeaders(open.headers, stream);
      open.close();
    }
  });

  it('let the dashboard run with no policy violation, sign-in, live video and events included', async () => {
    // Once a user exists everyone signs in: the sign-in page comes first.
    await system.users.add(ADMIN.name, 'admin', ADMIN.password);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page: ${err.message}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { cspViolations: string[] }).cspViolations ??= [];
        (window as unknown as { cspViolations: string[] }).cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await page.goto(`${system.url}/`);
    await page.getByTestId('login-page').waitFor();
    await page.getByTestId('login-username').fill(ADMIN.name);
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('nav-live').waitFor();
    for (const hash of ['#/', '#/violations', '#/stats', '#/admin', '#/admin/cameras/demo']) {
      await page.goto(`${system.url}/${hash}`);
      await page.waitForLoadState('networkidle').catch(() => undefined); // streams never go idle
      await page.locator('main, [data-testid]').first().waitFor();
    }
    await page.goto(`${system.url}/#/admin/alerts`);
    await page.getByTestId('alerts-page').waitFor();
    await page.goto(`${system.url}/#/cameras/demo`);
    await waitForImage(page, 'live-demo');
    expect(await page.getByTestId('live-demo').getAttribute('src')).toMatch(/live\.mjpeg/);
    const opened = await page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          const events = new EventSource('/api/events');
          events.onopen = () => {
            events.close();
            resolve(true);
          };
          events.onerror = () => resolve(false);
        }),
    );
    expect(opened).toBe(true);
    const violations = await page.evaluate(
      () => (window as unknown as { cspViolations?: string[] }).cspViolations ?? [],
    );
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
  });
});
