// Retries, seen from the backend: each client's reads are retried on 503 with a doubling backoff, never after
// the deadline has passed, never on a timeout (the deadline covers every attempt), and never on 500.
// Weft only reads, so every retried request is an idempotent read: the route-level fault matrix checks the
// methods and paths the console sends.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAlertmanagerClient } from '@/lib/datasources/alertmanager/client';
import { DatasourceError, type BackendName } from '@/lib/datasources/errors';
import { createLokiClient } from '@/lib/datasources/loki/client';
import { createPrometheusClient } from '@/lib/datasources/prometheus/client';
import { createPyroscopeClient } from '@/lib/datasources/pyroscope/client';
import { createTempoClient } from '@/lib/datasources/tempo/client';
import { startFaultStack, type FaultStack } from '../faults/fault-stack';

let stack: FaultStack;

beforeAll(async () => {
  stack = await startFaultStack();
}, 60_000);

afterAll(() => stack?.close());

beforeEach(async () => {
  await stack.reset();
  stack.clearRequests();
});

const HOUR_MS = 3_600_000;

function clients() {
  const conn = (backend: BackendName) => ({ backend, url: stack.urls[backend] });
  return {
    prometheus: createPrometheusClient(conn('prometheus')),
    loki: createLokiClient(conn('loki')),
    tempo: createTempoClient(conn('tempo')),
    pyroscope: createPyroscopeClient(conn('pyroscope')),
    alertmanager: createAlertmanagerClient(conn('alertmanager')),
  };
}

interface Read {
  name: string;
  backend: BackendName;
  method: 'GET' | 'POST';
  /** Attempts a 503 gets in all (1 + the client's retries). */
  attempts: number;
  call(c: ReturnType<typeof clients>, range: { startMs: number; endMs: number }, timeoutMs: number): Promise<unknown>;
}

const READS: Read[] = [
  { name: 'Prometheus instant query (POST form)', backend: 'prometheus', method: 'POST', attempts: 2, call: (c, r, timeoutMs) => c.prometheus.query('up', r.endMs, { timeoutMs }) },
  { name: 'Prometheus label names (GET)', backend: 'prometheus', method: 'GET', attempts: 3, call: (c, r, timeoutMs) => c.prometheus.labelNames(r.startMs, r.endMs, { timeoutMs }) },
  { name: 'Loki label names', backend: 'loki', method: 'GET', attempts: 3, call: (c, r, timeoutMs) => c.loki.labelNames(r, { timeoutMs }) },
  { name: 'Tempo search tags', backend: 'tempo', method: 'GET', attempts: 3, call: (c, _r, timeoutMs) => c.tempo.searchTags({ timeoutMs }) },
  { name: 'Pyroscope profile types (Connect POST)', backend: 'pyroscope', method: 'POST', attempts: 3, call: (c, r, timeoutMs) => c.pyroscope.profileTypes(r, { timeoutMs }) },
  { name: 'Alertmanager alerts', backend: 'alertmanager', method: 'GET', attempts: 3, call: (c, _r, timeoutMs) => c.alertmanager.alerts({}, { timeoutMs }) },
];

function runner(read: Read): (timeoutMs: number) => Promise<unknown> {
  const c = clients();
  const endMs = Date.now();
  return (timeoutMs) => read.call(c, { startMs: endMs - HOUR_MS, endMs }, timeoutMs);
}

async function failure(work: Promise<unknown>): Promise<DatasourceError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DatasourceError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('retries', () => {
  for (const r of READS) {
    it(`${r.name}: once when it passes, retried on 503 with backoff, never past the deadline, once when slow or 500`, async () => {
      const run = runner(r);
      // Passing: one request, of the expected method.
      await run(10_000);
      expect(stack.requests(r.backend).map((q) => q.method), r.name).toEqual([r.method]);
      stack.clearRequests();

      // 503: every attempt the client allows, each after a doubling pause.
      await stack.setFault(r.backend, 'http503');
      const unavailable = await failure(run(10_000));
      expect(unavailable).toMatchObject({ backend: r.backend, kind: 'http', status: 503 });
      const attempts = stack.requests(r.backend);
      expect(attempts.length, r.name).toBe(r.attempts);
      expect(new Set(attempts.map((q) => `${q.method} ${q.url} ${q.body ?? ''}`)).size, 'the same request each time').toBe(1);
      const gaps = attempts.slice(1).map((q, i) => q.atMs - attempts[i]!.atMs);
      gaps.forEach((gap, i) => expect(gap, `pause before attempt ${i + 2}`).toBeGreaterThanOrEqual(95 * 2 ** i));
      stack.clearRequests();

      // 503 with a deadline shorter than the backoff: no attempt after the deadline, and the answer comes then.
      const started = Date.now();
      const cut = await failure(run(150));
      // Margins allow for a loaded 2-core CI machine: the requests' count below is the exact check.
      expect(Date.now() - started).toBeLessThan(150 + 1500);
      expect(cut.backend).toBe(r.backend);
      expect(stack.requests(r.backend).every((q) => q.atMs <= started + 150 + 500)).toBe(true);
      expect(stack.requests(r.backend).length).toBeLessThanOrEqual(2);
      stack.clearRequests();

      // Slow: the deadline covers all attempts, so a timeout is never retried.
      await stack.setFault(r.backend, 'slow');
      const slowStarted = Date.now();
      const timedOut = await failure(run(400));
      expect(timedOut).toMatchObject({ backend: r.backend, kind: 'timeout' });
      expect(Date.now() - slowStarted).toBeLessThan(400 + 1500);
      // Give a (wrong) retry the time to arrive.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(stack.requests(r.backend).length, r.name).toBe(1);
      stack.clearRequests();

      // 500: a server error that retrying would not fix.
      await stack.setFault(r.backend, 'http500');
      expect(await failure(run(10_000))).toMatchObject({ kind: 'http', status: 500 });
      expect(stack.requests(r.backend).length).toBe(1);
    });
  }

  it('a refused connection is retried with backoff and then named, without hanging', async () => {
    await stack.setFault('loki', 'down');
    const run = runner(READS.find((r) => r.backend === 'loki')!);
    const started = Date.now();
    const refused = await failure(run(10_000));
    const tookMs = Date.now() - started;
    expect(refused).toMatchObject({ backend: 'loki', kind: 'network', message: 'loki is unreachable (connection refused)' });
    // Two pauses (100 + 200 ms) between three attempts.
    expect(tookMs).toBeGreaterThanOrEqual(290);
    expect(tookMs).toBeLessThan(2_000);
  });
});
