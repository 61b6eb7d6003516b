// A real Prometheus (Debian 2.42) scrapes the demo's /metrics: the OpenMetrics exposition must parse, keep the
// simulation's own labels (honor_labels), carry exemplars, and agree with the store's values.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startPrometheus, type RunningPrometheus } from '../../test/helpers/prometheus';
import { startFakeStack } from './testing/harness';

let stack: Awaited<ReturnType<typeof startFakeStack>>;
let prometheus: RunningPrometheus;

async function instant(query: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const response = await fetch(`${prometheus.url}/api/v1/query?${new URLSearchParams({ query })}`);
  const body = (await response.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  expect(body.status).toBe('success');
  return body.data.result;
}

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${prometheus.logs()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  // The real clock: Prometheus stamps samples with its own time.
  stack = await startFakeStack(Date.now());
  const hostPort = new URL(stack.urls.prometheus).host;
  prometheus = await startPrometheus({
    configYaml: stringify({
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      scrape_configs: [{ job_name: 'weft-demo', honor_labels: true, static_configs: [{ targets: [hostPort] }] }],
    }),
  });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await stack?.close();
});

describe('a real Prometheus scraping the demo', () => {
  it('scrapes every series with the simulation labels and the store values', async () => {
    const up = await waitFor('a successful scrape', async () => {
      const result = await instant('up{job="weft-demo"}');
      return result.length > 0 && result[0].value[1] === '1' ? result : null;
    });
    expect(up).toHaveLength(1);
    const count = await waitFor('all series', async () => {
      const result = await instant('count({job="shop"})');
      return result.length > 0 ? Number(result[0].value[1]) : null;
    });
    expect(count).toBe(24);
    const scraped = await instant('http_requests_total{service="checkout",code="200"}');
    const [stored] = stack.fleet.metrics.select(
      [
        { name: '__name__', type: '=', value: 'http_requests_total' },
        { name: 'service', type: '=', value: 'checkout' },
        { name: 'code', type: '=', value: '200' },
      ],
      Date.now() - 60_000,
      Date.now(),
    );
    const latest = stored.values.at(-1) ?? NaN;
    expect(Math.abs(Number(scraped[0].value[1]) - latest) / latest).toBeLessThan(0.01);
    const types = await fetch(`${prometheus.url}/api/v1/metadata?metric=http_server_request_duration_seconds`);
    const metadata = (await types.json()) as { data: Record<string, { type: string }[]> };
    expect(metadata.data.http_server_request_duration_seconds?.[0]?.type).toBe('histogram');
  });

  it('stores the exemplars, with trace ids the demo Tempo resolves', async () => {
    const exemplars = await waitFor('exemplars', async () => {
      const params = new URLSearchParams({
        query: 'http_server_request_duration_seconds_bucket',
        start: String(Date.now() / 1000 - 3600),
        end: String(Date.now() / 1000 + 60),
      });
      const response = await fetch(`${prometheus.url}/api/v1/query_exemplars?${params}`);
      const body = (await response.json()) as { data: { exemplars: { labels: Record<string, string> }[] }[] };
      return body.data.length > 0 ? body.data : null;
    });
    const traceIds = exemplars.flatMap((e) => e.exemplars.map((x) => x.labels.trace_id));
    expect(traceIds.length).toBeGreaterThan(0);
    for (const traceId of traceIds.slice(0, 3)) {
      const trace = await fetch(`${stack.urls.tempo}/api/traces/${traceId}`);
      expect(trace.status).toBe(200);
      await trace.arrayBuffer();
    }
  });
});

describe('promtool importing the demo history', () => {
  it('creates TSDB blocks from /api/v1/export/openmetrics', async () => {
    const nowS = Math.floor(stack.nowMs / 1000);
    const params = new URLSearchParams({ start: String(nowS - 3 * 3600), end: String(nowS), step: '60' });
    const response = await fetch(`${stack.urls.prometheus}/api/v1/export/openmetrics?${params}`);
    expect(response.status).toBe(200);
    const body = await response.text();
    const dir = await mkdtemp(path.join(tmpdir(), 'weft-demo-import-'));
    try {
      await writeFile(path.join(dir, 'history.om'), body);
      const result = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', path.join(dir, 'history.om'), path.join(dir, 'blocks')], {
        encoding: 'utf8',
      });
      expect(result.status, result.stderr + result.stdout).toBe(0);
      const list = spawnSync('promtool', ['tsdb', 'list', path.join(dir, 'blocks')], { encoding: 'utf8' });
      expect(list.status, list.stderr).toBe(0);
      // one line per block after the header; 24 series, one sample per whole minute in the 3 h
      const ticks = Math.floor(nowS / 60) - Math.ceil((nowS - 3 * 3600) / 60) + 1;
      const rows = list.stdout.trim().split('\n').slice(1);
      expect(rows.length).toBeGreaterThan(0);
      const samples = rows.reduce((sum, row) => sum + Number(row.trim().split(/\s+/)[4]), 0);
      expect(samples).toBe(24 * ticks);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
