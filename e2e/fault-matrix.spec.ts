// The fault matrix in Chromium: one console, started here with short per-source deadlines, reads the demo stack
// through fault proxies (test/faults) that are switched between cases. Each backend x {down, slow, HTTP 500,
// malformed, oversized} on the trace view; Prometheus and Tempo faults on the alert view; Prometheus faults on
// the SLO view; one fault per backend on the monthly report. Every case: the page renders the other sources'
// data, names the failed source and why ("Loki: loki is unreachable ..."), shows no stack trace, and finishes
// loading within the deadline.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { FAULTS, type Fault } from '../test/faults/fault-proxy';
import { BACKEND_LABEL, EXPECTED, STACK_TRACE, type Backend } from '../test/faults/matrix';
import { spawnFaultStack, type FaultStackProcess } from '../test/faults/spawn-stack';
import { test as base, expect } from './helpers/fixtures';

/** Per-source deadline of the console under test. */
const TIMEOUT_MS = 5_000;
/** Longest a view may keep loading under a fault: two deadlines in a row, and the browser's own work. */
const SETTLE_MS = 2 * TIMEOUT_MS + 10_000;
const MAX_RESPONSE_BYTES = 1024 * 1024;
const ROOT = path.resolve(import.meta.dirname, '..');

interface Inputs {
  /** Traces of the demo with log lines, one per case (the console keeps recent traces). */
  traces: { traceId: string; fromMs: number; toMs: number }[];
  alertHref: string;
  sloHref: string;
  reportMonth: string;
}

interface FaultConsole {
  baseURL: string;
  stack: FaultStackProcess;
  inputs: Inputs;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitForConsole(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the console exited (${child.exitCode}) before it answered`);
    try {
      const response = await fetch(`${url}/icon.svg`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the console did not answer within ${timeoutMs / 1000} s`);
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Finds, through the console itself with every backend up, what the cases open. */
async function discover(baseURL: string): Promise<Inputs> {
  const toMs = Date.now();
  const fromMs = toMs - 30 * 60_000;
  const traces: Inputs['traces'] = [];
  for (const service of ['payment', 'order', 'inventory', 'user']) {
    const found = await getJson<{ result: { status: string; data?: { traces: { traceId: string; startMs: number }[] } } }>(
      `${baseURL}/api/search?service=${service}&limit=40&from=${fromMs}&to=${toMs}`,
    );
    for (const row of found.result.data?.traces ?? []) {
      if (traces.length >= 22) break;
      const range = { fromMs: Math.floor(row.startMs - 10 * 60_000), toMs: Math.ceil(row.startMs + 10 * 60_000) };
      const timeline = await getJson<{ trace: { status: string }; logs: { status: string; data?: { lines: unknown[] } } }>(
        `${baseURL}/api/traces/${row.traceId}/timeline?from=${range.fromMs}&to=${range.toMs}`,
      );
      if (timeline.trace.status === 'ok' && timeline.logs.status === 'ok' && (timeline.logs.data?.lines.length ?? 0) > 0) traces.push({ traceId: row.traceId, ...range });
    }
  }
  if (traces.length < 22) throw new Error(`only ${traces.length} demo traces with log lines found`);
  const alerts = await getJson<unknown>(`${baseURL}/api/alerts?from=now-6h&to=now`);
  // An alert of a service, so its view also reads Tempo (slowest and failed traces of that service).
  const alertHref = strings(alerts).find((s) => s.startsWith('/alerts/') && s.includes('service')) ?? '';
  if (!alertHref) throw new Error('no alert of a service on the demo');
  const slos = await getJson<{ slos: { id: string }[] }>(`${baseURL}/api/slo`);
  const sloId = slos.slos[0]?.id;
  if (!sloId) throw new Error('no SLO on the demo');
  const last = new Date(toMs);
  last.setUTCDate(1);
  last.setUTCMonth(last.getUTCMonth() - 1);
  return {
    traces,
    alertHref,
    sloHref: `/slo/${sloId}?from=${toMs - 24 * 3_600_000}&to=${toMs}`,
    reportMonth: last.toISOString().slice(0, 7),
  };
}

const test = base.extend<object, { faultConsole: FaultConsole }>({
  faultConsole: [
    async ({}, provide) => {
      const stack = await spawnFaultStack({ oversizeBytes: MAX_RESPONSE_BYTES + 256 * 1024 });
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'weft-e2e-faults-'));
      const port = await freePort();
      const baseURL = `http://127.0.0.1:${port}`;
      // `next start` on the build the e2e run already made (scripts/start.ts would rebuild a stale one, under the
      // feet of the other console of the run).
      const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(port), '-H', '127.0.0.1'], {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          ...stack.consoleEnv({ timeoutMs: TIMEOUT_MS, maxResponseBytes: MAX_RESPONSE_BYTES }),
          PORT: String(port),
          HOST: '127.0.0.1',
          NEXT_TELEMETRY_DISABLED: '1',
          WEFT_DATA_DIR: dataDir,
          DATABASE_URL: '',
          WEFT_SEED_DEMO_SLOS: '1',
          // The report reads a month per case; its own deadline (shorter in the route-level matrix).
          WEFT_REPORT_QUERY_TIMEOUT_MS: '45000',
        },
      });
      try {
        await waitForConsole(baseURL, child, 240_000);
        await provide({ baseURL, stack, inputs: await discover(baseURL) });
      } finally {
        if (child.exitCode === null) {
          child.kill('SIGTERM');
          await new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              child.kill('SIGKILL');
              resolve();
            }, 15_000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
          });
        }
        await stack.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 420_000 },
  ],
});

