import { defineConfig, devices } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The config is evaluated by the runner and again by every worker: the first evaluation picks a free port and a
// temporary data directory and leaves them in the environment, which the workers inherit.
// The port is taken below Linux's ephemeral range (32768-60999): the demo stack the server starts binds its
// backends to port 0, and an OS-assigned port could otherwise be the one probed free here a moment before.
function freePort(): number {
  const script = `
    const net = require('net');
    const attempt = (left) => {
      const port = 20000 + Math.floor(Math.random() * 12000);
      const s = net.createServer();
      s.once('error', () => (left > 0 ? attempt(left - 1) : process.exit(1)));
      s.listen(port, '127.0.0.1', () => { process.stdout.write(String(port)); s.close(); });
    };
    attempt(50);`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

// WEFT_E2E_BASE_URL=http://127.0.0.1:3000 runs the tests against a console that is already running.
const externalBaseURL = process.env.WEFT_E2E_BASE_URL?.trim() || undefined;
if (!externalBaseURL) {
  process.env.WEFT_E2E_PORT ??= String(freePort());
  process.env.WEFT_E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'weft-e2e-'));
}
const port = Number(process.env.WEFT_E2E_PORT);
const baseURL = externalBaseURL ?? `http://127.0.0.1:${port}`;
const isCI = !!process.env.CI;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  // Two cores run the server, the demo stack and the browser: one worker in CI keeps timings honest.
  workers: isCI ? 1 : 2,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  globalTeardown: './e2e/helpers/global-teardown.ts',
  outputDir: 'test-results',
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-first-failure',
    colorScheme: 'light',
    timezoneId: 'UTC',
    locale: 'en-US',
    launchOptions: {
      // Playwright cannot download its own browser here: Debian's Chromium (apt-get install chromium).
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: externalBaseURL ? undefined : {
    // The built app exactly as `npm start` runs it (it builds first if .next is missing or stale).
    // Plain node with tsx's loader, not the tsx CLI: the CLI's signal relay SIGKILLs a busy child after 30 ms,
    // which would orphan the Next server.
    command: 'node --conditions=react-server --import tsx scripts/start.ts',
    url: `${baseURL}/icon.svg`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      NEXT_TELEMETRY_DISABLED: '1',
      // Always the demo stack on free ports, and a throwaway embedded database.
      WEFT_DEMO_RANDOM_PORTS: '1',
      WEFT_DATA_DIR: process.env.WEFT_E2E_DATA_DIR ?? '',
      DATABASE_URL: '',
      WEFT_DATASOURCES_FILE: '',
      PROMETHEUS_URL: '',
      LOKI_URL: '',
      TEMPO_URL: '',
      PYROSCOPE_URL: '',
      ALERTMANAGER_URL: '',
    },
  },
});
