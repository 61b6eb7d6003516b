// The trace view in headless Chromium for traces of 1k, 20k and 100k spans (the demo's hourly batch-job trace,
// served at those sizes), two figures per open:
// - data-to-interactive (the goal's figure: 20k under 500 ms, 100k under 1.5 s): from the moment the page has
//   its data to work on (the timeline answer has arrived and the view has mounted, whichever is later) until
//   the waterfall's first rows are visible, plus one span click until the details panel shows that span. This
//   is the work that grows with the trace: reading the answer, decoding, building the tree, first rows, click.
// - navigation to interactive: the same end, counted from navigation, so it includes the page's own start
//   (scripts, router, hydration: the same for a 10-span trace) and, on a first open, the server's read of Tempo.
// Every first open asks for a trace the console has not read yet (another hour's job), then opens it again
// (trace cached on the server). Prints figures; asserts nothing. Run: npx tsx bench/trace-view.ts
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Response } from '@playwright/test';
import { TRACE_VIEW_MOUNTED_MARK } from '../lib/investigation/user-timing';
import type { BenchResult } from './trace-model';
import { batchTrace, median, startBenchStack } from './trace-bench-harness';

const SIZES = [1_000, 20_000, 100_000];
const RUNS = Number(process.env.WEFT_BENCH_TRACE_RUNS ?? 3);
const GOAL_MS: Record<number, number | undefined> = { 20_000: 500, 100_000: 1_500 };
const NAV_TIMEOUT_MS = 180_000;

/** ms since navigation start when the first waterfall row has a size, else false (polled every frame). */
const ROWS_VISIBLE_AT = `(() => {
  const row = document.querySelector('[data-testid="waterfall-row"]');
  return row && row.getBoundingClientRect().height > 0 ? performance.now() : false;
})()`;

/** Clicks the sixth row and resolves with the ms until the details panel shows that span's id. */
const CLICK_TO_DETAILS_MS = `new Promise((resolve, reject) => {
  const rows = document.querySelectorAll('[data-testid="waterfall-row"]');
  const target = rows[Math.min(5, rows.length - 1)];
  const spanId = target && target.dataset.spanId;
  if (!spanId) return reject(new Error('no row to click'));
  const started = performance.now();
  target.click();
  const check = () => {
    const details = document.querySelector('[data-testid="span-details"]');
    if (details && details.textContent.includes(spanId)) resolve(performance.now() - started);
    else if (performance.now() - started > 30000) reject(new Error('the details never showed the clicked span'));
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})`;

/**
 * When the page asked for the timeline and when its answer had fully arrived (ms since navigation start), its
 * size, how many timeline requests the page made (1 when the view's fetch took the preloaded answer), when
 * the page's HTML had arrived and when the view had mounted.
 */
const TIMELINE_FETCH = `(() => {
  const entries = performance.getEntriesByType('resource').filter((e) => e.name.includes('/timeline'));
  const entry = entries[0];
  const nav = performance.getEntriesByType('navigation')[0];
  const mounted = performance.getEntriesByName(${JSON.stringify(TRACE_VIEW_MOUNTED_MARK)})[0];
  return entry ? [entry.startTime, entry.responseEnd, entry.encodedBodySize, entries.length, nav ? nav.responseEnd : null, mounted ? mounted.startTime : null] : null;
})()`;

interface RunFigures {
  fetchStartMs: number | null;
  fetchEndMs: number | null;
  bodyBytes: number | null;
  timelineRequests: number | null;
  htmlMs: number | null;
  mountedMs: number | null;
  rowsMs: number;
  clickMs: number;
  serverMs: number | null;
  tempoMs: number | null;
  lokiMs: number | null;
}

function serverTimings(response: Response | null): Pick<RunFigures, 'serverMs' | 'tempoMs' | 'lokiMs'> {
  const header = response?.headers()['server-timing'] ?? '';
  const read = (name: string) => {
    const m = new RegExp(`${name};dur=([\\d.]+)`).exec(header);
    return m ? Number(m[1]) : null;
  };
  return { serverMs: read('total'), tempoMs: read('tempo'), lokiMs: read('loki') };
}

