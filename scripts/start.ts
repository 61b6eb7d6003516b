// `npm start`: the console on http://localhost:$PORT (default 3000) with nothing else to set.
// 1. datasources from the environment or WEFT_DATASOURCES_FILE (lib/config/datasources.ts); with none, the demo
//    stack starts in-process and its URLs are handed to Next exactly like real backends' URLs;
// 2. a production build when there is none or the sources are newer;
// 3. `next start`, with signals forwarded and a clear message when the port is taken.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { startDemoStack, type DemoStack } from '../demo/index';
import { checkAuthSettings } from '../lib/auth/startup';
import { loadDatasourceConfig } from '../lib/config/datasources';
import { buildFreshness } from './build-freshness';
import { BACKEND_URL_ENV, DEMO_BACKENDS, displayUrl, envFlag, parseDemoSeed, parsePort, randomDemoPorts } from './start-options';

const ROOT = path.resolve(import.meta.dirname, '..');
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');

function log(message: string): void {
  console.log(`weft: ${message}`);
}

function die(message: string): never {
  console.error(`weft: ${message}`);
  process.exit(1);
}

/** Fails early, with advice, when something already listens on the port. */
function checkPortFree(port: number, host: string): Promise<void> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        die(
          `port ${port} on ${host} is already in use (another Weft, or another server).\n` +
            `       Stop it, or choose another port: PORT=${port === 3000 ? 3001 : port + 1} npm start`,
        );
      }
      if (error.code === 'EACCES') die(`not allowed to listen on port ${port}: use a port above 1023, e.g. PORT=3000`);
      die(`cannot listen on ${host}:${port}: ${error.message}`);
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

function runBuild(): Promise<void> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    child.on('error', (error) => die(`could not run "npm run build": ${error.message}`));
    child.on('exit', (code) => {
      if (code !== 0) die(`the build failed (exit ${code}); see the output above`);
      log(`build finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      resolve();
    });
  });
}

/** Resolves once the server answers any HTTP request, or after timeoutMs. */
async function waitUntilServing(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000), redirect: 'manual' });
      return true;
    } catch {
      // Not listening yet: retry until the deadline.
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return false;
}

async function main(): Promise<void> {
  const port = parsePort(process.env.PORT);
  if (!port.ok) die(port.error);
  const host = process.env.HOST?.trim() || '127.0.0.1';
  const seed = parseDemoSeed(process.env.DEMO_SEED);
  if (!seed.ok) die(seed.error);

  // Validates the variables or the YAML file now, so a typo fails here and not on the first page view.
  let source: 'env' | 'file' | 'none';
  try {
    source = loadDatasourceConfig(process.env, process.cwd()).source;
  } catch (error) {
    die(`datasource configuration: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Authentication, tenancy and limits likewise: a typo must not start a console that runs open.
  let access: string;
  try {
    access = checkAuthSettings(process.env, process.cwd());
  } catch (error) {
    die(`authentication settings: ${error instanceof Error ? error.message : String(error)}`);
  }
  log(access);
  await checkPortFree(port.value, host);

  const freshness = buildFreshness(ROOT);
  if (freshness.stale) {
    log(`building the console: ${freshness.reason} (a minute or two)`);
    await runBuild();
  }

  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  let demo: DemoStack | null = null;
  if (source === 'none') {
    log('no datasources configured: starting the demo stack (a simulated shop, deterministic data)');
    // Ports: all free ones for tests (WEFT_DEMO_RANDOM_PORTS=1), else the demo's DEMO_<BACKEND>_PORT or defaults.
    try {
      demo = await startDemoStack({
        host: '127.0.0.1',
        ports: envFlag(process.env.WEFT_DEMO_RANDOM_PORTS) ? randomDemoPorts() : undefined,
        seed: seed.value,
        // Precomputes the fleet's statistics and alert history in small background slices.
        warmUp: true,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const busy = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      die(
        `could not start the demo stack: ${message}` +
          (busy ? '\n       A demo port is taken: set e.g. DEMO_PROMETHEUS_PORT=0 (0 = any free port), or stop `npm run demo`' : ''),
      );
    }
    for (const backend of DEMO_BACKENDS) {
      env[BACKEND_URL_ENV[backend]] = demo.urls[backend];
      log(`  demo ${backend.padEnd(12)} ${demo.urls[backend]}`);
    }
    // Lets the console label the data as simulated; the clients treat these URLs like any other.
    env.WEFT_DEMO = '1';
  } else {
    log(`datasources from ${source === 'env' ? 'environment variables' : `the file ${process.env.WEFT_DATASOURCES_FILE}`}`);
  }

  // A larger young generation (V8's default semi-space is 16 MiB): reading a big trace (13 MB of Tempo JSON at
  // 20k spans, 65 MB at 100k) allocates in bursts, and with the default the collector runs through most of it
  // (bench/correlate.ts: the 20k timeline answer 405-425 -> 284-297 ms).
  const child = spawn(process.execPath, ['--max-semi-space-size=64', NEXT_BIN, 'start', '-p', String(port.value), '-H', host], {
    cwd: ROOT,
    stdio: 'inherit',
    env,
  });

  let stopping = false;
  const closeDemo = async () => {
    if (demo === null) return;
    const stack = demo;
    demo = null;
    await stack.close();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log(`${signal}: stopping`);
      if (child.exitCode === null) child.kill(signal);
      else void closeDemo().then(() => process.exit(0));
    });
  }
  child.on('error', (error) => die(`could not start Next.js: ${error.message}`));
  child.on('exit', (code, signal) => {
    void closeDemo().finally(() => {
      if (!stopping) console.error(`weft: the Next.js server exited (${signal ?? `code ${code}`})`);
      process.exit(stopping ? 0 : (code ?? 1));
    });
  });

  const probeHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const probeUrl = `http://${probeHost.includes(':') ? `[${probeHost}]` : probeHost}:${port.value}/icon.svg`;
  if (await waitUntilServing(probeUrl, child, 120_000)) {
    log(`ready: ${displayUrl(host, port.value)}${source === 'none' ? ' (demo data)' : ''}`);
    await logHealth(probeUrl.replace(/\/icon\.svg$/, '/api/health'));
  }
}

interface HealthAnswer {
  database?: { ok: boolean; target: string; latencyMs: number; error?: string };
  datasources?: { backend: string; url: string; ok: boolean; error?: { message: string } }[];
}

/**
 * Asks /api/health once: it opens the database now (a cold embedded database takes seconds), so the first
 * person does not wait for it, and the log says at once which backend or database is not reachable.
 */
async function logHealth(url: string): Promise<void> {
  let answer: HealthAnswer;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
    answer = (await response.json()) as HealthAnswer;
  } catch (error) {
    log(`health check failed: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const db = answer.database;
  if (db) log(db.ok ? `database: ${db.target} (${db.latencyMs} ms)` : `database: ${db.target}: ${db.error ?? 'not reachable'}`);
  for (const source of answer.datasources ?? []) {
    if (!source.ok) log(`  ${source.backend} at ${source.url}: ${source.error?.message ?? 'not healthy'}`);
  }
}

main().catch((error: unknown) => die(error instanceof Error ? (error.stack ?? error.message) : String(error)));
