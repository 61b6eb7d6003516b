import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../../test/helpers/datasource-error';
import { readManifest, startFixtureReplay, type FixtureReplay } from '../../../test/fixtures';
import { startLoopbackServer } from '../../../test/helpers/prometheus';
import { regexAlternation, selector } from '../../query-lang/promql';
import { createPrometheusClient, formatPromStep, formatPromTime, type PrometheusClient } from './client';

// Times of the recorded requests (../shared/fixtures/prometheus/README.md).
const START_MS = 1795302974_000;
const END_MS = 1795303874_000;

let replay: FixtureReplay;
let client: PrometheusClient;

beforeAll(async () => {
  replay = await startFixtureReplay('prometheus');
  client = createPrometheusClient({ backend: 'prometheus', url: replay.url });
});

afterAll(() => replay.close());

function lastRequest() {
  const last = replay.requests.at(-1);
  if (!last) throw new Error('no request');
  return last;
}

describe('formatting', () => {
  it('sends times as float seconds and whole-second steps as durations', () => {
    expect(formatPromTime(1795302974000)).toBe('1795302974');
    expect(formatPromTime(1795302974123)).toBe('1795302974.123');
    expect(formatPromStep(15_000)).toBe('15s');
    expect(formatPromStep(1500)).toBe('1.5');
    expect(() => formatPromStep(0)).toThrow();
    expect(() => formatPromTime(Number.NaN)).toThrow();
  });
});

describe('createPrometheusClient against recorded responses', () => {
  it('POSTs instant queries as a form, like Grafana', async () => {
    const result = await client.query('up', END_MS);
    expect(lastRequest()).toMatchObject({ method: 'POST', contentType: 'application/x-www-form-urlencoded', answeredWith: 'query_post_form.json' });
    expect(result.type).toBe('vector');
    if (result.type === 'vector') expect(result.samples).toHaveLength(5);
  });

  it('runs scalar, string and range-selector instant queries', async () => {
    expect(await client.query('scalar(sum(up))', END_MS)).toEqual({ type: 'scalar', sample: { timeMs: END_MS, value: 4 } });
    expect(await client.query('"hello"', END_MS)).toEqual({ type: 'string', timeMs: END_MS, value: 'hello' });
    expect((await client.query('up{job="prometheus"}[1m]', END_MS)).type).toBe('matrix');
  });

  it('builds the span-metrics query with the escaper and gets the recorded answer', async () => {
    const services = selector('traces_spanmetrics_calls_total', [{ name: 'service', op: '=~', value: regexAlternation(['frontend', 'checkout', 'payment', 'catalog']) }]);
    const result = await client.query(`sum by (service, span_name, status_code) (${services})`, END_MS);
    expect(lastRequest().answeredWith).toBe('query_instant_spanmetrics_calls.json');
    expect(result.type === 'vector' && result.samples.length).toBe(11);
  });

  it('POSTs range queries and returns a step-aligned matrix', async () => {
    const result = await client.queryRange('sum by (handler) (rate(prometheus_http_requests_total[1m]))', START_MS, END_MS, 15_000);
    expect(lastRequest()).toMatchObject({ method: 'POST', answeredWith: 'query_range_matrix.json' });
    if (result.type !== 'matrix') throw new Error(result.type);
    expect(result.series).toHaveLength(18);
    expect(result.series.every((s) => s.samples.every((p) => (p.timeMs - START_MS) % 15_000 === 0))).toBe(true);
  });

  it('keeps NaN in the span-metrics p95 and returns empty matrices empty', async () => {
    const p95 = await client.queryRange('histogram_quantile(0.95, sum by (le, service) (rate(traces_spanmetrics_latency_bucket[1m])))', START_MS, END_MS, 30_000);
    if (p95.type !== 'matrix') throw new Error(p95.type);
    expect(p95.series.find((s) => s.labels.service === 'catalog')?.samples[0].value).toBeNaN();
    expect(await client.queryRange('up{job="does-not-exist"}', START_MS, END_MS, 15_000)).toEqual({ type: 'matrix', series: [] });
  });

  it('maps the recorded 400 bad_data answer to bad-request with the server message', async () => {
    const error = await failure(client.query('sum(rate(up[1m])', END_MS));
    expect(lastRequest().answeredWith).toBe('query_error_bad_syntax.json');
    expect(error.kind).toBe('bad-request');
    expect(error.status).toBe(400);
    expect(error.message).toBe('prometheus answered HTTP 400: invalid parameter "query": 1:17: parse error: unclosed left parenthesis');
  });

  it('reads exemplars with normalised trace ids', async () => {
    const spanmetrics = await client.queryExemplars('traces_spanmetrics_latency_bucket{service=~"frontend|checkout|payment|catalog"}', START_MS, END_MS);
    expect(lastRequest()).toMatchObject({ method: 'GET', answeredWith: 'query_exemplars_spanmetrics.json' });
    expect(spanmetrics.map((e) => e.traceId)).toContain('bd5a131c670a194676bcd097a4eac415');
    const loki = await client.queryExemplars('loki_request_duration_seconds_bucket', START_MS, END_MS);
    expect(loki.map((e) => e.traceId)).toContain('000000000000000001e00fff4138673d');
    expect(await client.queryExemplars('up', START_MS, END_MS)).toEqual([]);
  });

  it('sends every series selector as match[]', async () => {
    const series = await client.series(['up', 'traces_spanmetrics_calls_total{service="checkout"}'], START_MS, END_MS);
    expect(lastRequest().params.filter(([k]) => k === 'match[]')).toHaveLength(2);
    expect(series).toHaveLength(10);
    await expect(client.series([], START_MS, END_MS)).rejects.toMatchObject({ kind: 'bad-request' });
  });

  it('lists label names, optionally restricted by selectors', async () => {
    expect(await client.labelNames(START_MS, END_MS)).toContain('service');
    expect(lastRequest().answeredWith).toBe('labels.json');
    expect(await client.labelNames(START_MS, END_MS, { matchers: ['traces_spanmetrics_calls_total'] })).toContain('span_name');
    expect(lastRequest().answeredWith).toBe('labels_matched.json');
  });

  it('lists label values, with and without a time range', async () => {
    expect(await client.labelValues('job', START_MS, END_MS)).toEqual(['dead-target', 'loki', 'prometheus', 'pyroscope', 'tempo']);
    expect(lastRequest().path).toBe('/api/v1/label/job/values');
    expect(await client.labelValues('__name__')).toContain('up');
    expect(lastRequest().params).toEqual([]);
  });

  it('refuses a label name that would change the URL path, without sending anything', async () => {
    const before = replay.requests.length;
    for (const name of ['../../admin', 'job/values?x=', 'a b', '']) {
      await expect(client.labelValues(name)).rejects.toMatchObject({ kind: 'bad-request' });
    }
    expect(replay.requests.length).toBe(before);
  });

  it('reads alerts and rules', async () => {
    const alerts = await client.alerts();
    expect(alerts.map((a) => a.state)).toEqual(['firing', 'firing', 'pending']);
    expect((await client.rules()).length).toBe(6);
    const alerting = await client.rules({ type: 'alert' });
    expect(lastRequest()).toMatchObject({ params: [['type', 'alert']], answeredWith: 'rules_type_alert.json' });
    expect(alerting.every((r) => r.type === 'alerting')).toBe(true);
  });

  it('reads build info and TSDB status', async () => {
    expect((await client.buildInfo()).version).toBe('2.42.0+ds');
    expect((await client.tsdbStatus()).headStats?.numSeries).toBe(9593);
  });

  it('has been answered with every recorded response it can ask for', () => {
    const notReadByClient = new Set([
      'query_instant_vector.json', // the GET twin of query_post_form.json; parse.test.ts reads it
      'targets.json',
      'targets_metadata.json',
      'metadata.json',
      'status_config.json',
      'status_flags.json',
      'status_runtimeinfo.json',
    ]);
    const answered = new Set(replay.requests.map((r) => r.answeredWith));
    const missing = readManifest('prometheus').map((e) => e.file).filter((file) => !answered.has(file) && !notReadByClient.has(file));
    expect(missing).toEqual([]);
  });

  it('surfaces a request the server does not know as an error, never as empty data', async () => {
    const error = await failure(client.query('up', START_MS));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(418);
  });
});

