// Benchmark of the flame graph path: pruning and d3 data for a 50k-node profile in Node, then the
// component's first render in headless Chromium (the dev page /dev/flame under `next dev`).
// Prints figures; asserts nothing about timing. Run: npx tsx bench/flame-graph.ts
//   WEFT_BENCH_URL=http://localhost:3000  use a running Next server instead of starting `next dev`
//   WEFT_BENCH_NO_BROWSER=1               Node figures only
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { toD3FlameData } from '../lib/profile/d3-data';
import { diffFlameTrees } from '../lib/profile/diff';
import { countNodes } from '../lib/profile/flame-tree';
import { pruneFlameTree } from '../lib/profile/prune';
import { syntheticFlameTree } from '../lib/profile/synthetic';
import { topFunctions } from '../lib/profile/top-functions';
import { median, timeMedianMs } from './measure';
import { printResults, type BenchResult } from './trace-model';
import { freePort } from '../test/helpers/free-port';

const NODES = 50_000;
const WIDTH_PX = 1200;
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function nodeResults(): BenchResult[] {
  const root = syntheticFlameTree(NODES, 5);
  const nodeCount = countNodes(root);
  const out: BenchResult[] = [];
  const add = (name: string, ms: number, note?: string) => out.push({ name, size: nodeCount, ms, note });
  const baseline = timeMedianMs(15, () => countNodes(root));
  out.push({ name: 'baseline: countNodes (one walk)', size: nodeCount, ms: baseline, ratio: 1 });
  const prune = timeMedianMs(15, () => pruneFlameTree(root, { minFraction: 1 / WIDTH_PX }));
  const pruned = pruneFlameTree(root, { minFraction: 1 / WIDTH_PX });
  add(`pruneFlameTree (1/${WIDTH_PX} px)`, prune, `${countNodes(pruned)} frames kept`);
  add('toD3FlameData (pruned)', timeMedianMs(15, () => toD3FlameData(pruned)));
  add(
    'prune + toD3FlameData (what the component does)',
    timeMedianMs(15, () => toD3FlameData(pruneFlameTree(root, { minFraction: 1 / WIDTH_PX }))),
  );
  add('toD3FlameData (unpruned, for comparison)', timeMedianMs(7, () => toD3FlameData(root)));
  add('topFunctions (50)', timeMedianMs(7, () => topFunctions(root, 50)));
  const other = syntheticFlameTree(NODES, 6);
  add('diffFlameTrees (50k vs 50k)', timeMedianMs(5, () => diffFlameTrees(other, root)));
  for (const r of out) if (r.ratio === undefined) r.ratio = r.ms / baseline;
  return out;
}

async function waitForHttp(url: string, timeoutMs: number, child: ChildProcess | null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`next dev exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/**
 * Start `next dev` on a free port in its own process group; stop() ends that group only. Next 16 allows
 * one dev server per project directory: when one is already running, its URL is used and left running.
 */
async function startNextDev(): Promise<{ baseUrl: string; stop: () => void }> {
  const port = await freePort();
  const nextBin = path.join(REPO_ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
  const child = spawn(process.execPath, [nextBin, 'dev', '-p', String(port)], {
    cwd: REPO_ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = () => {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  };
  // localhost, not 127.0.0.1: Next blocks dev resources (and so hydration) for other origins.
  const baseUrl = `http://localhost:${port}`;
  try {
    await waitForHttp(`${baseUrl}/dev/flame?nodes=10`, 180_000, child);
  } catch (error) {
    stop();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 1000))]);
    const existing = /existing server at (http:\/\/[^\s,]+)/.exec(output)?.[1];
    if (existing) {
      await waitForHttp(`${existing}/dev/flame?nodes=10`, 180_000, null);
      return { baseUrl: existing.replace(/\/$/, ''), stop: () => undefined };
    }
    throw new Error(`${error instanceof Error ? error.message : String(error)}: ${output.trim().split('\n').slice(-3).join(' / ')}`);
  }
  return { baseUrl, stop };
}

interface FlameStats {
  nodeCount: number;
  drawnFrames: number;
  pruneMs: number;
  renderMs: number;
}