async function openOnce(browser: Browser, consoleUrl: string, traceId: string, hourStartMs: number): Promise<RunFigures> {
  // bypassCSP: the console's CSP forbids eval, which Playwright's page-side expressions need.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'UTC', bypassCSP: true });
  const page = await context.newPage();
  try {
    const timeline = page
      .waitForResponse((r) => r.url().includes(`/api/traces/${traceId}/timeline`), { timeout: NAV_TIMEOUT_MS })
      .catch(() => null);
    // A permalink's shape: span-less, details tab, the job's hour as the range (trace and logs in parallel).
    const url = `${consoleUrl}/trace/${traceId}?tab=details&from=${hourStartMs}&to=${hourStartMs + 3_600_000}`;
    await page.goto(url, { waitUntil: 'commit', timeout: NAV_TIMEOUT_MS });
    // Measured in the page: ms since navigation start, sampled every animation frame.
    // Page-side code goes as text: tsx would otherwise wrap named helpers in a __name() the page does not have.
    const rows = await page.waitForFunction(ROWS_VISIBLE_AT, undefined, { polling: 'raf', timeout: NAV_TIMEOUT_MS });
    const rowsMs = Number(await rows.jsonValue());
    const clickMs = Number(await page.evaluate(CLICK_TO_DETAILS_MS));
    const fetched = (await page.evaluate(TIMELINE_FETCH)) as [number, number, number, number, number | null, number | null] | null;
    return {
      fetchStartMs: fetched?.[0] ?? null,
      fetchEndMs: fetched?.[1] ?? null,
      bodyBytes: fetched?.[2] ?? null,
      timelineRequests: fetched?.[3] ?? null,
      htmlMs: fetched?.[4] ?? null,
      mountedMs: fetched?.[5] ?? null,
      rowsMs,
      clickMs,
      ...serverTimings(await timeline),
    };
  } finally {
    await context.close();
  }
}

/** When the page had data to work on: the answer in and the view mounted, whichever came later. */
function dataReadyMs(run: RunFigures): number {
  return Math.max(run.fetchEndMs ?? 0, run.mountedMs ?? 0);
}

/** From the moment the page had data to work on to the clicked span's details. */
function dataToInteractiveMs(run: RunFigures): number {
  return run.rowsMs - dataReadyMs(run) + run.clickMs;
}

function summarise(open: string, size: number, runs: readonly RunFigures[]): BenchResult[] {
  const goal = GOAL_MS[size];
  const load = `load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`;
  const data = runs.map(dataToInteractiveMs);
  const dataMs = median(data);
  const dataRun = runs[data.indexOf(dataMs)];
  const navigation = runs.map((r) => r.rowsMs + r.clickMs);
  const navigationMs = median(navigation);
  const mid = runs[navigation.indexOf(navigationMs)];
  return [
    {
      name: `trace view data-to-interactive, ${open}`,
      size,
      ms: dataMs,
      ...(goal ? { ratio: dataMs / goal } : {}),
      note:
        `median run: data ready at ${fmt(dataReadyMs(dataRun))} ms (answer in at ${fmt(dataRun.fetchEndMs)}, ` +
        `view mounted at ${fmt(dataRun.mountedMs)}), rows visible at ${fmt(dataRun.rowsMs)}, + click to details ${fmt(dataRun.clickMs)} ms; ` +
        `all runs ${data.map((t) => t.toFixed(0)).join('/')} ms` +
        (goal ? `; ratio = ms / ${goal} ms goal` : '') +
        `; ${load}`,
    },
    {
      name: `trace view navigation to interactive, ${open}`,
      size,
      ms: navigationMs,
      note:
        `median run: rows visible ${fmt(mid.rowsMs)} ms (HTML in at ${fmt(mid.htmlMs)}, page asked at ${fmt(mid.fetchStartMs)}, answer in at ${fmt(mid.fetchEndMs)}, ` +
        `view mounted at ${fmt(mid.mountedMs)}, ${fmt(mid.timelineRequests)} timeline request(s), ` +
        `${mid.bodyBytes === null ? '?' : (mid.bodyBytes / 1e6).toFixed(1)} MB; server ${fmt(mid.serverMs)} ms: tempo ${fmt(mid.tempoMs)}, loki ${fmt(mid.lokiMs)}) ` +
        `+ click to details ${fmt(mid.clickMs)} ms; all runs ${navigation.map((t) => t.toFixed(0)).join('/')} ms; ${load}`,
    },
  ];
}

function fmt(value: number | null): string {
  return value === null ? '?' : value.toFixed(0);
}

export async function run(): Promise<BenchResult[]> {
  const stack = await startBenchStack();
  const browser = await chromium.launch({
    executablePath: process.env.WEFT_BENCH_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
  });
  const results: BenchResult[] = [];
  try {
    // Warm the console's code paths (first compile of server chunks) on a small trace outside the figures.
    const warm = batchTrace(1_000, 30);
    await openOnce(browser, stack.consoleUrl, warm.traceId, warm.hourStartMs);
    let hoursAgo = 1;
    for (const size of SIZES) {
      const cold: RunFigures[] = [];
      const warm: RunFigures[] = [];
      for (let i = 0; i < RUNS; i++) {
        const trace = batchTrace(size, hoursAgo++);
        cold.push(await openOnce(browser, stack.consoleUrl, trace.traceId, trace.hourStartMs));
        // The same link again: the server has the trace cached, so this is the view's own cost plus logs.
        warm.push(await openOnce(browser, stack.consoleUrl, trace.traceId, trace.hourStartMs));
      }
      results.push(...summarise('first open', size, cold), ...summarise('trace cached', size, warm));
    }
  } finally {
    await browser.close();
    await stack.close();
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then(
    (results) => {
      for (const r of results) console.log(`${r.name} ${String(r.size).padStart(7)} spans: ${r.ms.toFixed(0)} ms${r.ratio ? ` (ratio ${r.ratio.toFixed(2)})` : ''} — ${r.note}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
