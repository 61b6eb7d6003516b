// The trace view on the demo stack: open a trace found through an exemplar, see its waterfall and its log lines
// on the timeline, select spans (logs and profile follow), and reload: the URL alone restores the view.
import type { APIRequestContext, Page, TestInfo } from '@playwright/test';
import { decodeTrace, type TraceTransport } from '../lib/investigation/trace-transport';
import { expect, test } from './helpers/fixtures';

interface TimelineSpan {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  serviceName: string;
}

interface Timeline {
  spans: TimelineSpan[];
  lines: { spanId: string | null }[];
}

interface Context {
  services: { exemplars: { status: string; data: { exemplars: { traceId: string }[] } } }[];
}

/** Any valid id: the context API lists the exemplars of a service, i.e. real traces of the demo. */
const PROBE_TRACE = '00000000000000000000000000000001';

async function findTraceWithLogs(request: APIRequestContext): Promise<{ traceId: string; timeline: Timeline }> {
  const response = await request.get(`/api/traces/${PROBE_TRACE}/context?services=payment&from=now-20m&to=now`);
  expect(response.status()).toBe(200);
  const context = (await response.json()) as Context;
  const exemplars = context.services[0]?.exemplars;
  expect(exemplars?.status, 'exemplars of payment from the demo Prometheus').toBe('ok');
  const ids = [...new Set(exemplars.data.exemplars.map((e) => e.traceId))].reverse();
  expect(ids.length).toBeGreaterThan(0);
  for (const traceId of ids.slice(0, 10)) {
    const answer = (await (await request.get(`/api/traces/${traceId}/timeline`)).json()) as {
      trace: { status: string; data: TraceTransport };
      logs: { status: string; data: { lines: { spanId: string | null }[] } };
    };
    if (answer.trace.status !== 'ok' || answer.logs.status !== 'ok') continue;
    const spans = decodeTrace(answer.trace.data).spans;
    if (answer.logs.data.lines.length >= 3 && spans.length >= 5) return { traceId, timeline: { spans, lines: answer.logs.data.lines } };
  }
  throw new Error(`none of ${ids.length} exemplar traces had a trace and log lines`);
}

function descendants(spans: readonly TimelineSpan[], spanId: string): Set<string> {
  const out = new Set([spanId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const span of spans) {
      if (span.parentSpanId && out.has(span.parentSpanId) && !out.has(span.spanId)) {
        out.add(span.spanId);
        grew = true;
      }
    }
  }
  return out;
}

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