// One console for the whole matrix: the cases run in order in one worker, each retried on its own.
test.describe.configure({ mode: 'default' });

async function namesFailure(page: Page, backend: Backend, fault: Fault): Promise<void> {
  const said = new RegExp(`${BACKEND_LABEL[backend]}:[^\\n]*(${EXPECTED[fault].message.source})`, 'i');
  await expect(page.getByText(said).first(), `the page names ${BACKEND_LABEL[backend]} and why`).toBeVisible({ timeout: SETTLE_MS });
}

async function settles(page: Page): Promise<void> {
  // Nothing is still loading: every spinner has given way to data or to a named failure.
  await expect(page.getByRole('status').filter({ has: page.locator('.spinner') }), 'still loading').toHaveCount(0, { timeout: SETTLE_MS });
  const text = await page.locator('body').innerText();
  expect(text, 'a stack trace on the page').not.toMatch(STACK_TRACE);
  expect(text, 'an exception on the page').not.toMatch(/\b\w*Error: /);
  await expect(page.locator('main')).not.toBeEmpty();
}

async function withFault(faultConsole: FaultConsole, backend: Backend, fault: Fault, check: () => Promise<void>): Promise<void> {
  await faultConsole.stack.control.setFault(backend, fault);
  try {
    await check();
  } finally {
    await faultConsole.stack.control.reset();
  }
}

const TRACE_BACKENDS = ['tempo', 'loki', 'prometheus', 'pyroscope'] as const;

test.describe('fault matrix: trace view', () => {
  let caseIndex = 0;
  for (const backend of TRACE_BACKENDS) {
    for (const fault of FAULTS) {
      const index = caseIndex++;
      test(`${backend} ${fault}`, async ({ page, faultConsole }) => {
        test.setTimeout(120_000);
        const trace = faultConsole.inputs.traces[index]!;
        await withFault(faultConsole, backend, fault, async () => {
          await page.goto(`${faultConsole.baseURL}/trace/${trace.traceId}?from=${trace.fromMs}&to=${trace.toMs}`);
          if (backend === 'tempo') {
            await namesFailure(page, 'tempo', fault);
            // Loki still answered: the trace's log lines are on the page.
            await expect(page.getByTestId('log-line').first()).toBeVisible({ timeout: SETTLE_MS });
          } else {
            await expect(page.getByTestId('waterfall-row').first()).toBeVisible({ timeout: SETTLE_MS });
            if (backend === 'loki') {
              await namesFailure(page, 'loki', fault);
            } else {
              await expect(page.getByTestId('log-line').first()).toBeVisible({ timeout: SETTLE_MS });
              await page.getByRole('tab', { name: backend === 'prometheus' ? 'Metrics' : 'Profile' }).click();
              await namesFailure(page, backend, fault);
            }
          }
          await settles(page);
        });
      });
    }
  }
});

