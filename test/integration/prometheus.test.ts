// The Prometheus client against a real Prometheus (Debian 2.42) scraping an OpenMetrics exporter on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrometheusClient, type PrometheusClient } from '../../lib/datasources/prometheus/client';
import { DatasourceError } from '../../lib/datasources/errors';
import { escapeRegex, selector } from '../../lib/query-lang/promql';
import { startLoopbackServer, startPrometheus, type LoopbackServer, type RunningPrometheus } from '../helpers/prometheus';

const TRACE_ID_32 = 'c5527fbb0cac1b9c5b80953ef63cd323';
const TRACE_ID_16 = '01e00fff4138673d';
const HOSTILE_PATH = 'a"b\\c\nd"} or vector(1) # ünï 🔥';

/** OpenMetrics label-value escaping: backslash, double quote, newline. */
function openMetricsLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function exposition(scrape: number): string {
  const nowSeconds = (Date.now() / 1000).toFixed(3);
  return [
    '# TYPE weft_requests counter',
    '# HELP weft_requests Requests served.',
    `weft_requests_total{service="checkout"} ${scrape * 10} # {traceID="${TRACE_ID_16}"} 1.0 ${nowSeconds}`,
    '# TYPE weft_request_duration_seconds histogram',
    '# HELP weft_request_duration_seconds Request latency.',
    `weft_request_duration_seconds_bucket{service="checkout",le="0.1"} ${scrape}`,
    `weft_request_duration_seconds_bucket{service="checkout",le="0.5"} ${scrape * 3} # {trace_id="${TRACE_ID_32}"} 0.3 ${nowSeconds}`,
    `weft_request_duration_seconds_bucket{service="checkout",le="+Inf"} ${scrape * 4}`,
    `weft_request_duration_seconds_sum{service="checkout"} ${scrape * 1.2}`,
    `weft_request_duration_seconds_count{service="checkout"} ${scrape * 4}`,
    '# TYPE weft_hostile info',
    `weft_hostile_info{path="${openMetricsLabel(HOSTILE_PATH)}"} 1`,
    `weft_hostile_info{path="plain"} 1`,
    '# EOF',
    '',
  ].join('\n');
}

const RULES = `
groups:
  - name: weft-test
    rules:
      - alert: WeftAlwaysFiring
        expr: vector(1)
        for: 0s
        labels:
          severity: info
        annotations:
          summary: always firing
      - record: service:weft_requests:rate1m
        expr: sum by (service) (rate(weft_requests_total[1m]))
`;

let exporter: LoopbackServer;
let prometheus: RunningPrometheus;
let client: PrometheusClient;
let scrapes = 0;

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${prometheus.logs()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  exporter = await startLoopbackServer((_req, res) => {
    scrapes++;
    // This content type makes Prometheus use the OpenMetrics parser, which keeps exemplars.
    res.writeHead(200, { 'Content-Type': 'application/openmetrics-text; version=1.0.0; charset=utf-8' });
    res.end(exposition(scrapes));
  });
  prometheus = await startPrometheus({
    scrapeTargets: [{ job: 'weft-exporter', targets: [exporter.hostPort] }],
    rulesYaml: RULES,
  });
  client = createPrometheusClient({ backend: 'prometheus', url: prometheus.url, timeoutMs: 5000 });
  // Three scrapes give rate() two intervals to work with.
  await eventually('three scrapes', async () => (scrapes >= 3 ? true : undefined));
  await eventually('samples in the head', async () => {
    const result = await client.query('weft_requests_total', Date.now());
    return result.type === 'vector' && result.samples.length > 0 ? result : undefined;
  });
}, 45_000);

afterAll(async () => {
  await prometheus?.stop();
  await exporter?.close();
});