test.describe('trace view', () => {
  test('waterfall, log lines on the timeline, span selection drives logs and profile, URL reproduces the view', async ({ page, request }, testInfo) => {
    test.setTimeout(120_000);
    const { traceId, timeline } = await findTraceWithLogs(request);
    const { spans, lines } = timeline;

    await page.goto(`/trace/${traceId}`);
    const rows = page.getByTestId('waterfall-row');
    await expect(rows.first()).toBeVisible();
    await expect(rows).toHaveCount(spans.length);
    await expect(page.getByTestId('trace-span-count')).toHaveText(String(spans.length));
    // The view pins an absolute range around the trace into the URL.
    await expect(page).toHaveURL(/[?&]from=\d{13}&to=\d{13}/);

    // Log lines: in the panel (the root is selected: all lines of the trace) and as dots on the span bars.
    const logLines = page.getByTestId('log-line');
    await expect(logLines.first()).toBeVisible();
    await expect(page.getByTestId('log-count')).toHaveText(`${lines.length} lines`);
    const placedOn = new Set(lines.map((l) => l.spanId).filter((id): id is string => id !== null));
    expect(placedOn.size).toBeGreaterThan(0);
    for (const spanId of placedOn) {
      await expect(page.locator(`[data-testid="waterfall-row"][data-span-id="${spanId}"] [class*="logDot"]`).first()).toBeAttached();
    }
    await shot(page, testInfo, '1-trace-logs');

    // Select the payment server span: the URL names it and the log panel follows it and the spans below it.
    const payment = spans.find((s) => s.serviceName === 'payment' && placedOn.has(s.spanId)) ?? spans.find((s) => placedOn.has(s.spanId) && s.parentSpanId);
    if (!payment) throw new Error('no span with log lines');
    await page.locator(`[data-testid="waterfall-row"][data-span-id="${payment.spanId}"]`).click();
    await expect(page).toHaveURL(new RegExp(`[?&]span=${payment.spanId}`));
    await expect(page.locator(`[data-testid="waterfall-row"][data-span-id="${payment.spanId}"]`)).toHaveAttribute('aria-selected', 'true');
    const subtree = descendants(spans, payment.spanId);
    const expected = lines.filter((l) => l.spanId !== null && subtree.has(l.spanId)).length;
    await expect(page.getByTestId('log-count')).toHaveText(`${expected} of ${lines.length} lines`);
    for (const id of await logLines.evaluateAll((els) => els.map((el) => el.getAttribute('data-span-id')))) {
      expect(subtree.has(id ?? '')).toBe(true);
    }
    await shot(page, testInfo, '2-span-logs');

    // Profile of the selected span: a flame graph with frames, and which profile it is.
    await page.getByRole('tab', { name: 'Profile' }).click();
    await expect(page).toHaveURL(/[?&]tab=profile/);
    const profile = page.getByTestId('trace-profile');
    await expect(profile).toHaveAttribute('data-span-id', payment.spanId);
    await expect(page.getByTestId('profile-mode')).toContainText(/Span profile|Service profile over the span's window/);
    // Frames drawn (d3 grows them from zero width: wait until they are wide enough to see).
    const frames = page.locator('[data-testid="flame-graph"] svg rect');
    const drawnFrames = () => frames.evaluateAll((rects) => rects.filter((r) => Number(r.getAttribute('width')) >= 5).length);
    await expect.poll(drawnFrames).toBeGreaterThan(3);
    await shot(page, testInfo, '3-profile');

    // Another span (the root, by keyboard: focus the waterfall and go to the top): the profile follows.
    const root = spans.find((s) => s.parentSpanId === null) ?? spans[0];
    await page.locator(`[data-testid="waterfall-row"][data-span-id="${root.spanId}"]`).click();
    await expect(profile).toHaveAttribute('data-span-id', root.spanId);
    await expect.poll(drawnFrames).toBeGreaterThan(3);
    await page.getByRole('treegrid').press('j');
    const second = await page.locator('[data-testid="waterfall-row"][aria-selected="true"]').getAttribute('data-span-id');
    expect(second).not.toBe(root.spanId);
    await expect(profile).toHaveAttribute('data-span-id', second ?? '');
    await expect(page).toHaveURL(new RegExp(`[?&]span=${second}`));

    // Diff against an hour earlier: the legend says what the colours mean.
    await page.getByLabel('Diff vs 1 h earlier').check();
    await expect(page).toHaveURL(/[?&]diff=hour/);
    await expect(page.getByTestId('flame-diff-legend')).toBeVisible();
    await expect.poll(drawnFrames).toBeGreaterThan(3);
    await shot(page, testInfo, '4-profile-diff');

    // Reload: the URL alone restores trace, span, tab and diff.
    const before = page.url();
    await page.reload();
    await expect(page.locator(`[data-testid="waterfall-row"][data-span-id="${second}"]`)).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tab', { name: 'Profile' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByLabel('Diff vs 1 h earlier')).toBeChecked();
    await expect(page.getByTestId('flame-diff-legend')).toBeVisible();
    expect(page.url()).toBe(before);

    // Metrics of the selected span's service around the trace.
    await page.getByRole('tab', { name: 'Metrics' }).click();
    await expect(page.getByTestId('trace-metrics')).toBeVisible();
    await expect(page.getByTestId('timeseries-chart')).toHaveCount(3);
    await shot(page, testInfo, '5-metrics');

    // "/" finds spans.
    await page.locator('body').press('/');
    await expect(page.getByRole('searchbox', { name: /Find spans/ })).toBeFocused();
  });

  test('an unknown trace says so and what to do', async ({ page }) => {
    await page.goto('/trace/0123456789abcdef0123456789abcdef');
    await expect(page.getByTestId('trace-not-found')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Trace not found' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Search traces' })).toBeVisible();
  });

  test('a malformed id is explained, and other spellings of an id redirect to the canonical one', async ({ page }) => {
    await page.goto('/trace/not-a-trace-id');
    await expect(page.getByRole('heading', { name: 'Not a trace id' })).toBeVisible();
    await page.goto('/trace/00-0123456789ABCDEF0123456789ABCDEF-00f067aa0ba902b7-01?tab=details');
    await expect(page).toHaveURL(/\/trace\/0123456789abcdef0123456789abcdef\?tab=details/);
  });
});