test.describe('fault matrix: alert view', () => {
  for (const backend of ['prometheus', 'tempo'] as const) {
    for (const fault of FAULTS) {
      test(`${backend} ${fault}`, async ({ page, faultConsole }) => {
        test.setTimeout(120_000);
        await withFault(faultConsole, backend, fault, async () => {
          await page.goto(`${faultConsole.baseURL}${faultConsole.inputs.alertHref}`);
          await expect(page.getByTestId('alert-title')).toBeVisible({ timeout: SETTLE_MS });
          await namesFailure(page, backend, fault);
          if (backend === 'tempo') {
            // Prometheus still answered: the alert's expression is plotted.
            await expect(page.getByTestId('alert-chart-panel').getByTestId('timeseries-chart')).toBeVisible({ timeout: SETTLE_MS });
          } else {
            // Tempo still answered: the slowest traces of the alert's service are listed.
            await expect(page.getByTestId('slowest-traces')).toBeVisible({ timeout: SETTLE_MS });
          }
          await settles(page);
        });
      });
    }
  }
});

test.describe('fault matrix: SLO view', () => {
  for (const fault of FAULTS) {
    test(`prometheus ${fault}`, async ({ page, faultConsole }) => {
      test.setTimeout(120_000);
      await withFault(faultConsole, 'prometheus', fault, async () => {
        await page.goto(`${faultConsole.baseURL}${faultConsole.inputs.sloHref}`);
        // The definition comes from Weft's database: it is there whatever Prometheus does.
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: SETTLE_MS });
        await expect(page.getByRole('heading', { name: 'Definition' })).toBeVisible();
        await expect(page.getByTestId('prometheus-error').first()).toBeVisible({ timeout: SETTLE_MS });
        await namesFailure(page, 'prometheus', fault);
        await settles(page);
      });
    });
  }
});

test.describe('fault matrix: monthly report', () => {
  // Which sections each backend feeds; the others must come out complete. A zone per case keeps the report's
  // section cache (minutes for a past month) from answering for the backend. "slow" is left to the route-level
  // matrix: the report's own deadline here is long (45 s) so that a month's fresh queries on the demo pass.
  const CASES = (['prometheus', 'loki', 'tempo', 'pyroscope'] as const).flatMap((backend, b) =>
    FAULTS.filter((fault) => fault !== 'slow').map((fault, f) => ({
      backend,
      fault,
      zone: `Etc/GMT${b * 4 + f + 1 <= 12 ? `-${b * 4 + f + 1}` : `+${b * 4 + f - 11}`}`,
      failing: backend === 'prometheus' ? ['slos', 'incidents'] : ['coverage'],
      intact: backend === 'prometheus' ? ['coverage'] : ['slos', 'incidents'],
    })),
  );
  for (const { backend, fault, zone, failing, intact } of CASES) {
    test(`${backend} ${fault}`, async ({ page, faultConsole }) => {
      test.setTimeout(240_000);
      await withFault(faultConsole, backend, fault, async () => {
        await page.goto(`${faultConsole.baseURL}/reports/${faultConsole.inputs.reportMonth}?tz=${encodeURIComponent(zone)}`);
        await expect(page.getByTestId('report-progress')).toContainText('5 of 5 sections ready', { timeout: 180_000 });
        for (const key of failing) {
          const section = page.getByTestId(`section-${key}`);
          await expect(section).toHaveAttribute('data-section-status', /^(error|partial)$/);
          await expect(section.getByText(new RegExp(`${BACKEND_LABEL[backend]}:[^\\n]*(${EXPECTED[fault].message.source})`, 'i')).first()).toBeVisible();
        }
        for (const key of intact) await expect(page.getByTestId(`section-${key}`)).toHaveAttribute('data-section-status', 'ok');
        await settles(page);
      });
    });
  }
});
