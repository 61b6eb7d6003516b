// The demo stack with a fault proxy in front of every backend, and a small HTTP control endpoint so a test in
// another process (Playwright's worker, a shell) can switch faults on the one running console:
//   GET  /faults                      -> {"prometheus":"pass",...}
//   POST /faults  {"backend":"loki","mode":"slow"} or {"reset":true}
//   GET  /requests?backend=loki       -> the requests the proxy saw;  DELETE /requests forgets them
//   POST /warm                        -> replays the requests seen so far without a deadline (see warm())
import http from 'node:http';
import type net from 'node:net';
import { startDemoStack, type DemoStack } from '../../demo/index';
import type { DemoBackend } from '../../demo/contract';
import { isFaultMode, startFaultProxy, type FaultMode, type FaultProxy, type RecordedRequest } from './fault-proxy';

export const STACK_BACKENDS: readonly DemoBackend[] = ['prometheus', 'loki', 'tempo', 'pyroscope', 'alertmanager'];
/** The four backends of the fault matrix (Alertmanager is optional: Prometheus serves alerts without it). */
export const MATRIX_BACKENDS = ['prometheus', 'loki', 'tempo', 'pyroscope'] as const;
export type MatrixBackend = (typeof MATRIX_BACKENDS)[number];

/** Environment variable of each backend's URL and timeout, as lib/config reads them. */
export const URL_ENV: Record<DemoBackend, string> = {
  prometheus: 'PROMETHEUS_URL',
  loki: 'LOKI_URL',
  tempo: 'TEMPO_URL',
  pyroscope: 'PYROSCOPE_URL',
  alertmanager: 'ALERTMANAGER_URL',
};

export interface FaultStackOptions {
  now?: () => number;
  seed?: number;
  slowMs?: number;
  oversizeBytes?: number;
  /** See FaultProxyOptions.memo. */
  memo?: boolean;
}

export interface FaultStack {
  demo: DemoStack;
  /** The proxies' URLs: configure the console with these. */
  urls: Record<DemoBackend, string>;
  controlUrl: string;
  proxies: Record<DemoBackend, FaultProxy>;
  setFault(backend: DemoBackend, mode: FaultMode): Promise<void>;
  /** Every backend back to pass. */
  reset(): Promise<void>;
  requests(backend: DemoBackend): RecordedRequest[];
  clearRequests(): void;
  /**
   * Sends every request the proxies have seen again, without a deadline, and forgets them: the demo computes
   * (and a memo proxy keeps) what a console with short test deadlines gave up on. Returns how many were sent.
   */
  warm(): Promise<number>;
  /** Environment for a console server that reads the stack through the proxies. */
  consoleEnv(timeoutMs: number): Record<string, string>;
  close(): Promise<void>;
}