describe('createPrometheusClient transport', () => {
  it('passes the caller signal and timeout through', async () => {
    const server = await startLoopbackServer(() => {});
    try {
      const slow = createPrometheusClient({ backend: 'prometheus', url: server.url });
      expect((await failure(slow.alerts({ timeoutMs: 100 }))).kind).toBe('timeout');
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 30);
      expect((await failure(slow.query('up', 0, { signal: controller.signal }))).kind).toBe('aborted');
    } finally {
      await server.close();
    }
  });

  it('turns a 200 that is not the documented JSON into bad-response', async () => {
    const server = await startLoopbackServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"NaN?"]}]}}');
    });
    try {
      const broken = createPrometheusClient({ backend: 'prometheus', url: server.url });
      const error = await failure(broken.query('up', 0));
      expect(error.kind).toBe('bad-response');
    } finally {
      await server.close();
    }
  });

  it('retries a range query once on 503 and reports the status after that', async () => {
    let hits = 0;
    const server = await startLoopbackServer((_req, res) => {
      hits++;
      res.writeHead(503, { 'Content-Type': 'application/json' });
      res.end('{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}');
    });
    try {
      const busy = createPrometheusClient({ backend: 'prometheus', url: server.url });
      const error = await failure(busy.queryRange('up', 0, 60_000, 15_000));
      expect(hits).toBe(2);
      expect(error).toMatchObject({ kind: 'http', status: 503, message: 'prometheus answered HTTP 503: query timed out in expression evaluation' });
    } finally {
      await server.close();
    }
  });
});
