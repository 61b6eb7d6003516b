// `npm test`: every check the project has, in order, with one total at the end.
//   1. system deps (Chromium, Prometheus, PostgreSQL)  2. tsc --noEmit  3. eslint --max-warnings=0
//   4. vitest (unit + integration)  5. next build when stale  6. Playwright e2e on the built app
// Type-check and lint count as one test each; vitest and Playwright count their tests (from JSON reports);
// the deps check and the build count only when they fail. The last line is exactly "N passed, N failed[, N skipped]".
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFreshness } from './build-freshness';
import { countPlaywright, countVitest, formatTotals, type Counts } from './test-counts';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');
const MINUTE_MS = 60_000;

interface StageResult extends Counts {
  name: string;
  seconds: number;
  note: string;
}

const results: StageResult[] = [];
let current: { pid: number } | null = null;

function banner(text: string): void {
  console.log(`\n━━━ ${text} ${'━'.repeat(Math.max(0, 72 - text.length))}`);
}

/** Runs a command in its own process group (so a timeout can stop all of it); resolves with its exit code. */
function run(command: string, args: string[], timeoutMs: number, env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio: 'inherit',
      detached: true,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    });
    current = child.pid === undefined ? null : { pid: child.pid };
    const timer = setTimeout(() => {
      console.error(`\ntest: ${path.basename(command)} did not finish within ${timeoutMs / MINUTE_MS} min: stopping it`);
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      console.error(`test: could not run ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      current = null;
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (current !== null) {
      try {
        process.kill(-current.pid, signal);
      } catch {
        // The group is already gone.
      }
    }
    process.exit(130);
  });
}

function record(name: string, startedMs: number, counts: Counts, note: string): StageResult {
  const result = { name, seconds: (Date.now() - startedMs) / 1000, note, ...counts };
  results.push(result);
  const verdict = counts.failed > 0 ? 'FAILED' : 'ok';
  console.log(`\n${verdict === 'ok' ? '✔' : '✘'} ${name}: ${verdict} — ${note} (${result.seconds.toFixed(1)} s)`);
  return result;
}

/** A check that is one test: passed when the command exits 0. */
async function singleCheck(name: string, command: string, args: string[], timeoutMs: number): Promise<boolean> {
  banner(name);
  const started = Date.now();
  const code = await run(command, args, timeoutMs);
  const ok = code === 0;
  record(name, started, { passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 }, ok ? '1 passed' : `exit ${code}`);
  return ok;
}

function readJson(file: string): unknown {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`test: unreadable report ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

async function main(): Promise<number> {
  const startedAll = Date.now();
  const reportDir = mkdtempSync(path.join(os.tmpdir(), 'weft-test-'));

  // 1. System dependencies: counted only when missing, since without them later stages cannot run.
  banner('system dependencies');
  let started = Date.now();
  const depsOk = (await run(path.join(BIN, 'tsx'), ['scripts/ensure-system-deps.ts'], 20 * MINUTE_MS)) === 0;
  record('system dependencies', started, { passed: 0, failed: depsOk ? 0 : 1, skipped: 0 }, depsOk ? 'present' : 'missing');

  // 2-3. Type-check and lint.
  await singleCheck('type-check (tsc --noEmit)', path.join(BIN, 'tsc'), ['--noEmit', '-p', 'tsconfig.json'], 15 * MINUTE_MS);
  await singleCheck('lint (eslint --max-warnings=0)', path.join(BIN, 'eslint'), ['--max-warnings=0', '.'], 15 * MINUTE_MS);

  // 4. Unit and integration tests.
  banner('unit + integration tests (vitest)');
  started = Date.now();
  const vitestJson = path.join(reportDir, 'vitest.json');
  const vitestCode = await run(
    path.join(BIN, 'vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`],
    30 * MINUTE_MS,
  );
  const vitest = countVitest(readJson(vitestJson), vitestCode);
  record('vitest', started, vitest.counts, vitest.note);

  // 5. Production build, only when missing or older than the sources.
  banner('production build (next build)');
  started = Date.now();
  const freshness = buildFreshness(ROOT);
  let buildOk = true;
  if (freshness.stale) {
    console.log(`test: building: ${freshness.reason}`);
    buildOk = (await run('npm', ['run', 'build'], 20 * MINUTE_MS)) === 0;
    record('next build', started, { passed: 0, failed: buildOk ? 0 : 1, skipped: 0 }, buildOk ? 'built' : 'build failed');
  } else {
    console.log(`test: ${freshness.reason}`);
  }

  // 6. End-to-end tests in Chromium against the built app (Playwright starts it via scripts/start.ts).
  if (!depsOk || !buildOk) {
    banner('end-to-end tests (Playwright): not run');
    console.log(`test: e2e tests not run: ${!depsOk ? 'system dependencies are missing' : 'the build failed'}`);
  } else {
    banner('end-to-end tests (Playwright)');
    started = Date.now();
    const playwrightJson = path.join(reportDir, 'playwright.json');
    const playwrightCode = await run(path.join(BIN, 'playwright'), ['test', '--reporter=list,json'], 40 * MINUTE_MS, {
      PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
    });
    const e2e = countPlaywright(readJson(playwrightJson), playwrightCode);
    record('playwright', started, e2e.counts, e2e.note);
  }

  rmSync(reportDir, { recursive: true, force: true });

  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  banner('summary');
  for (const r of results) {
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
    console.log(`${r.failed > 0 ? '✘' : '✔'} ${r.name.padEnd(34)} ${r.note.padEnd(40)} ${r.seconds.toFixed(1).padStart(6)} s`);
  }
  console.log(`total time ${((Date.now() - startedAll) / 1000).toFixed(1)} s`);
  console.log(formatTotals(total));
  return total.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
