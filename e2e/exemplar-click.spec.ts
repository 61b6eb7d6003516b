// Issue #4 on the demo stack, in Chromium: on the alert view the exemplars are points on the expression's chart;
// hovering one shows its trace id and value, clicking it (a mouse click on the canvas, not the list's link)
// opens that trace's waterfall.
// Where a point is drawn comes from the chart itself (data-exemplar-points: ECharts' convertToPixel after each
// render); the test checks that the canvas really has the exemplar's colour there before it hovers and clicks.
import type { APIRequestContext, Locator, Page, TestInfo } from '@playwright/test';
import { decodeTrace, type TraceTransport } from '../lib/investigation/trace-transport';
import { expect, test } from './helpers/fixtures';

interface ExemplarPoint {
  traceId: string;
  timeMs: number;
  x: number;
  y: number;
}

/** The exemplar diamonds' fill (TimeSeriesChart): #f43f5e. */
const EXEMPLAR_RGB = [0xf4, 0x3f, 0x5e] as const;
/** Closer than this to another diamond (9 px wide) a click could land on the neighbour. */
const MIN_GAP_PX = 14;

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

/** The colour the chart's canvas has at a point of the container, in CSS pixels. */
async function canvasRgbAt(chart: Locator, x: number, y: number): Promise<number[]> {
  return chart.evaluate(
    (element, [px, py]) => {
      const canvas = element.querySelector('canvas');
      if (!canvas) throw new Error('no canvas in the chart');
      const scale = canvas.width / canvas.getBoundingClientRect().width;
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d context');
      return [...context.getImageData(Math.round(px * scale), Math.round(py * scale), 1, 1).data.slice(0, 3)];
    },
    [x, y] as const,
  );
}

/** A spot inside the plot (the grid leaves 56 px left, 24 top) at least 40 px from every exemplar. */
function emptySpot(points: ExemplarPoint[], width: number, height: number): { x: number; y: number } {
  for (let y = 40; y < height - 40; y += 20) {
    for (let x = 70; x < width - 30; x += 20) {
      if (points.every((p) => Math.hypot(p.x - x, p.y - y) > 40)) return { x, y };
    }
  }
  throw new Error('no spot in the plot away from the exemplars');
}

// The threshold line's red (#ef4444) is 26 off in blue: a tight tolerance tells them apart.
function closeTo(rgb: number[], expected: readonly number[], tolerance = 10): boolean {
  return rgb.length === 3 && rgb.every((channel, index) => Math.abs(channel - expected[index]) <= tolerance);
}

/**
 * Waits for the chart and its exemplars; when the demo Prometheus, busy with the other tests' 30-day SLO reads on
 * two cores, did not answer within the console's deadline, uses the panel's own "Try again" (twice at most).
 * Any other failure fails.
 */
async function chartOrRetry(page: Page, panel: Locator, chart: Locator): Promise<void> {
  const canvas = chart.locator('canvas').first();
  const timedOut = panel.getByText('did not answer within').first();
  for (let attempt = 0; ; attempt++) {
    await expect(canvas.or(timedOut).first()).toBeVisible({ timeout: 60_000 });
    // The chart and the exemplars are two Prometheus reads: either may have timed out.
    if (!(await timedOut.isVisible())) return;
    if (attempt === 2) break;
    // The old answer stays on screen while the new one loads: wait for the new one.
    const answered = page.waitForResponse((response) => new URL(response.url()).pathname.startsWith('/api/alerts/'), { timeout: 90_000 });
    await panel.getByRole('button', { name: 'Try again' }).first().click();
    await answered;
  }
  await expect(timedOut, 'Prometheus answered within two retries').toBeHidden();
  await expect(canvas).toBeVisible();
}

async function traceSpanIds(request: APIRequestContext, traceId: string): Promise<string[]> {
  const response = await request.get(`/api/traces/${traceId}/timeline`);
  expect(response.status()).toBe(200);
  const answer = (await response.json()) as { trace: { status: string; data: TraceTransport } };
  expect(answer.trace.status, `trace ${traceId} from the demo Tempo`).toBe('ok');
  return decodeTrace(answer.trace.data).spans.map((span) => span.spanId);
}