async function browserResults(): Promise<BenchResult[]> {
  if (process.env.WEFT_BENCH_NO_BROWSER === '1') return [];
  if (!existsSync(CHROMIUM)) {
    return [{ name: 'browser: skipped', size: NODES, ms: NaN, note: `${CHROMIUM} missing (apt-get install -y chromium)` }];
  }
  const { chromium } = await import('@playwright/test');
  const server = process.env.WEFT_BENCH_URL ? { baseUrl: process.env.WEFT_BENCH_URL, stop: () => undefined } : await startNextDev();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const out: BenchResult[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH_PX + 80, height: 900 } });
    const url = `${server.baseUrl}/dev/flame?nodes=${NODES}`;
    // First visit compiles the page in dev mode; measure the visits after it.
    const prune: number[] = [];
    const render: number[] = [];
    const toChart: number[] = [];
    let drawn = 0;
    for (let i = 0; i < 4; i++) {
      await page.goto(url, { waitUntil: 'load', timeout: 180_000 });
      await page.waitForFunction(() => ((window as unknown as { __flameStats?: unknown[] }).__flameStats ?? []).length > 0, null, {
        timeout: 60_000,
      });
      const { stats, atMs } = await page.evaluate(() => ({
        stats: (window as unknown as { __flameStats: FlameStats[] }).__flameStats[0],
        atMs: performance.now(),
      }));
      if (i === 0) continue;
      prune.push(stats.pruneMs);
      render.push(stats.renderMs);
      toChart.push(atMs);
      drawn = stats.drawnFrames;
    }
    const note = `${drawn} frames drawn, median of 3 loads (dev build)`;
    out.push({ name: 'browser: prune + d3 data (component)', size: NODES, ms: median(prune), note });
    out.push({ name: 'browser: d3-flame-graph DOM build', size: NODES, ms: median(render), note });
    out.push({ name: 'browser: first render (prune + DOM)', size: NODES, ms: median(prune) + median(render), note: 'goal < 300 ms' });
    out.push({ name: 'browser: navigation start -> chart drawn', size: NODES, ms: median(toChart), note: 'includes dev-mode page load' });

    // The waterfall at 100k spans: model build in the browser and frame times while scrolling.
    await page.goto(`${server.baseUrl}/dev/waterfall?spans=100000`, { waitUntil: 'load', timeout: 180_000 });
    await page.waitForSelector('[data-testid=waterfall-row]', { timeout: 60_000 });
    await page.goto(`${server.baseUrl}/dev/waterfall?spans=100000`, { waitUntil: 'load', timeout: 180_000 });
    await page.waitForSelector('[data-testid=waterfall-row]', { timeout: 60_000 });
    const buildText = (await page.textContent('[data-testid=dev-build-ms]')) ?? '';
    const buildMs = Number(/built in\s+([\d.]+)/.exec(buildText)?.[1] ?? NaN);
    out.push({ name: 'browser: waterfall model + critical path', size: 100_000, ms: buildMs, note: 'spans' });
    const frames = await page.evaluate(async () => {
      const el = document.querySelector('[role=treegrid]') as HTMLElement;
      const times: number[] = [];
      let last = performance.now();
      for (let i = 0; i < 120; i++) {
        el.scrollTop += 1200; // 50 rows per frame: every frame draws new rows
        await new Promise<void>((r) => requestAnimationFrame(() => r()));
        const now = performance.now();
        times.push(now - last);
        last = now;
      }
      times.sort((a, b) => a - b);
      return { median: times[60], p95: times[114], rows: document.querySelectorAll('[data-testid=waterfall-row]').length };
    });
    out.push({ name: 'browser: waterfall scroll frame (median)', size: 100_000, ms: frames.median, note: `${frames.rows} rows in the DOM` });
    out.push({ name: 'browser: waterfall scroll frame (p95)', size: 100_000, ms: frames.p95, note: 'dev build, no GPU' });
  } finally {
    await browser.close();
    server.stop();
  }
  return out;
}

export async function run(): Promise<BenchResult[]> {
  const results = nodeResults();
  try {
    results.push(...(await browserResults()));
  } catch (error) {
    results.push({ name: 'browser: failed', size: NODES, ms: NaN, note: error instanceof Error ? error.message : String(error) });
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`flame graph — node ${process.version}`);
  printResults(await run());
}
