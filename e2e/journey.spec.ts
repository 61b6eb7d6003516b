// The spine of Weft on the demo stack, as a person on call walks it: home -> a firing alert -> its chart and
// exemplars -> an exemplar's trace with its log lines on the timeline and a flame graph -> another span, whose
// logs and profile follow.
import type { Page, TestInfo } from '@playwright/test';
import { expect, test } from './helpers/fixtures';

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

test.describe('investigation journey', () => {
  test.use({ allowedConsoleErrors: [/status of 404 \(Not Found\) \(http:\/\/[^/]+\/(slo|reports)\?[^)]*_rsc=/] });

  test('home -> alert -> exemplar -> trace with logs and flame graph -> another span', async ({ page }, testInfo) => {
    test.setTimeout(180_000);

    // 1. Home: the demo's ProductListingSlow fires at every moment.
    await page.goto('/?from=now-3h&to=now');
    const firing = page.getByRole('region', { name: 'Firing now' });
    const alertRow = firing.locator('[data-testid="alert-row"][data-alert="ProductListingSlow"]');
    await expect(alertRow).toBeVisible({ timeout: 60_000 });
    await shot(page, testInfo, '1-home');
    await alertRow.getByRole('link', { name: 'ProductListingSlow' }).click();

    // 2. Alert view: the rule, the expression plotted with its threshold, exemplars as points and as links.
    await expect(page).toHaveURL(/\/alerts\/ProductListingSlow\?labels=.*&from=\d{13}&to=\d{13}$/);
    await expect(page.getByTestId('alert-title')).toContainText('ProductListingSlow');
    // Suppressed while a page alert of gateway inhibits it (Alertmanager), firing otherwise: active either way.
    await expect(page.getByTestId('alert-state')).toHaveText(/^(firing|suppressed)$/, { timeout: 60_000 });
    await expect(page.getByTestId('alert-expr')).toContainText('histogram_quantile(0.95');
    const chart = page.getByTestId('alert-chart-panel').getByTestId('timeseries-chart');
    await expect(chart.locator('canvas')).toBeVisible();
    await expect(chart).toHaveAttribute('aria-label', /ProductListingSlow: histogram_quantile/);
    const exemplarLinks = page.getByTestId('exemplar-link');
    await expect(exemplarLinks.first()).toBeVisible();
    expect(await exemplarLinks.count()).toBeGreaterThan(0);
    // The Tempo side: slowest and failed traces of the alert's service (gateway), or a named reason.
    await expect(page.getByRole('region', { name: 'Slowest traces of gateway' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Slowest traces of gateway' }).getByTestId('slowest-traces')).toBeVisible();
    await shot(page, testInfo, '2-alert');

    // 3. The slowest exemplar (the list is highest value first) opens its trace over a window around it.
    const traceId = ((await exemplarLinks.first().textContent()) ?? '').trim();
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    await exemplarLinks.first().click();
    // A client navigation that renders the trace page on the server: on a loaded 2-core CI machine, seconds.
    await expect(page).toHaveURL(new RegExp(`/trace/${traceId}\\?from=\\d{13}&to=\\d{13}`), { timeout: 30_000 });

    // 4. The trace: waterfall rows, log lines in the panel and as dots on their spans.
    const rows = page.getByTestId('waterfall-row');
    await expect(rows.first()).toBeVisible({ timeout: 60_000 });
    expect(await rows.count()).toBeGreaterThan(1);
    const logLines = page.getByTestId('log-line');
    await expect(logLines.first()).toBeVisible({ timeout: 30_000 });
    const dots = page.locator('[data-testid="waterfall-row"] [class*="logDot"]');
    expect(await dots.count()).toBeGreaterThan(0);
    const allLogs = (await page.getByTestId('log-count').textContent()) ?? '';
    await shot(page, testInfo, '3-trace-logs');

    // The flame graph of the selected (root) span, with frames.
    await page.getByRole('tab', { name: 'Profile' }).click();
    const profile = page.getByTestId('trace-profile');
    const rootSpanId = await profile.getAttribute('data-span-id');
    const frames = page.locator('[data-testid="flame-graph"] svg g');
    await expect.poll(() => frames.count(), { timeout: 60_000 }).toBeGreaterThan(3);
    await shot(page, testInfo, '4-trace-profile');

    // 5. Another span, one that has log lines of its own: the profile follows it...
    const rowWithLogs = page.locator('[data-testid="waterfall-row"]', { has: page.locator('[class*="logDot"]') });
    const spanIds = await rowWithLogs.evaluateAll((els) => els.map((el) => el.getAttribute('data-span-id') ?? ''));
    const other = spanIds.find((id) => id !== rootSpanId);
    if (!other) throw new Error(`trace ${traceId} has log lines on its root span only`);
    await page.locator(`[data-testid="waterfall-row"][data-span-id="${other}"]`).click();
    await expect(page).toHaveURL(new RegExp(`[?&]span=${other}`));
    await expect(profile).toHaveAttribute('data-span-id', other);
    await expect.poll(() => frames.count(), { timeout: 60_000 }).toBeGreaterThan(3);
    await shot(page, testInfo, '5-other-span-profile');

    // ...and so do the logs: only the lines of that span and its children.
    await page.getByRole('tab', { name: /^Logs/ }).click();
    await expect(logLines.first()).toBeVisible();
    await expect(page.getByTestId('log-count')).not.toHaveText(allLogs);
    await expect(page.getByTestId('log-count')).toHaveText(/^\d+ of \d+ lines$/);
    await shot(page, testInfo, '6-other-span-logs');
  });
});