function isBackend(value: unknown): value is DemoBackend {
  return typeof value === 'string' && (STACK_BACKENDS as readonly string[]).includes(value);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startFaultStack(options: FaultStackOptions = {}): Promise<FaultStack> {
  const demo = await startDemoStack({
    ports: { prometheus: 0, loki: 0, tempo: 0, pyroscope: 0, alertmanager: 0 },
    ...(options.now ? { now: options.now } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  const proxies = {} as Record<DemoBackend, FaultProxy>;
  try {
    for (const backend of STACK_BACKENDS) {
      proxies[backend] = await startFaultProxy({
        target: demo.urls[backend],
        slowMs: options.slowMs,
        oversizeBytes: options.oversizeBytes,
        memo: options.memo,
      });
    }
  } catch (error) {
    await Promise.all(Object.values(proxies).map((proxy) => proxy.close()));
    await demo.close();
    throw error;
  }
  const urls = Object.fromEntries(STACK_BACKENDS.map((b) => [b, proxies[b].url])) as Record<DemoBackend, string>;

  const setFault = (backend: DemoBackend, mode: FaultMode) => proxies[backend].setMode(mode);
  const reset = async () => {
    await Promise.all(STACK_BACKENDS.map((b) => proxies[b].setMode('pass')));
  };
  const clearRequests = () => STACK_BACKENDS.forEach((b) => proxies[b].clearRequests());

  const control = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://control');
      if (url.pathname === '/faults' && req.method === 'GET') {
        return json(res, 200, Object.fromEntries(STACK_BACKENDS.map((b) => [b, proxies[b].mode])));
      }
      if (url.pathname === '/faults' && req.method === 'POST') {
        let body: unknown;
        try {
          body = JSON.parse(await readBody(req));
        } catch {
          return json(res, 400, { error: 'send JSON' });
        }
        const command = body as { backend?: unknown; mode?: unknown; reset?: unknown };
        if (command.reset === true) {
          await reset();
          return json(res, 200, { ok: true });
        }
        if (!isBackend(command.backend) || !isFaultMode(command.mode)) return json(res, 400, { error: 'send {"backend", "mode"} or {"reset": true}' });
        await setFault(command.backend, command.mode);
        return json(res, 200, { ok: true });
      }
      if (url.pathname === '/requests' && req.method === 'GET') {
        const backend = url.searchParams.get('backend');
        if (!isBackend(backend)) return json(res, 400, { error: 'backend=' });
        return json(res, 200, proxies[backend].requests());
      }
      if (url.pathname === '/warm' && req.method === 'POST') {
        return json(res, 200, { sent: await warm() });
      }
      if (url.pathname === '/requests' && req.method === 'DELETE') {
        clearRequests();
        return json(res, 200, { ok: true });
      }
      json(res, 404, { error: 'unknown control path' });
    })().catch((error: unknown) => json(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const controlUrl = `http://127.0.0.1:${(control.address() as net.AddressInfo).port}`;

  const warm = async () => {
    const seen = new Set<string>();
    const jobs: { backend: DemoBackend; request: RecordedRequest }[] = [];
    for (const backend of STACK_BACKENDS) {
      for (const request of proxies[backend].requests()) {
        const key = `${backend} ${request.method} ${request.url} ${request.body ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        jobs.push({ backend, request });
      }
    }
    clearRequests();
    // Two at a time: the demo computes on this process's one thread anyway.
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const { backend, request } = jobs[next++]!;
        const headers: Record<string, string> = {};
        if (request.body !== undefined) headers['Content-Type'] = request.body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded';
        const base = proxies[backend].mode === 'pass' ? proxies[backend].url : demo.urls[backend];
        const response = await fetch(base + request.url, { method: request.method, headers, body: request.body });
        await response.arrayBuffer();
      }
    };
    await Promise.all([worker(), worker()]);
    return jobs.length;
  };

  return {
    demo,
    urls,
    warm,
    controlUrl,
    proxies,
    setFault,
    reset,
    requests: (backend) => proxies[backend].requests(),
    clearRequests,
    consoleEnv(timeoutMs: number) {
      const env: Record<string, string> = { WEFT_DATASOURCES_FILE: '' };
      for (const backend of STACK_BACKENDS) {
        env[URL_ENV[backend]] = urls[backend];
        env[`${URL_ENV[backend].replace(/_URL$/, '')}_TIMEOUT_MS`] = String(timeoutMs);
      }
      return env;
    },
    async close() {
      control.closeAllConnections();
      await new Promise<void>((resolve) => control.close(() => resolve()));
      await Promise.all(STACK_BACKENDS.map((b) => proxies[b].close()));
      await demo.close();
    },
  };
}

/** Client of the control endpoint, for a test that runs in another process than the stack. */
export function faultControl(controlUrl: string) {
  const post = async (body: unknown) => {
    const response = await fetch(`${controlUrl}/faults`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    if (!response.ok) throw new Error(`fault control: ${response.status} ${await response.text()}`);
  };
  return {
    setFault: (backend: DemoBackend, mode: FaultMode) => post({ backend, mode }),
    reset: () => post({ reset: true }),
    async requests(backend: DemoBackend): Promise<RecordedRequest[]> {
      const response = await fetch(`${controlUrl}/requests?backend=${backend}`);
      return (await response.json()) as RecordedRequest[];
    },
    async clearRequests(): Promise<void> {
      await fetch(`${controlUrl}/requests`, { method: 'DELETE' });
    },
    async warm(): Promise<number> {
      const response = await fetch(`${controlUrl}/warm`, { method: 'POST' });
      return ((await response.json()) as { sent: number }).sent;
    },
  };
}
