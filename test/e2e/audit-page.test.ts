// The audit page against the real system: a viewer opens a capture in the gallery and acknowledges it;
// an admin finds both on the audit page by the capture's id (who, what, from where), changes how long
// the trail is kept, and a viewer has no way in.
import { describe, expect, it } from 'vitest';
import { captureCard, saveScreenshot, seedCapture, setUpE2E, signedInPage, waitUntil, type E2ESystem } from './support';

const ADMIN = { name: 'alice', password: 'correct horse battery' };
const VIEWER = { name: 'victor', password: 'viewer password 1' };

describe('audit page', () => {
  let system: E2ESystem;
  let captureId: string;

  const e2e = setUpE2E(
    async (started) => {
      system = started;
      await system.users.add(ADMIN.name, 'admin', ADMIN.password);
      await system.users.add(VIEWER.name, 'viewer', VIEWER.password);
      captureId = await seedCapture(system, {
        cameraId: 'gate',
        cameraName: 'North gate',
        location: 'Gate house',
        time: new Date(Date.now() - 3_600_000),
      });
    },
    { cameras: [] },
  );

  const signedIn = (user: { name: string; password: string }) => signedInPage(e2e, system.url, user);

  it('shows who opened and reviewed a capture, when and from where; the retention is editable', async () => {
    const viewer = await signedIn(VIEWER);
    await expect(viewer.getByTestId('nav-audit').count()).resolves.toBe(0);
    await viewer.getByTestId('nav-violations').click();
    await captureCard(viewer, captureId).click();
    await viewer.getByTestId('capture-detail').waitFor();
    // The detail's crop and frame load as page images: the detail view's entry covers them.
    await viewer.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('.detail__figure--frame img');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    await viewer.getByTestId('review-acknowledged').click();
    await waitUntil(
      async () => (await viewer.getByTestId('detail-status').getAttribute('data-status')) === 'acknowledged',
      10_000,
      'the review',
    );

    const admin = await signedIn(ADMIN);
    await admin.getByTestId('nav-audit').click();
    await admin.getByTestId('audit-page').waitFor();
    await admin.getByTestId('audit-filter-capture').fill(captureId);
    await admin.getByTestId('audit-filter-capture').press('Enter');
    await waitUntil(
      async () => new URL(admin.url()).hash.includes(`capture=${captureId}`),
      5_000,
      'the filter in the URL',
    );
    // Loaded, and only rows of the capture (its own, and the listings that showed it) left.
    const allRows = admin.getByTestId('audit-row');
    await waitUntil(
      async () =>
        (await admin.getByTestId('audit-count').getAttribute('data-state')) === 'done' &&
        (await allRows.evaluateAll(
          (trs, id) =>
            trs.length > 0 &&
            trs.every(
              (tr) => tr.getAttribute('data-capture-id') === id || tr.getAttribute('data-action') === 'capture.list',
            ),
          captureId,
        )),
      10_000,
      'the filtered trail',
    );
    const rows = admin.locator(`[data-testid="audit-row"][data-capture-id="${captureId}"]`);
    const seen = await rows.evaluateAll((trs) =>
      trs.map((tr) => `${tr.getAttribute('data-user')} ${tr.getAttribute('data-action')}`),
    );
    expect(seen).toEqual(['victor capture.review', 'victor capture.view']);
    const view = rows.last();
    await expect(view.textContent()).resolves.toMatch(/victor.*viewer.*opened a capture.*gate.*127\.0\.0\.1/);
    await expect(rows.first().textContent()).resolves.toContain('new → acknowledged');
    // The listings that showed it (the live page's recent captures, the gallery) are found by the capture too.
    const listings = admin.locator('[data-testid="audit-row"][data-action="capture.list"][data-user="victor"]');
    const shown = await listings.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td:last-child')?.textContent));
    expect(shown.sort()).toEqual(['1 capture · limit=24', '1 capture · limit=30']);
    await expect(admin.getByTestId('audit-export-csv').getAttribute('href')).resolves.toBe(
      `/api/audit.csv?captureId=${captureId}`,
    );

    await expect(admin.getByTestId('audit-days').inputValue()).resolves.toBe('365');
    await expect(admin.getByTestId('capture-retention').textContent()).resolves.toMatch(/kept 30 days/);
    await admin.getByTestId('audit-days').fill('400');
    await admin.getByTestId('audit-days-save').click();
    await expect(admin.getByTestId('audit-retention-message').textContent()).resolves.toContain('kept 400 days');
    await saveScreenshot(admin, 'audit-page.png', { fullPage: true });

    await viewer.goto(`${system.url}/#/admin/audit`);
    await expect(viewer.getByText('Only an admin can read the audit trail.').count()).resolves.toBe(1);
  });
});
