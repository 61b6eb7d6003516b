// Permalinks on the demo stack: share a trace view and open the link in a fresh browser (same trace, span, tab and
// absolute range); fetch the link as a chat crawler does (no JavaScript) and find the unfurl tags and a valid PNG;
// relative ranges are pinned when a link is made; unknown links get a clear 404 page.
import type { APIRequestContext, BrowserContext, Page } from '@playwright/test';
import { createFleet } from '../demo/sim';
import { expect, test } from './helpers/fixtures';

const SLUG_URL = /\/s\/([0-9A-Za-z]{12})$/;

/**
 * A recent demo trace with an error span below the root, small enough that every row is on screen (the
 * waterfall is virtualised): the server's demo stack has the same fleet.
 */
function demoErrorTrace(): { traceId: string; spanId: string } {
  const seed = process.env.DEMO_SEED?.trim() ? Number(process.env.DEMO_SEED) : undefined;
  const nowMs = Date.now();
  const fleet = createFleet({ seed, now: () => nowMs });
  const fromNs = BigInt(nowMs - 3 * 3_600_000) * 1_000_000n;
  const toNs = BigInt(nowMs - 3 * 60_000) * 1_000_000n;
  for (const trace of fleet.traces.tracesInRange(fromNs, toNs)) {
    if (trace.spans.length < 4 || trace.spans.length > 14) continue;
    const error = trace.spans.find((span) => span.statusCode === 'error' && span.parentSpanId !== null);
    if (error) return { traceId: trace.traceId, spanId: error.spanId };
  }
  throw new Error('the demo fleet has no recent error trace');
}

function param(page: Page, name: string): string | null {
  return new URL(page.url()).searchParams.get(name);
}

/** Fails on console errors in a context the automatic fixture does not watch. */
function watchErrors(context: BrowserContext): string[] {
  const problems: string[] = [];
  context.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  context.on('weberror', (error) => problems.push(error.error().message));
  return problems;
}

function metaContent(html: string, key: string): string | null {
  for (const tag of html.match(/<meta\b[^>]*>/g) ?? []) {
    const named = new RegExp(`\\b(?:property|name)="${key.replace(/[.:]/g, '\\$&')}"`).test(tag);
    const content = /\bcontent="([^"]*)"/.exec(tag);
    if (named && content) return content[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  }
  return null;
}

