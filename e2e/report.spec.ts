// The monthly review on the demo stack: open last month, see the heatmap and the incidents, follow a red cell to
// that day's failed traces and on into a trace, add an action item and find it after a reload, export Markdown,
// freeze the report, and look at it as printed. A cold month takes the demo a minute or two to compute.
import { readFile } from 'node:fs/promises';
import { expect, test } from './helpers/fixtures';

function lastMonthLabel(nowMs: number): string {
  const now = new Date(nowMs);
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${last.getUTCFullYear()}-${String(last.getUTCMonth() + 1).padStart(2, '0')}`;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

test.describe('monthly review', () => {
  test('last month: heatmap, incidents, a red cell to traces, an action item kept across a reload, Markdown, freeze, print', async ({ page }, testInfo) => {
    test.setTimeout(900_000);
    const label = lastMonthLabel(Date.now());
    const title = `${MONTH_NAMES[Number(label.slice(5)) - 1]} ${label.slice(0, 4)}`;

    // A server reused from an earlier run may hold last run's snapshot: start from live numbers.
    const reset = await page.request.delete(`/api/reports/${label}/freeze`);
    expect([204, 404]).toContain(reset.status());

    await page.goto('/reports');
    await expect(page.getByTestId('report-months')).toBeVisible();
    await page.getByRole('link', { name: 'Open last month' }).click();
    await expect(page).toHaveURL(new RegExp(`/reports/${label}$`));
    await expect(page.getByTestId('report-title')).toHaveText(title);
    await expect(page.getByTestId('report-stamp')).toContainText('Live numbers');

    // The sections arrive one by one; the strip says which are ready.
    await expect(page.getByTestId('report-progress')).toContainText(`5 of 5 sections ready`, { timeout: 600_000 });
    for (const key of ['slos', 'incidents', 'alert-quality', 'coverage', 'maturity']) {
      await expect(page.getByTestId(`section-${key}`)).toHaveAttribute('data-section-status', /^(ok|partial)$/);
    }

    // SLO attainment: the demo's SLOs, and the incidents' burns as red days on the heatmap.
    await expect(page.getByTestId('slo-table')).toContainText('checkout-availability');
    await expect(page.getByTestId('slo-table')).toContainText('missed');
    const heatmap = page.getByTestId('attainment-heatmap');
    await expect(heatmap.locator('svg').first()).toBeVisible();
    await expect(heatmap).toHaveAttribute('data-red-cells', /"href"/);

    // Incidents: the demo's incident alerts fired, each row with its times and links to traces.
    const incidents = page.getByTestId('incidents-table');
    await expect(incidents).toContainText('OrderHighErrorRate');
    await expect(incidents).toContainText('PaymentHighLatency');
    expect(await page.getByTestId('incident-row').count()).toBeGreaterThan(10);
    await expect(page.getByTestId('alert-quality-share')).toContainText('%');
    await expect(page.getByTestId('coverage-table')).toContainText('inventory');
    await expect(page.getByTestId('maturity-radar').locator('svg').first()).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('report.png'), fullPage: true });

    // Follow a red cell: a click where the chart drew it opens that day's failed traces.
    const red = JSON.parse((await heatmap.getAttribute('data-red-cells')) ?? '[]') as { x: number; y: number; href: string }[];
    expect(red.length).toBeGreaterThan(0);
    const cell = red[red.length - 1];
    await heatmap.scrollIntoViewIfNeeded();
    await heatmap.click({ position: { x: cell.x, y: cell.y } });
    await expect(page).toHaveURL((url) => url.pathname === '/traces' && url.searchParams.get('status') === 'error' && url.searchParams.get('service') !== null);
    const target = new URL(page.url());
    expect(Number(target.searchParams.get('to')) - Number(target.searchParams.get('from'))).toBeGreaterThanOrEqual(23 * 3_600_000);
    const result = page.getByTestId('search-result-link').first();
    await expect(result).toBeVisible({ timeout: 120_000 });
    await page.screenshot({ path: testInfo.outputPath('red-cell-traces.png'), fullPage: true });
    await result.click();
    await expect(page).toHaveURL(/\/trace\/[0-9a-f]{32}\?/);
    await expect(page.getByTestId('waterfall-row').first()).toBeVisible({ timeout: 120_000 });

    // Back to the report (cached now): add an action item linked to an incident, and find it after a reload.
    await page.goto(`/reports/${label}`);
    await expect(page.getByTestId('report-progress')).toContainText('5 of 5 sections ready', { timeout: 300_000 });
    const itemTitle = `Alert on the order DB pool before checkouts fail ${Date.now()}`;
    await page.getByRole('button', { name: 'Add action item' }).click();
    const form = page.getByRole('form', { name: 'Add action item' });
    await form.getByLabel('What').fill(itemTitle);
    await form.getByLabel('Owner').fill('orders team');
    await form.getByLabel('Due date').fill(`${label}-28`);
    await form.getByLabel('Ticket link').fill('https://tickets.example/OPS-42');
    await form.getByLabel('Linked incident').selectOption({ index: 1 });
    await form.getByRole('button', { name: 'Add action item' }).click();
    const row = page.getByTestId('action-item').filter({ hasText: itemTitle });
    await expect(row).toBeVisible();
    await expect(row).toContainText('orders team');
    await page.reload();
    await expect(page.getByTestId('action-item').filter({ hasText: itemTitle })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('action-item').filter({ hasText: itemTitle })).toContainText(`${label}-28`);

    // Export Markdown: a file with the month's numbers and the new item.
    const downloadPromise = page.waitForEvent('download', { timeout: 300_000 });
    await page.getByTestId('export-markdown').click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe(`weft-review-${label}.md`);
    const markdown = await readFile((await download.path()) ?? '', 'utf8');
    expect(markdown).toContain(`# Monthly review: ${title}`);
    expect(markdown).toContain('## SLO attainment');
    expect(markdown).toContain('checkout-availability');
    expect(markdown).toMatch(/\| \[OrderHighErrorRate\]\(/);
    expect(markdown).toContain(itemTitle);

    // Freeze: the page then says whose snapshot it shows, and when.
    await page.getByRole('button', { name: 'Freeze this report' }).click();
    await page.getByLabel('Frozen by').fill('E2E Reviewer');
    await page.getByRole('button', { name: 'Freeze', exact: true }).click();
    await expect(page.getByTestId('report-stamp')).toHaveAttribute('data-frozen', 'true', { timeout: 300_000 });
    await expect(page.getByTestId('report-stamp')).toContainText(/Snapshot frozen at \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC\) by E2E Reviewer/);
    await page.reload();
    await expect(page.getByTestId('report-stamp')).toContainText('by E2E Reviewer');
    await expect(page.getByTestId('attainment-heatmap').locator('svg').first()).toBeVisible();
    await expect(page.getByTestId('action-item').filter({ hasText: itemTitle })).toBeVisible();

    // Print: no navigation or buttons, the sections on clean pages.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.app-header')).toBeHidden();
    await expect(page.getByRole('button', { name: 'Show live numbers' })).toBeHidden();
    await page.screenshot({ path: testInfo.outputPath('report-print.png'), fullPage: true });
    await page.pdf({ path: testInfo.outputPath('report.pdf'), format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
  });
});
