// SLOs on the demo stack, in Chromium: the demo's SLOs listed with their numbers, one created in the UI and
// read back with its panels, a Sloth spec imported and listed, edits and deletes, and the demo's incidents
// showing as Critical at the time the demo's own Sloth page alert fired.
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './helpers/fixtures';

// The demo engines read 30 days of counters for a 30-day budget: the first look at an SLO takes seconds.
const DATA_TIMEOUT_MS = 90_000;

/** The demo's charge-latency SLO (good = under 1 s) written as a Sloth spec: bad = all - under 1 s. */
const SLOTH_SPEC = `version: prometheus/v1
service: payment
labels:
  team: payments
slos:
  - name: charge-latency-sloth
    objective: 99
    description: The demo's charge-latency SLO, written as Sloth would.
    sli:
      events:
        error_query: sum(rate(http_server_request_duration_seconds_count{service="payment",http_route="/charge"}[{{.window}}])) - sum(rate(http_server_request_duration_seconds_bucket{service="payment",http_route="/charge",le="1"}[{{.window}}]))
        total_query: sum(rate(http_server_request_duration_seconds_count{service="payment",http_route="/charge"}[{{.window}}]))
    alerting:
      name: ChargeLatency
`;

interface ApiSlo {
  id: string;
  name: string;
  service: string;
  version: number;
}

async function slos(request: APIRequestContext): Promise<ApiSlo[]> {
  const response = await request.get('/api/slo');
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { slos: ApiSlo[] }).slos;
}

async function sloId(request: APIRequestContext, service: string, name: string): Promise<string> {
  const found = (await slos(request)).find((slo) => slo.service === service && slo.name === name);
  if (!found) throw new Error(`no SLO ${service}/${name}`);
  return found.id;
}

async function expectPanelsWithData(page: Page): Promise<void> {
  await expect(page.getByTestId('slo-attainment')).toHaveText(/^\d{1,3}(\.\d+)? %$/, { timeout: DATA_TIMEOUT_MS });
  await expect(page.getByTestId('slo-budget-left')).toHaveText(/^(\u2212)?[\d,]+(\.\d)? %$/);
  await expect(page.getByTestId('burn-pair')).toHaveCount(4);
  await expect(page.getByTestId('burn-pair').first()).toHaveAttribute('data-pair', '1h/5m');
  for (const chart of ['SLI over the time range', 'Burn rate over the time range', 'Error budget over the window']) {
    await expect(page.getByRole('region', { name: new RegExp(chart) }).locator('canvas').first()).toBeVisible();
  }
  await expect(page.getByTestId('prometheus-error')).toHaveCount(0);
}