function pngSize(bytes: Buffer): { width: number; height: number } | null {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

async function createLink(request: APIRequestContext, href: string): Promise<{ slug: string; url: string; href: string; title: string }> {
  const response = await request.post('/api/permalinks', { data: { href } });
  expect(response.status()).toBe(201);
  return (await response.json()) as { slug: string; url: string; href: string; title: string };
}

test.describe('permalinks', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('a shared trace view opens identically in a fresh browser', async ({ page, browser }, testInfo) => {
    test.setTimeout(120_000);
    const { traceId, spanId } = demoErrorTrace();
    await page.goto(`/trace/${traceId}`);
    await expect(page.getByTestId('trace-header')).toBeVisible({ timeout: 60_000 });
    // The view pins an absolute range around the trace into its URL.
    await expect.poll(() => param(page, 'from'), { timeout: 20_000 }).toMatch(/^\d+$/);

    await page.locator(`[data-testid="waterfall-row"][data-span-id="${spanId}"]`).click();
    await page.getByRole('tab', { name: 'Details' }).click();
    await expect.poll(() => [param(page, 'span'), param(page, 'tab')]).toEqual([spanId, 'details']);
    const view = new URL(page.url());

    await page.getByTestId('share-button').click();
    const urlField = page.getByTestId('share-url');
    // The first link of a fresh server also opens the embedded database (seconds on a busy machine).
    await expect(urlField).toHaveValue(SLUG_URL, { timeout: 60_000 });
    const shared = await urlField.inputValue();
    await expect(page.getByTestId('share-status')).toHaveText('Link copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shared);
    await expect(page.getByTestId('share-range')).toContainText('UTC');

    await page.getByTestId('share-copy-markdown').click();
    await expect(page.getByTestId('share-status')).toHaveText('Markdown copied');
    const markdown = await page.evaluate(() => navigator.clipboard.readText());
    expect(markdown).toMatch(/^\*\*.+ · .+ · error · .+ trace\*\*\n/);
    expect(markdown).toContain(`- Where: trace \`${traceId}\` · span \`${spanId}\``);
    expect(markdown).toMatch(/- When: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} to .+ \(UTC\)/);
    expect(markdown).toContain(`- Link: ${shared}`);
    await page.screenshot({ path: testInfo.outputPath('share-popover.png') });

    // Another person: a new browser context with nothing in common with the first.
    const context = await browser.newContext({ timezoneId: 'UTC', locale: 'en-US', colorScheme: 'light' });
    const problems = watchErrors(context);
    try {
      const other = await context.newPage();
      await other.goto(shared);
      await expect(other).toHaveURL((url) => url.pathname === view.pathname, { timeout: 30_000 });
      const opened = new URL(other.url());
      for (const name of ['span', 'tab', 'from', 'to']) expect(opened.searchParams.get(name), name).toBe(view.searchParams.get(name));
      await expect(other.getByTestId('trace-view')).toHaveAttribute('data-trace-id', traceId, { timeout: 60_000 });
      await expect(other.locator('[data-testid="waterfall-row"][aria-selected="true"]')).toHaveAttribute('data-span-id', spanId);
      await expect(other.getByRole('tab', { name: 'Details' })).toHaveAttribute('aria-selected', 'true');
      await expect(other.getByTestId('time-range-trigger')).toHaveText(/UTC/);
      for (const fact of ['trace-duration', 'trace-span-count', 'trace-error-count', 'trace-start']) {
        await expect(other.getByTestId(fact), fact).toHaveText(await page.getByTestId(fact).innerText());
      }
      await other.screenshot({ path: testInfo.outputPath('opened-in-fresh-context.png') });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a crawler without JavaScript gets the unfurl tags and a 1200x630 PNG', async ({ request }, testInfo) => {
    test.setTimeout(90_000);
    const { traceId } = demoErrorTrace();
    const link = await createLink(request, `/trace/${traceId}?tab=logs`);
    expect(link.title).toMatch(/ · error · .+ trace$/);

    const page = await request.get(`/s/${link.slug}`, { headers: { 'User-Agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', Accept: 'text/html' } });
    expect(page.status()).toBe(200);
    const html = await page.text();
    const head = html.slice(0, html.indexOf('</head>'));
    expect(metaContent(head, 'og:title')).toBe(link.title);
    expect(metaContent(head, 'twitter:title')).toBe(link.title);
    expect(metaContent(head, 'og:description')).toMatch(/spans across .+ · \d{4}-\d{2}-\d{2} /);
    expect(metaContent(head, 'og:url')).toBe(link.url);
    expect(metaContent(head, 'twitter:card')).toBe('summary_large_image');
    expect(metaContent(head, 'og:image:width')).toBe('1200');
    const image = metaContent(head, 'og:image');
    expect(image).toBe(`${new URL(link.url).origin}/s/${link.slug}/preview.png`);
    expect(metaContent(head, 'twitter:image')).toBe(image);

    const png = await request.get(image!);
    expect(png.status()).toBe(200);
    expect(png.headers()['content-type']).toBe('image/png');
    const bytes = await png.body();
    expect(pngSize(bytes)).toEqual({ width: 1200, height: 630 });
    await testInfo.attach('preview.png', { body: bytes, contentType: 'image/png' });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(testInfo.outputPath('preview.png'), bytes);
  });

  test('a relative range is pinned when the link is made', async ({ page, request }) => {
    const before = Date.now();
    const link = await createLink(request, '/?from=now-6h&to=now');
    const pinned = new URL(link.href, 'http://x');
    const from = Number(pinned.searchParams.get('from'));
    const to = Number(pinned.searchParams.get('to'));
    expect(to - from).toBe(6 * 3_600_000);
    expect(to).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);

    await page.goto(`/s/${link.slug}`);
    await expect(page).toHaveURL((url) => url.pathname === '/' && url.searchParams.get('from') === String(from) && url.searchParams.get('to') === String(to));
    await expect(page.getByTestId('time-range-trigger')).toHaveText(/UTC/);
  });

  test.describe('unknown links', () => {
    test.use({ allowedConsoleErrors: [/status of 404/] });

    test('an unknown or malformed link is a clear 404 page', async ({ page }) => {
      for (const slug of ['AAAAAAAAAAAA', 'not-a-slug']) {
        const response = await page.goto(`/s/${slug}`);
        expect(response?.status()).toBe(404);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link does not exist or was removed');
      }
    });
  });
});