describe('Prometheus client against a real Prometheus', () => {
  it('runs an instant query', async () => {
    const result = await client.query('weft_requests_total', Date.now());
    if (result.type !== 'vector') throw new Error(result.type);
    expect(result.samples).toHaveLength(1);
    expect(result.samples[0].labels).toMatchObject({ __name__: 'weft_requests_total', job: 'weft-exporter', service: 'checkout' });
    expect(result.samples[0].value).toBeGreaterThan(0);
    expect(await client.query('scalar(vector(2) + 1)', Date.now())).toMatchObject({ type: 'scalar', sample: { value: 3 } });
  });

  it('runs a range query whose samples sit on the step grid', async () => {
    const endMs = Date.now();
    const startMs = endMs - 20_000;
    const result = await client.queryRange('rate(weft_requests_total[5s])', startMs, endMs, 1000);
    if (result.type !== 'matrix') throw new Error(result.type);
    expect(result.series).toHaveLength(1);
    const samples = result.series[0].samples;
    expect(samples.length).toBeGreaterThan(0);
    for (const sample of samples) {
      expect((sample.timeMs - startMs) % 1000).toBe(0);
      expect(sample.timeMs).toBeGreaterThanOrEqual(startMs);
      expect(sample.timeMs).toBeLessThanOrEqual(endMs);
    }
    expect(samples.some((s) => s.value > 0)).toBe(true);
  });

  it('keeps NaN and ±Inf that Prometheus computes', async () => {
    const nowMs = Date.now();
    expect(await client.query('vector(0) / 0', nowMs)).toMatchObject({ type: 'vector', samples: [{ value: Number.NaN }] });
    expect(await client.query('scalar(vector(1)) / 0', nowMs)).toMatchObject({ type: 'scalar', sample: { value: Number.POSITIVE_INFINITY } });
    expect(await client.query('-1 / 0', nowMs)).toMatchObject({ type: 'scalar', sample: { value: Number.NEGATIVE_INFINITY } });
  });

  it('finds both exemplars and normalises their trace ids', async () => {
    const exemplars = await eventually('exemplars', async () => {
      const found = await client.queryExemplars('{__name__=~"weft_.*"}', Date.now() - 60_000, Date.now() + 1000);
      const ids = new Set(found.map((e) => e.traceId));
      return ids.has(TRACE_ID_32) && ids.has(TRACE_ID_16.padStart(32, '0')) ? found : undefined;
    });
    const histogram = exemplars.find((e) => e.traceId === TRACE_ID_32);
    expect(histogram).toMatchObject({ labels: { trace_id: TRACE_ID_32 }, value: 0.3, seriesLabels: { le: '0.5', service: 'checkout' } });
    expect(Math.abs((histogram?.timeMs ?? 0) - Date.now())).toBeLessThan(60_000);
    const counter = exemplars.find((e) => e.labels.traceID === TRACE_ID_16);
    expect(counter?.traceId).toBe('000000000000000001e00fff4138673d');
  });

  it('reads no exemplars where the expression selects no series (Prometheus answers 204 No Content)', async () => {
    expect(await client.queryExemplars('vector(1)', Date.now() - 60_000, Date.now())).toEqual([]);
  });

  it('lists series, label names and label values', async () => {
    const endMs = Date.now();
    const startMs = endMs - 60_000;
    const series = await client.series(['weft_request_duration_seconds_bucket'], startMs, endMs);
    expect(series.map((s) => s.le).sort()).toEqual(['+Inf', '0.1', '0.5']);
    expect(await client.labelNames(startMs, endMs)).toEqual(expect.arrayContaining(['__name__', 'job', 'le', 'path', 'service']));
    expect(await client.labelNames(startMs, endMs, { matchers: ['weft_hostile_info'] })).not.toContain('le');
    expect(await client.labelValues('job', startMs, endMs)).toContain('weft-exporter');
    expect(await client.labelValues('path')).toEqual(expect.arrayContaining([HOSTILE_PATH, 'plain']));
  });

  it('matches a hostile label value exactly through the escaper, with = and =~', async () => {
    const exact = await client.query(selector('weft_hostile_info', [{ name: 'path', value: HOSTILE_PATH }]), Date.now());
    expect(exact).toMatchObject({ type: 'vector', samples: [{ labels: { path: HOSTILE_PATH } }] });
    const regex = await client.query(selector('weft_hostile_info', [{ name: 'path', op: '=~', value: escapeRegex(HOSTILE_PATH) }]), Date.now());
    expect(regex.type === 'vector' && regex.samples.map((s) => s.labels.path)).toEqual([HOSTILE_PATH]);
    const negated = await client.query(selector('weft_hostile_info', [{ name: 'path', op: '!=', value: HOSTILE_PATH }]), Date.now());
    expect(negated.type === 'vector' && negated.samples.map((s) => s.labels.path)).toEqual(['plain']);
  });

  it('reports build info and TSDB status', async () => {
    const info = await client.buildInfo();
    expect(info.version).toMatch(/^2\./);
    expect(info.goVersion).toMatch(/^go/);
    const tsdb = await client.tsdbStatus();
    expect(tsdb.headStats?.numSeries).toBeGreaterThan(5);
    expect(tsdb.seriesCountByMetricName.map((n) => n.name)).toContain('weft_request_duration_seconds_bucket');
  });

  it('reports the firing alert and the rules', async () => {
    const alerts = await eventually('a firing alert', async () => {
      const all = await client.alerts();
      return all.some((a) => a.name === 'WeftAlwaysFiring' && a.state === 'firing') ? all : undefined;
    });
    const firing = alerts.find((a) => a.name === 'WeftAlwaysFiring');
    expect(firing).toMatchObject({ source: 'prometheus', labels: { alertname: 'WeftAlwaysFiring', severity: 'info' }, annotations: { summary: 'always firing' }, value: 1 });
    expect(firing?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(Math.abs((firing?.activeAtMs ?? 0) - Date.now())).toBeLessThan(60_000);

    const rules = await client.rules();
    expect(rules.map((r) => `${r.type}:${r.name}`)).toEqual(['alerting:WeftAlwaysFiring', 'recording:service:weft_requests:rate1m']);
    expect(rules[0]).toMatchObject({ group: 'weft-test', query: 'vector(1)', durationSeconds: 0, health: 'ok' });
    expect(await client.rules({ type: 'record' })).toHaveLength(1);
  });

  it('maps a syntax error to bad-request with the parser message', async () => {
    let caught: unknown;
    try {
      await client.query('sum(rate(weft_requests_total[1m])', Date.now());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DatasourceError);
    expect(caught).toMatchObject({ kind: 'bad-request', status: 400 });
    expect((caught as DatasourceError).message).toMatch(/parse error/);
  });

  it('maps a range query over the resolution limit to bad-request', async () => {
    await expect(client.queryRange('up', 0, 86_400_000 * 2, 1000)).rejects.toMatchObject({ kind: 'bad-request', status: 400 });
  });
});