test.describe('SLOs', () => {
  test.describe.configure({ timeout: 300_000 });

  test('the demo SLOs are listed least budget first, with their numbers', async ({ page }) => {
    await page.goto('/slo');
    const rows = page.getByTestId('slo-row');
    await expect(rows).toHaveCount(4);
    for (const slo of ['gateway/checkout-availability', 'payment/charge-latency', 'order/orders-availability', 'gateway/product-listing-availability']) {
      await expect(page.locator(`[data-slo="${slo}"]`)).toBeVisible();
    }
    // Once every budget is known the order is by budget left: checkout (99.9 %, spent by the demo's major
    // incidents) first, then ascending.
    await expect(rows.locator('[data-remaining]')).toHaveCount(4, { timeout: DATA_TIMEOUT_MS });
    await expect(rows.first()).toHaveAttribute('data-slo', 'gateway/checkout-availability');
    const remaining = (await rows.locator('[data-remaining]').evaluateAll((els) => els.map((el) => el.getAttribute('data-remaining')))).map(Number);
    expect(remaining.every(Number.isFinite), `budget left ${remaining.join(', ')}`).toBe(true);
    expect(remaining, 'least budget left first').toEqual([...remaining].sort((a, b) => a - b));
    await expect(page.locator('[data-slo="gateway/product-listing-availability"]')).toContainText('Acceptable');
    await expect(page.locator('[data-slo="order/orders-availability"]')).toContainText('calendar month (Europe/Berlin)');
    await page.screenshot({ path: 'test-results/slo-list.png', fullPage: true });
  });

  test('an SLO created in the UI shows its panels with data; edit and delete it', async ({ page, request }) => {
    await page.goto('/slo/new');
    const form = page.getByTestId('slo-form');
    await form.getByLabel('Name').fill('order-reads');
    await form.getByLabel('Service').fill('gateway');
    await form.getByLabel('Owner').fill('e2e');
    await form.getByLabel('Bad events (PromQL)').fill('http_server_requests_total{service="gateway",http_route="/api/orders/{id}",http_response_status_code=~"5.."}');
    await form.getByLabel('All events (PromQL)').fill('sum(rate(http_server_requests_total{service="gateway",http_route="/api/orders/{id}"}[');

    // A broken query is caught before anything is sent, naming the field.
    await form.getByRole('button', { name: 'Create SLO' }).click();
    await expect(page.getByTestId('slo-form-error')).toContainText('sli.totalQuery');
    await expect(form.getByLabel('All events (PromQL)')).toHaveAttribute('aria-invalid', 'true');

    // One the grammar accepts but Prometheus refuses: its reason is shown before anything is saved.
    await form.getByLabel('All events (PromQL)').fill('sum(rate(http_server_requests_total{service="gateway",http_route="/api/orders/{id}"}[{{.window}}])) + "a"');
    await form.getByRole('button', { name: 'Check queries against Prometheus' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Prometheus rejected' })).toContainText('totalQuery: prometheus answered HTTP 400', { timeout: DATA_TIMEOUT_MS });
    await expect(page.getByRole('alert').filter({ hasText: 'Prometheus rejected' })).toContainText('binary expression');

    await form.getByLabel('All events (PromQL)').fill('sum(rate(http_server_requests_total{service="gateway",http_route="/api/orders/{id}"}[{{.window}}]))');
    await form.getByLabel('Objective (% good)').fill('99.5');
    await form.getByLabel('Days').fill('7');
    await form.getByRole('button', { name: 'Check queries against Prometheus' }).click();
    await expect(page.getByText('Prometheus accepts both queries')).toBeVisible({ timeout: DATA_TIMEOUT_MS });
    await page.screenshot({ path: 'test-results/slo-form.png', fullPage: true });

    await form.getByRole('button', { name: 'Create SLO' }).click();
    await expect(page).toHaveURL(/\/slo\/(?!new$)[A-Za-z0-9_-]+$/, { timeout: DATA_TIMEOUT_MS });
    await expect(page.getByRole('heading', { level: 1, name: 'order-reads' })).toBeVisible();
    await expect(page.getByText('gateway · 99.5 % over 7 days rolling')).toBeVisible();
    await expectPanelsWithData(page);
    await expect(page.getByTestId('slo-trace-links').getByRole('link', { name: 'Failed traces' })).toHaveAttribute('href', /^\/traces\?service=gateway&status=error&from=\d+&to=\d+$/);
    await page.screenshot({ path: 'test-results/slo-created.png', fullPage: true });

    // The time range lives in the URL, beside the SLO in the path.
    const id = new URL(page.url()).pathname.split('/').pop() ?? '';
    // Its Prometheus rules, in Sloth's layout.
    const rules = await request.get(`/api/slo/${id}/rules`);
    expect(rules.headers()['content-type']).toMatch(/yaml/);
    const rulesText = await rules.text();
    expect(rulesText).toContain('record: slo:sli_error:ratio_rate5m');
    expect(rulesText).toContain('alert: OrderReadsSLOBurnPage');
    // 7 days: the page pair's 14.4 scales to 3.36; 99.5 % leaves a budget of 0.005.
    expect(rulesText).toContain('> (3.36 * 0.005)');
    await page.goto(`/slo/${id}?from=now-6h&to=now`);
    await expect(page.getByTestId('time-range-trigger')).toHaveText(/Last 6 hours/);
    await expectPanelsWithData(page);

    // Edit: the objective changes, the version moves on.
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Objective (% good)').fill('99');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('gateway · 99 % over 7 days rolling')).toBeVisible({ timeout: DATA_TIMEOUT_MS });
    const edited = (await slos(request)).find((slo) => slo.id === id);
    expect(edited?.version).toBe(2);

    // Delete: gone from the list.
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('button', { name: 'Delete SLO' }).click();
    await expect(page).toHaveURL(/\/slo$/);
    await expect(page.locator('[data-slo="gateway/order-reads"]')).toHaveCount(0);
    expect((await slos(request)).some((slo) => slo.id === id)).toBe(false);
  });

  test.describe('import', () => {
    // The spec Weft refuses is answered 422, which Chromium logs as a failed resource.
    test.use({ allowedConsoleErrors: [/status of 422 \(Unprocessable Entity\).*\/api\/slo\/import/] });

    test('a Sloth spec is imported, listed and shows the same numbers as the hand-made SLO it copies', async ({ page, request }) => {
      await page.goto('/slo/import');
      await page.getByLabel('Sloth spec or OpenSLO documents (YAML)').fill(SLOTH_SPEC);
      await page.getByRole('button', { name: 'Preview' }).click();
      const preview = page.getByTestId('slo-import-preview');
      await expect(preview).toContainText('1 SLO to import', { timeout: DATA_TIMEOUT_MS });
      await expect(preview).toContainText('charge-latency-sloth');
      await expect(preview).toContainText('99 % over 30 days rolling');
      await expect(preview).toContainText('alerting is not kept');
      await page.screenshot({ path: 'test-results/slo-import.png', fullPage: true });

      // Unsupported features are refused, naming the field.
      await page.getByLabel('Sloth spec or OpenSLO documents (YAML)').fill(SLOTH_SPEC.replace('events:', 'raw:'));
      await page.getByRole('button', { name: 'Preview' }).click();
      await expect(page.getByTestId('slo-import-error')).toContainText('document 1.slos[0].sli.raw');

      await page.getByLabel('Sloth spec or OpenSLO documents (YAML)').fill(SLOTH_SPEC);
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'charge-latency-sloth' })).toBeVisible({ timeout: DATA_TIMEOUT_MS });
      await expectPanelsWithData(page);

      // The same instant for both: the imported SLO and the demo's hand-made one read the same numbers.
      const toMs = Math.floor((Date.now() - 60_000) / 1000) * 1000;
      const range = `from=${toMs - 3_600_000}&to=${toMs}`;
      const importedId = await sloId(request, 'payment', 'charge-latency-sloth');
      const handMadeId = await sloId(request, 'payment', 'charge-latency');
      await page.goto(`/slo/${importedId}?${range}`);
      await expectPanelsWithData(page);
      const imported = await page.getByTestId('slo-figures').textContent();
      const importedPairs = await page.getByTestId('burn-rate-table').textContent();
      await page.goto(`/slo/${handMadeId}?${range}`);
      await expectPanelsWithData(page);
      await expect(page.getByTestId('slo-figures')).toHaveText(imported ?? '');
      await expect(page.getByTestId('burn-rate-table')).toHaveText(importedPairs ?? '');

      await page.goto('/slo');
      await expect(page.locator('[data-slo="payment/charge-latency-sloth"]')).toContainText('sloth');
    });
  });

  test('a demo incident shows as Critical at the time the demo\'s Sloth page alert fired', async ({ page, request }) => {
    // When the demo's own Sloth page alert for charge latency started firing in the last week (it pages on the
    // major payment incidents, one in every 150 h; the alerts API reads the demo's ALERTS history; on a busy
    // machine its first answer may be a timeout: ask again).
    type Resolved = { resolved: { status: string; data?: { groups: { name: string; rows: { sinceMs: number | null }[] }[] } } };
    let sinceMs: number | null = null;
    await expect
      .poll(
        async () => {
          const response = await request.get('/api/alerts?from=now-7d&to=now-1h');
          if (!response.ok()) return `HTTP ${response.status()}`;
          const body = (await response.json()) as Resolved;
          if (body.resolved.status !== 'ok') return `resolved: ${body.resolved.status}`;
          const row = body.resolved.data?.groups.find((group) => group.name === 'ChargeLatencySLOBurnPage')?.rows.find((r) => r.sinceMs !== null);
          sinceMs = row?.sinceMs ?? null;
          return sinceMs === null ? 'ChargeLatencySLOBurnPage did not fire' : 'found';
        },
        { timeout: DATA_TIMEOUT_MS, intervals: [2_000, 5_000] },
      )
      .toBe('found');
    const fired = { sinceMs };
    const atMs = (fired?.sinceMs ?? 0) + 10 * 60_000;
    const id = await sloId(request, 'payment', 'charge-latency');
    await page.goto(`/slo/${id}?from=${atMs - 3 * 3_600_000}&to=${atMs}`);
    await expect(page.getByTestId('burn-pair').first()).toHaveAttribute('data-status', 'critical', { timeout: DATA_TIMEOUT_MS });
    await expect(page.getByTestId('slo-figures')).toContainText('Critical');
    // The worst window links to the failed traces of that window.
    const worst = (await page.locator('[data-testid="burn-pair"][data-worst="true"]').getAttribute('data-pair')) ?? '';
    const longMs = { '1h': 3_600_000, '6h': 21_600_000, '1d': 86_400_000, '3d': 259_200_000 }[worst.split('/')[0]];
    expect(longMs, `worst pair ${worst}`).toBeDefined();
    const failed = page.getByTestId('slo-trace-links').getByRole('link', { name: 'Failed traces' });
    await expect(failed).toHaveAttribute('href', `/traces?service=payment&status=error&from=${atMs - (longMs ?? 0)}&to=${atMs}`);
    await expect(page.getByTestId('slo-trace-links').getByRole('link', { name: 'Slower than 1s' })).toBeVisible();
    await page.screenshot({ path: 'test-results/slo-incident.png', fullPage: true });
    await failed.click();
    await expect(page).toHaveURL(/\/traces\?service=payment&status=error/);
  });
});
