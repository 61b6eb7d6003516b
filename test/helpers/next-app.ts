// The production build of the console started with `next start` on a free loopback port, with the
// environment a test chooses (auth mode, backends, data directory). Builds first when .next is missing or
// older than the sources (the same rule as `npm start`). WEFT_TEST_APP_DIR points at another checkout.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFreshness } from '../../scripts/build-freshness';
import { freePort } from './free-port';

export { freePort };

export function appDir(): string {
  return process.env.WEFT_TEST_APP_DIR ?? process.cwd();
}

/** Builds the app when its build is missing or stale; throws with the build's output when it fails. */
export function ensureBuilt(root: string = appDir()): void {
  const freshness = buildFreshness(root);
  if (!freshness.stale) return;
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });
  if (result.status !== 0) throw new Error(`next build failed (${freshness.reason}):\n${result.stdout}\n${result.stderr}`);
}

export interface RunningApp {
  url: string;
  port: number;
  /** Everything the server printed (for failure messages). */
  output(): string;
  close(): Promise<void>;
}

/** Every backend and database variable a developer's shell might hold, cleared unless the test sets it. */
const CLEARED_ENV = [
  'PROMETHEUS_URL', 'LOKI_URL', 'TEMPO_URL', 'PYROSCOPE_URL', 'ALERTMANAGER_URL', 'WEFT_DATASOURCES_FILE', 'DATABASE_URL',
  'WEFT_AUTH_MODE', 'WEFT_OIDC_ISSUER', 'WEFT_OIDC_CLIENT_ID', 'WEFT_OIDC_CLIENT_SECRET', 'WEFT_OIDC_SCOPES', 'WEFT_OIDC_TENANT_CLAIM',
  'WEFT_PUBLIC_URL', 'WEFT_SESSION_SECRET', 'WEFT_PROXY_SECRET', 'WEFT_TENANTS_FILE', 'WEFT_PUBLIC_PREVIEWS',
];

export async function startApp(env: Record<string, string>, port?: number): Promise<RunningApp> {
  const root = appDir();
  const listenPort = port ?? (await freePort());
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'weft-app-'));
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', WEFT_DATA_DIR: dataDir };
  for (const name of CLEARED_ENV) delete childEnv[name];
  Object.assign(childEnv, env);
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(listenPort), '-H', '127.0.0.1'], {
    cwd: root,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${listenPort}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/icon.svg`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`next start did not answer within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    port: listenPort,
    output: () => output,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
