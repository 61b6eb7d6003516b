// Shared by bench/trace-view.ts and bench/correlate.ts: the demo stack in this process (seed 42, free ports) and
// the production console in a child process pointed at it, so the benchmark knows which traces exist (batch
// trace ids are a pure function of seed and hour) and can time the backends the console reads.
// WEFT_BENCH_APP_DIR runs the console from another checkout (default: this repository); the console is built
// first when its build is missing or stale (scripts/start.ts decides), which takes a minute or two.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDemoStack, type DemoStack } from '../demo';
import { encodeTraceId } from '../demo/sim/trace-ids';
import { freePort } from '../test/helpers/free-port';

export const BENCH_SEED = 42;
const HOUR_MS = 3_600_000;

export interface BenchStack {
  demo: DemoStack;
  consoleUrl: string;
  close(): Promise<void>;
}

async function waitUntilServing(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the console exited with code ${child.exitCode} before serving`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the console did not answer ${url} within ${timeoutMs / 1000} s`);
}

export async function startBenchStack(): Promise<BenchStack> {
  const demo = await startDemoStack({
    host: '127.0.0.1',
    seed: BENCH_SEED,
    ports: { prometheus: 0, loki: 0, tempo: 0, pyroscope: 0, alertmanager: 0 },
  });
  const appDir = process.env.WEFT_BENCH_APP_DIR?.trim() || path.resolve(import.meta.dirname, '..');
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(path.join(appDir, 'node_modules', '.bin', 'tsx'), ['--conditions=react-server', 'scripts/start.ts'], {
    cwd: appDir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NEXT_TELEMETRY_DISABLED: '1',
      WEFT_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'weft-bench-')),
      DATABASE_URL: '',
      WEFT_DATASOURCES_FILE: '',
      PROMETHEUS_URL: demo.urls.prometheus,
      LOKI_URL: demo.urls.loki,
      TEMPO_URL: demo.urls.tempo,
      PYROSCOPE_URL: demo.urls.pyroscope,
      ALERTMANAGER_URL: demo.urls.alertmanager,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const consoleUrl = `http://127.0.0.1:${port}`;
  // The console runs detached (its own process group): if this process dies without close(), take it along.
  const killOnExit = () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
  };
  process.once('exit', killOnExit);
  const close = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.pid) {
      // The start script forwards SIGTERM to Next; the whole group goes.
      process.kill(-child.pid, 'SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await demo.close();
  };
  try {
    await waitUntilServing(`${consoleUrl}/icon.svg`, child, 600_000);
  } catch (error) {
    await close();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${output.join('').slice(-3000)}`);
  }
  return { demo, consoleUrl, close };
}

export interface BatchTraceRef {
  traceId: string;
  spanCount: number;
  hourStartMs: number;
}

/**
 * The inventory batch job's trace of the hour `hoursAgo` hours before the current one (the job of the current
 * hour may still be running). The demo serves it with 1,000 to 252,000 spans, in whole thousands.
 */
export function batchTrace(spanCount: number, hoursAgo: number, nowMs = Date.now()): BatchTraceRef {
  const hourStartMs = Math.floor(nowMs / HOUR_MS) * HOUR_MS - hoursAgo * HOUR_MS;
  return { traceId: encodeTraceId(BENCH_SEED, hourStartMs / 1000, 3 + spanCount / 1000), spanCount, hourStartMs };
}

export { median } from './measure';
