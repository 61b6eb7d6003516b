// The home page on the demo stack: alerts firing now (the demo's ProductListingSlow always fires), recently
// resolved ones over a day (every day of the demo holds an incident), and each row's link to its alert view.
import { expect, test } from './helpers/fixtures';

test.describe('home', () => {
  test('lists firing and recently resolved alerts with severity, service and since, each linking to its alert view', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await page.goto('/?from=now-24h&to=now');
    await expect(page.getByRole('heading', { level: 1, name: 'What is on fire' })).toBeVisible();
    const firing = page.getByRole('region', { name: 'Firing now' });
    // The first load evaluates a day of alert history on the demo: allow it time.
    await expect(firing.getByTestId('alert-row').first()).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('alerts-source')).toHaveText(/from (Alertmanager|Prometheus)/);

    const slow = firing.locator('[data-testid="alert-row"][data-alert="ProductListingSlow"]');
    await expect(slow).toHaveCount(1);
    // With Alertmanager as the source, a page alert of the same service inhibits this warning while an
    // incident runs: it is then active but suppressed, which the home page shows as such.
    await expect(slow).toHaveAttribute('data-state', /^(firing|suppressed)$/);
    await expect(slow.getByText('warning', { exact: true })).toBeVisible();
    await expect(slow.getByRole('cell', { name: 'gateway', exact: true })).toBeVisible();
    await expect(slow.getByText('Product listing p95 above 250 ms')).toBeVisible();
    // "since" is relative, with the absolute instant on hover.
    const since = slow.locator('time');
    await expect(since).toHaveText(/ago$/);
    await expect(since).toHaveAttribute('title', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}.* UTC$/);

    const resolved = page.getByRole('region', { name: 'Recently resolved' });
    const resolvedRows = resolved.getByTestId('alert-row');
    // A day of ALERTS history: on a cold demo this is the slowest query of the page.
    await expect(resolvedRows.first()).toBeVisible({ timeout: 60_000 });
    await expect(resolvedRows.first()).toHaveAttribute('data-state', 'resolved');
    // One of the incidents (payment latency or order errors) resolved within the day.
    await expect(resolved.locator('[data-alert="PaymentHighLatency"], [data-alert="OrderHighErrorRate"]').first()).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('home.png'), fullPage: true });

    // Every link carries the label set and an absolute window.
    const hrefs = await page.getByTestId('alert-row').getByRole('link').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    expect(hrefs.length).toBeGreaterThan(1);
    for (const href of hrefs) {
      const url = new URL(href, 'http://x');
      expect(url.pathname).toMatch(/^\/alerts\/[^/]+$/);
      expect(JSON.parse(url.searchParams.get('labels') ?? 'null')).toEqual(expect.any(Object));
      expect(Number(url.searchParams.get('to'))).toBeGreaterThan(Number(url.searchParams.get('from')));
    }

    await slow.getByRole('link', { name: 'ProductListingSlow' }).click();
    await expect(page).toHaveURL(/\/alerts\/ProductListingSlow\?labels=.*&from=\d{13}&to=\d{13}$/);
    await expect(page.getByTestId('alert-title')).toContainText('ProductListingSlow');
    await expect(page.getByTestId('alert-state')).toHaveText(/^(firing|suppressed)$/, { timeout: 60_000 });
  });

  test('an invalid range in the URL is reported, not loaded', async ({ page }) => {
    await page.goto('/?from=now&to=now-1h');
    await expect(page.locator('[data-state="error"]')).toContainText('is after the end');
    await expect(page.getByTestId('home-alerts')).toHaveCount(0);
  });
});
