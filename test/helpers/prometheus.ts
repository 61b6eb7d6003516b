// A real Prometheus for integration tests: Debian's /usr/bin/prometheus on a free loopback port with a temp
// config and TSDB, never the system service. Also a tiny loopback HTTP server for exporters and stubs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { freePort } from './free-port';

export { freePort };

const PROMETHEUS_BIN = '/usr/bin/prometheus';
const READY_TIMEOUT_MS = 20_000;
const LISTEN_ATTEMPTS = 3;

export interface ScrapeTarget {
  job: string;
  /** host:port pairs, e.g. "127.0.0.1:41234". */
  targets: string[];
  metricsPath?: string;
  scrapeIntervalSeconds?: number;
}

export interface StartPrometheusOptions {
  /** Jobs to scrape (every 1 s unless said otherwise). Ignored when configYaml is given. */
  scrapeTargets?: ScrapeTarget[];
  /** A rule file's content (groups: ...); written beside the config and listed in rule_files. */
  rulesYaml?: string;
  /** A complete prometheus.yml, replacing the generated one. */
  configYaml?: string;
  extraArgs?: string[];
  /** An existing TSDB directory to serve (e.g. blocks made by promtool); by default a fresh temp one. */
  storagePath?: string;
}

export interface RunningPrometheus {
  /** e.g. http://127.0.0.1:39123 */
  url: string;
  /** The last lines Prometheus logged (for failure messages). */
  logs(): string;
  stop(): Promise<void>;
}

/** Finds Prometheus; in CI as root installs Debian's package, otherwise says how to. */
export function findPrometheusBinary(): string {
  if (existsSync(PROMETHEUS_BIN)) return PROMETHEUS_BIN;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.env.CI && isRoot) {
    for (const args of [['update'], ['install', '-y', 'prometheus']]) {
      const result = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
      if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status})`);
    }
    if (existsSync(PROMETHEUS_BIN)) return PROMETHEUS_BIN;
  }
  throw new Error(
    `Prometheus is not installed (${PROMETHEUS_BIN} missing). Install it with: apt-get install -y prometheus` +
      (process.env.CI ? ' (CI runs it itself only as root)' : ''),
  );
}

function buildConfig(options: StartPrometheusOptions, rulesFile: string | undefined): string {
  const config = {
    global: { scrape_interval: '1s', evaluation_interval: '1s', scrape_timeout: '1s' },
    ...(rulesFile ? { rule_files: [rulesFile] } : {}),
    scrape_configs: (options.scrapeTargets ?? []).map((target) => ({
      job_name: target.job,
      ...(target.scrapeIntervalSeconds ? { scrape_interval: `${target.scrapeIntervalSeconds}s` } : {}),
      ...(target.metricsPath ? { metrics_path: target.metricsPath } : {}),
      static_configs: [{ targets: target.targets }],
    })),
  };
  return stringify(config);
}

async function waitReady(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prometheus exited with ${child.exitCode}:\n${logs()}`);
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Prometheus at ${url} was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${logs()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startPrometheus(options: StartPrometheusOptions = {}): Promise<RunningPrometheus> {
  const binary = findPrometheusBinary();
  const dir = await mkdtemp(path.join(tmpdir(), 'weft-prometheus-'));
  let rulesFile: string | undefined;
  if (options.rulesYaml !== undefined) {
    rulesFile = path.join(dir, 'rules.yml');
    await writeFile(rulesFile, options.rulesYaml);
  }
  const configFile = path.join(dir, 'prometheus.yml');
  await writeFile(configFile, options.configYaml ?? buildConfig(options, rulesFile));

  let lastError: unknown;
  for (let attempt = 1; attempt <= LISTEN_ATTEMPTS; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(
      binary,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${options.storagePath ?? path.join(dir, `data-${attempt}`)}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--enable-feature=exemplar-storage',
        '--log.level=warn',
        ...(options.extraArgs ?? []),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let log = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      log = (log + chunk).slice(-8000);
    });
    const logs = () => log;
    try {
      await waitReady(url, child, logs);
      return {
        url,
        logs,
        stop: async () => {
          await stopChild(child);
          await rm(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = error;
      await stopChild(child);
      // Another process may have taken the port between our probe and Prometheus' bind: try another.
      if (!/address already in use/.test(log)) break;
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}

export type LoopbackHandler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

export interface LoopbackServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** host:port, for scrape configs. */
  hostPort: string;
  server: Server;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 and a port the OS picks; the handler sees the whole request body. */
export async function startLoopbackServer(handler: LoopbackHandler): Promise<LoopbackServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      Promise.resolve(handler(req, res, Buffer.concat(chunks).toString('utf8'))).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hostPort: `127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