test.describe('exemplars on the alert chart', () => {
  test('hover an exemplar point for its trace id and value; click it to open that trace', async ({ page, request }, testInfo) => {
    test.setTimeout(180_000);

    // The demo's ProductListingSlow fires at every moment; its alert view plots a latency quantile with exemplars.
    await page.goto('/?from=now-3h&to=now');
    const alertRow = page.getByRole('region', { name: 'Firing now' }).locator('[data-testid="alert-row"][data-alert="ProductListingSlow"]');
    await expect(alertRow).toBeVisible({ timeout: 60_000 });
    await alertRow.getByRole('link', { name: 'ProductListingSlow' }).click();
    await expect(page).toHaveURL(/\/alerts\/ProductListingSlow\?labels=.*&from=\d{13}&to=\d{13}$/);

    const panel = page.getByTestId('alert-chart-panel');
    const chart = panel.getByTestId('timeseries-chart');
    await chartOrRetry(page, panel, chart);
    await expect(chart).toHaveAttribute('data-exemplar-points', /"traceId"/, { timeout: 60_000 });
    const points = JSON.parse((await chart.getAttribute('data-exemplar-points')) ?? '[]') as ExemplarPoint[];
    expect(points.length).toBeGreaterThan(0);
    for (const point of points) expect(point.traceId).toMatch(/^[0-9a-f]{32}$/);

    // The list below the chart: the highest exemplars with their values, in the exemplar's own unit.
    const links = page.getByTestId('exemplar-link');
    await expect(links.first()).toBeVisible();
    const listed = new Map<string, string>();
    for (const row of await page.getByTestId('exemplar-list').locator('tbody tr').all()) {
      const cells = await row.locator('td').allTextContents();
      listed.set(cells[0].trim(), cells[1].trim());
    }

    // A listed exemplar drawn apart from the others (so the click cannot hit a neighbour), whose pixel on the
    // canvas really has the exemplar colour.
    const apart = points.filter((point) => points.every((other) => other === point || Math.hypot(other.x - point.x, other.y - point.y) >= MIN_GAP_PX));
    let target: ExemplarPoint | undefined;
    for (const point of apart.filter((p) => listed.has(p.traceId))) {
      if (closeTo(await canvasRgbAt(chart, point.x, point.y), EXEMPLAR_RGB)) {
        target = point;
        break;
      }
    }
    if (!target) throw new Error(`no listed exemplar drawn apart from the others (${points.length} points, ${apart.length} apart, ${listed.size} listed)`);
    // The attribute is not just any pixel: in the plot away from every diamond the canvas has another colour.
    const box = await chart.boundingBox();
    if (!box) throw new Error('the chart has no box');
    const empty = emptySpot(points, box.width, box.height);
    expect(closeTo(await canvasRgbAt(chart, empty.x, empty.y), EXEMPLAR_RGB), 'the canvas away from the diamonds').toBe(false);

    // Hover: the exemplar's own tooltip, naming its trace and value (the list's value for the same exemplar).
    await page.mouse.move(box.x + target.x, box.y + target.y);
    const tooltip = chart.getByTestId('exemplar-tooltip');
    await expect(tooltip).toBeVisible();
    await expect(tooltip).toHaveAttribute('data-trace-id', target.traceId);
    await expect(tooltip.getByTestId('exemplar-tooltip-trace')).toHaveText(target.traceId);
    await expect(tooltip.getByTestId('exemplar-tooltip-value')).toHaveText(listed.get(target.traceId) ?? '');
    await expect(tooltip).toContainText('Click to open the trace');
    await shot(page, testInfo, '1-exemplar-tooltip');

    // Away from the diamonds, the lines' tooltip: no exemplar in it.
    await page.mouse.move(box.x + empty.x, box.y + empty.y);
    await expect(tooltip).toHaveCount(0);
    // A click there opens nothing: what opens a trace is the point.
    await page.mouse.click(box.x + empty.x, box.y + empty.y);
    await page.mouse.move(box.x + target.x, box.y + target.y);
    await expect(tooltip).toHaveAttribute('data-trace-id', target.traceId);
    await expect(page).toHaveURL(/\/alerts\/ProductListingSlow\?/);

    // Click the point on the canvas: that trace opens, with its own spans in the waterfall.
    await page.mouse.click(box.x + target.x, box.y + target.y);
    await expect(page).toHaveURL(new RegExp(`/trace/${target.traceId}\\?from=\\d{13}&to=\\d{13}`));
    await expect(page.getByTestId('trace-view')).toHaveAttribute('data-trace-id', target.traceId);
    const rows = page.getByTestId('waterfall-row');
    await expect(rows.first()).toBeVisible({ timeout: 60_000 });
    const expectedSpans = await traceSpanIds(request, target.traceId);
    await expect(rows).toHaveCount(expectedSpans.length);
    const shownSpans = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-span-id') ?? ''));
    expect([...shownSpans].sort()).toEqual([...expectedSpans].sort());
    await shot(page, testInfo, '2-exemplar-trace');
  });
});
