// Trace search on the demo stack: search by service, everything in the URL, a duration scatter whose points
// open traces, a results table of links, and bad input explained.
import { expect, test } from './helpers/fixtures';

test.describe('trace search', () => {
  test('search by service: the URL holds the form, the scatter and table show the traces, a result opens its trace', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await page.goto('/traces?from=now-30m&to=now');
    const form = page.getByRole('search', { name: 'Trace search' });
    const service = form.getByLabel('Service');
    await expect(service.locator('option', { hasText: 'payment' })).toHaveCount(1, { timeout: 60_000 });
    await expect(page.getByTestId('search-query')).toBeVisible({ timeout: 60_000 });
    await service.selectOption('payment');
    await form.getByLabel('Min duration').fill('1ms');
    await form.getByLabel('Limit').fill('30');
    await form.getByRole('button', { name: 'Search' }).click();

    await expect(page).toHaveURL((url) => url.pathname === '/traces' && url.searchParams.get('service') === 'payment' && url.searchParams.get('minDuration') === '1ms' && url.searchParams.get('limit') === '30');
    await expect(page.getByTestId('search-query')).toHaveText('{ resource.service.name = "payment" }');
    const results = page.getByTestId('search-results');
    await expect(results).toBeVisible({ timeout: 60_000 });
    const links = page.getByTestId('search-result-link');
    expect(await links.count()).toBeGreaterThan(0);
    expect(await links.count()).toBeLessThanOrEqual(30);
    const scatter = page.getByTestId('duration-scatter');
    await expect(scatter.locator('canvas')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('search.png'), fullPage: true });

    // Reload: the URL alone restores the form and the results.
    await page.reload();
    await expect(page.getByRole('search', { name: 'Trace search' }).getByLabel('Min duration')).toHaveValue('1ms');
    await expect(page.getByTestId('search-query')).toHaveText('{ resource.service.name = "payment" }');

    // A result opens its trace with an absolute window around it.
    const first = page.getByTestId('search-result-link').first();
    const traceId = (await first.textContent())?.trim() ?? '';
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    await first.click();
    await expect(page).toHaveURL(new RegExp(`/trace/${traceId}\\?from=\\d{13}&to=\\d{13}`));
    await expect(page.getByTestId('waterfall-row').first()).toBeVisible({ timeout: 60_000 });
  });

  test('a click on a scatter point opens that trace', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('/traces?service=payment&status=error&from=now-6h&to=now&limit=20');
    const scatter = page.getByTestId('duration-scatter');
    await expect(scatter.locator('canvas')).toBeVisible({ timeout: 60_000 });
    // Error traces only: every row is marked as one.
    const rows = page.getByTestId('search-results').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const state of await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-error')))) expect(state).toBe('true');

    // The point of the first result: the chart's axes span the search window and 0..data-y-max.
    const first = rows.first();
    const traceId = ((await first.getByTestId('search-result-link').textContent()) ?? '').trim();
    const startMs = Number(await first.getAttribute('data-start-ms'));
    const durationMs = Number(await first.getAttribute('data-duration-ms'));
    const [left, right, top, bottom] = ((await scatter.getAttribute('data-grid')) ?? '').split(',').map(Number);
    const xMin = Number(await scatter.getAttribute('data-x-min'));
    const xMax = Number(await scatter.getAttribute('data-x-max'));
    const yMax = Number(await scatter.getAttribute('data-y-max'));
    const box = await scatter.boundingBox();
    if (!box) throw new Error('scatter has no box');
    const x = left + ((startMs - xMin) / (xMax - xMin)) * (box.width - left - right);
    const y = top + (1 - durationMs / yMax) * (box.height - top - bottom);
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('[data-testid="search-result-link"]')?.textContent?.trim() ?? ''));
    await scatter.click({ position: { x, y } });
    // Points may overlap: the one clicked opens, and it is an error trace of this search.
    await expect(page).toHaveURL(/\/trace\/[0-9a-f]{32}\?from=\d{13}&to=\d{13}/);
    const opened = new URL(page.url()).pathname.split('/').pop() ?? '';
    expect(ids).toContain(opened);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  test('bad input in the URL is explained and the form says what to write', async ({ page }) => {
    await page.goto('/traces?minDuration=fast');
    await expect(page.locator('[data-state="error"]')).toContainText('not a duration: write it like 500ms');
    await page.goto('/traces?from=now-15m&to=now');
    // Results on screen: the page is hydrated and the form's fields are live.
    await expect(page.getByTestId('search-query')).toBeVisible({ timeout: 60_000 });
    const form = page.getByRole('search', { name: 'Trace search' });
    await form.getByLabel('Max duration').fill('-3');
    await form.getByRole('button', { name: 'Search' }).click();
    await expect(form.getByRole('alert')).toContainText('not a duration');
    await expect(page).toHaveURL((url) => !url.searchParams.has('maxDuration'));
  });
});
