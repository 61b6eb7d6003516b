import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, getJson, query, startFakeStack } from './testing/harness';

type Stack = Awaited<ReturnType<typeof startFakeStack>>;
let stack: Stack;
let base: string;
const MIN = 60_000;

beforeAll(async () => {
  stack = await startFakeStack();
  base = stack.urls.prometheus;
});
afterAll(async () => {
  await stack.close();
});

interface VectorData {
  resultType: string;
  result: { metric: Record<string, string>; value: [number, string] }[];
}
interface MatrixData {
  resultType: string;
  result: { metric: Record<string, string>; values: [number, string][] }[];
}

async function promData<T>(path: string, init?: RequestInit): Promise<T> {
  const r = await getJson(base + path, init);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  expect(r.contentType).toBe('application/json');
  const body = r.json as { status: string; data: T };
  expect(body.status).toBe('success');
  return body.data;
}

describe('demo Prometheus: queries', () => {
  it('answers an instant vector with string values and float-second timestamps', async () => {
    const t = stack.nowMs / 1000;
    const data = await promData<VectorData>(
      `/api/v1/query?${query({ query: 'sum by (service) (rate(http_requests_total{code="500"}[5m]))', time: t })}`,
    );
    expect(data.resultType).toBe('vector');
    const byService = Object.fromEntries(data.result.map((r) => [r.metric.service, r]));
    expect(Object.keys(byService).sort()).toEqual(['checkout', 'payment']);
    expect(byService.payment.value[0]).toBe(t);
    expect(typeof byService.payment.value[1]).toBe('string');
    // payment is inside its incident (3 errors/s), checkout at its baseline (0.2/s)
    expect(Number(byService.payment.value[1])).toBeCloseTo(3, 0);
    expect(Number(byService.checkout.value[1])).toBeCloseTo(0.2, 1);
  });

  it('accepts RFC3339 times and duration steps on query_range, and POST forms', async () => {
    const end = new Date(stack.nowMs).toISOString();
    const start = new Date(stack.nowMs - 10 * MIN).toISOString();
    const data = await promData<MatrixData>(`/api/v1/query_range?${query({ query: 'go_goroutines{service="checkout"}', start, end, step: '1m' })}`);
    expect(data.resultType).toBe('matrix');
    expect(data.result).toHaveLength(1);
    expect(data.result[0].values).toHaveLength(11);
    expect(data.result[0].values[0][0]).toBe((stack.nowMs - 10 * MIN) / 1000);

    const form = await promData<MatrixData>('/api/v1/query_range', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: query({ query: 'go_goroutines{service="checkout"}', start: (stack.nowMs - 10 * MIN) / 1000, end: stack.nowMs / 1000, step: 60 }),
    });
    expect(form).toEqual(data);
  });

  it('formats scalars, strings and special float values like Prometheus', async () => {
    const t = stack.nowMs / 1000;
    expect(await promData(`/api/v1/query?${query({ query: 'scalar(vector(4))', time: t })}`)).toEqual({ resultType: 'scalar', result: [t, '4'] });
    expect(await promData(`/api/v1/query?${query({ query: '"hello"', time: t })}`)).toEqual({ resultType: 'string', result: [t, 'hello'] });
    const special = await promData<VectorData>(`/api/v1/query?${query({ query: 'vector(1) / vector(0)', time: t })}`);
    expect(special.result[0].value[1]).toBe('+Inf');
    const nan = await promData<VectorData>(`/api/v1/query?${query({ query: 'vector(0) / vector(0)', time: t })}`);
    expect(nan.result[0].value[1]).toBe('NaN');
  });

  it('returns exemplars that carry trace ids of the fleet', async () => {
    const data = await promData<{ seriesLabels: Record<string, string>; exemplars: { labels: Record<string, string>; value: string; timestamp: number }[] }[]>(
      `/api/v1/query_exemplars?${query({
        query: 'histogram_quantile(0.9, sum by (le) (rate(http_server_request_duration_seconds_bucket{service="payment"}[5m])))',
        start: (stack.nowMs - 10 * MIN) / 1000,
        end: stack.nowMs / 1000,
      })}`,
    );
    expect(data.length).toBeGreaterThan(0);
    for (const entry of data) {
      expect(entry.seriesLabels.__name__).toBe('http_server_request_duration_seconds_bucket');
      expect(entry.seriesLabels.service).toBe('payment');
      for (const e of entry.exemplars) {
        expect(e.labels.trace_id).toMatch(/^[0-9a-f]{32}$/);
        expect(typeof e.value).toBe('string');
        expect(stack.fleet.traces.traceById(e.labels.trace_id)).not.toBeNull();
      }
    }
  });
});

describe('demo Prometheus: exemplar storage', () => {
  it('keeps about a day of exemplars, like a real ring buffer', async () => {
    const old = await promData<unknown[]>(
      `/api/v1/query_exemplars?${query({ query: 'http_server_request_duration_seconds_bucket', start: (stack.nowMs - 3 * 86_400_000) / 1000, end: (stack.nowMs - 2 * 86_400_000) / 1000 })}`,
    );
    expect(old).toEqual([]);
  });
});

describe('demo Prometheus: errors in Prometheus format', () => {
  async function expectError(path: string, status: number, errorType: string, message: RegExp, init?: RequestInit) {
    const r = await getJson(base + path, init);
    expect(r.status).toBe(status);
    expect(r.json).toMatchObject({ status: 'error', errorType });
    expect((r.json as { error: string }).error).toMatch(message);
  }

  it('rejects bad PromQL as bad_data 400', async () => {
    await expectError(`/api/v1/query?${query({ query: 'sum(rate(up[1m])' })}`, 400, 'bad_data', /^invalid parameter "query": 1:\d+: parse error/);
    await expectError(`/api/v1/query?${query({ query: '' })}`, 400, 'bad_data', /no expression found/);
  });

  it('validates range parameters with Prometheus messages', async () => {
    await expectError(`/api/v1/query_range?${query({ query: 'up', end: 10, step: 1 })}`, 400, 'bad_data', /^invalid parameter "start": cannot parse "" to a valid timestamp$/);
    await expectError(`/api/v1/query_range?${query({ query: 'up', start: 100, end: 10, step: 1 })}`, 400, 'bad_data', /end timestamp must not be before start time/);
    await expectError(`/api/v1/query_range?${query({ query: 'up', start: 0, end: 10, step: 0 })}`, 400, 'bad_data', /zero or negative query resolution/);
    await expectError(`/api/v1/query_range?${query({ query: 'up', start: 0, end: 100000, step: 1 })}`, 400, 'bad_data', /exceeded maximum resolution of 11,000 points/);
    await expectError(`/api/v1/query_range?${query({ query: 'up', start: 0, end: 10, step: 'abc' })}`, 400, 'bad_data', /^invalid parameter "step": cannot parse "abc" to a valid duration$/);
    await expectError(`/api/v1/query?${query({ query: 'up', time: 'yesterday' })}`, 400, 'bad_data', /^invalid parameter "time"/);
  });

  it('requires match[] on /series and valid label names', async () => {
    await expectError('/api/v1/series', 400, 'bad_data', /no match\[\] parameter provided/);
    await expectError(`/api/v1/series?${query({ 'match[]': '{job=""}' })}`, 400, 'bad_data', /at least one non-empty matcher/);
    await expectError('/api/v1/label/bad-name/values', 400, 'bad_data', /invalid label name/);
    await expectError(`/api/v1/rules?type=bogus`, 400, 'bad_data', /^invalid parameter "type": not supported value "bogus"$/);
  });

  it('limits request bodies and answers unknown paths with 404', async () => {
    await expectError('/api/v1/query', 413, 'bad_data', /larger than/, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'query=' + 'x'.repeat(2 * 1024 * 1024),
    });
    const r = await get(base + '/api/v1/nope');
    expect(r.status).toBe(404);
    expect(r.body).toBe('404 page not found\n');
  });
});

describe('demo Prometheus: metadata endpoints', () => {
  it('lists series, label names and values', async () => {
    const series = await promData<Record<string, string>[]>(`/api/v1/series?${query({ 'match[]': ['go_goroutines', 'http_requests_total{service="payment"}'] })}`);
    expect(series).toHaveLength(4);
    expect(series.every((s) => s.__name__ === 'go_goroutines' || s.service === 'payment')).toBe(true);
    const labels = await promData<string[]>('/api/v1/labels');
    expect(labels).toEqual(expect.arrayContaining(['__name__', 'code', 'job', 'le', 'service', 'alertname']));
    expect(await promData<string[]>(`/api/v1/labels?${query({ 'match[]': 'go_goroutines' })}`)).toEqual(['__name__', 'job', 'service']);
    expect(await promData<string[]>('/api/v1/label/service/values')).toEqual(['checkout', 'payment']);
    expect(await promData<string[]>('/api/v1/label/__name__/values')).toEqual(expect.arrayContaining(['ALERTS', 'go_goroutines', 'http_requests_total']));
  });

  it('describes metric families in /api/v1/metadata', async () => {
    const data = await promData<Record<string, { type: string; help: string; unit: string }[]>>('/api/v1/metadata');
    expect(data.http_requests_total[0].type).toBe('counter');
    expect(data.http_server_request_duration_seconds_bucket[0].type).toBe('histogram');
    expect(data.go_goroutines[0]).toEqual({ type: 'gauge', help: 'Number of goroutines that currently exist.', unit: '' });
    expect(Object.keys(await promData(`/api/v1/metadata?limit=2`))).toHaveLength(2);
  });

  it('serves buildinfo, tsdb status and readiness', async () => {
    expect(await promData<{ version: string }>('/api/v1/status/buildinfo')).toMatchObject({ version: '2.42.0' });
    const tsdb = await promData<{ headStats: { numSeries: number }; seriesCountByMetricName: { name: string; value: number }[] }>('/api/v1/status/tsdb');
    expect(tsdb.headStats.numSeries).toBe(24);
    expect(tsdb.seriesCountByMetricName[0]).toEqual({ name: 'http_server_request_duration_seconds_bucket', value: 14 });
    expect((await get(base + '/-/ready')).status).toBe(200);
    expect((await get(base + '/-/healthy')).body).toBe('Prometheus Server is Healthy.\n');
  });
});

describe('demo Prometheus: alerts follow the incident schedule', () => {
  interface PromAlert {
    labels: Record<string, string>;
    annotations: Record<string, string>;
    state: string;
    activeAt: string;
    value: string;
  }

  it('fires the alert of the ongoing incident with activeAt inside it', async () => {
    const data = await promData<{ alerts: PromAlert[] }>('/api/v1/alerts');
    const incident = stack.fleet.incidents[1];
    const high = data.alerts.find((a) => a.labels.alertname === 'PaymentErrorsHigh');
    expect(high).toBeDefined();
    expect(high?.state).toBe('firing');
    expect(high?.labels).toEqual({ alertname: 'PaymentErrorsHigh', service: 'payment', severity: 'critical', team: 'payments' });
    expect(high?.annotations.summary).toBe('High 5xx rate on payment');
    const activeAtMs = Date.parse(high?.activeAt ?? '');
    // rate over 5m crosses 1/s within the first two minutes of the incident
    expect(activeAtMs).toBeGreaterThanOrEqual(incident.startMs);
    expect(activeAtMs).toBeLessThanOrEqual(incident.startMs + 3 * MIN);
    expect(high?.value).toMatch(/^\d(\.\d+)?e\+00$/);
    expect(data.alerts.every((a) => a.labels.service === 'payment')).toBe(true);
  });

  it('lists rules with state, health and evaluation times', async () => {
    const data = await promData<{ groups: { name: string; interval: number; rules: Record<string, unknown>[] }[] }>('/api/v1/rules?type=alert');
    expect(data.groups).toHaveLength(1);
    expect(data.groups[0]).toMatchObject({ name: 'shop-slo', interval: 60 });
    const rule = data.groups[0].rules[0];
    expect(rule).toMatchObject({ name: 'PaymentErrorsHigh', state: 'firing', health: 'ok', type: 'alerting', duration: 300, keepFiringFor: 0 });
    expect(rule.lastEvaluation).toBe(new Date(stack.nowMs).toISOString().replace('.000Z', 'Z'));
    expect(typeof rule.evaluationTime).toBe('number');
    expect(await promData('/api/v1/rules?type=record')).toEqual({ groups: [] });
  });

  it('makes ALERTS history queryable: both incidents, nothing in between', async () => {
    const data = await promData<MatrixData>(
      `/api/v1/query_range?${query({
        query: 'ALERTS{alertname="PaymentErrorsHigh", alertstate="firing"}',
        start: (stack.nowMs - 3 * 60 * MIN) / 1000,
        end: stack.nowMs / 1000,
        step: 60,
      })}`,
    );
    expect(data.result).toHaveLength(1);
    expect(data.result[0].metric).toMatchObject({ __name__: 'ALERTS', alertname: 'PaymentErrorsHigh', alertstate: 'firing', service: 'payment' });
    const times = data.result[0].values.map(([t]) => t * 1000);
    const [first, second] = stack.fleet.incidents;
    const inFirst = times.filter((t) => t >= first.startMs && t <= first.endMs + 10 * MIN);
    const inSecond = times.filter((t) => t >= second.startMs);
    expect(inFirst.length).toBeGreaterThan(15);
    expect(inSecond.length).toBeGreaterThan(10);
    expect(times.filter((t) => t > first.endMs + 10 * MIN && t < second.startMs)).toEqual([]);
    // firing starts only once the rule's `for: 5m` has passed
    expect(Math.min(...inFirst)).toBeGreaterThanOrEqual(first.startMs + 5 * MIN);

    const forState = await promData<VectorData>(
      `/api/v1/query?${query({ query: 'ALERTS_FOR_STATE{alertname="PaymentErrorsHigh"}', time: stack.nowMs / 1000 })}`,
    );
    const alerts = await promData<{ alerts: PromAlert[] }>('/api/v1/alerts');
    const activeAt = alerts.alerts.find((a) => a.labels.alertname === 'PaymentErrorsHigh')?.activeAt ?? '';
    expect(Number(forState.result[0].value[1]) * 1000).toBe(Date.parse(activeAt));
  });
});

describe('demo Prometheus: OpenMetrics', () => {
  it('exposes the store on /metrics with TYPE/HELP, cumulative counters, exemplars and EOF', async () => {
    const r = await get(base + '/metrics');
    expect(r.status).toBe(200);
    expect(r.contentType).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    const lines = r.body.split('\n');
    expect(lines.at(-2)).toBe('# EOF');
    expect(lines).toContain('# TYPE http_requests counter');
    expect(lines).toContain('# TYPE http_server_request_duration_seconds histogram');
    expect(lines).toContain('# TYPE go_goroutines gauge');
    expect(r.body).not.toContain('ALERTS');
    // the counter at scrape time equals the store's latest raw sample
    const [series] = stack.fleet.metrics.select(
      [
        { name: '__name__', type: '=', value: 'http_requests_total' },
        { name: 'service', type: '=', value: 'checkout' },
        { name: 'code', type: '=', value: '200' },
      ],
      stack.nowMs - 60_000,
      stack.nowMs,
    );
    expect(lines).toContain(`http_requests_total{code="200",job="shop",service="checkout"} ${series.values.at(-1)}`);
    const bucketWithExemplar = lines.find((l) => l.startsWith('http_server_request_duration_seconds_bucket') && l.includes(' # {'));
    expect(bucketWithExemplar).toMatch(/^http_server_request_duration_seconds_bucket\{job="shop",service="\w+",le="[^"]+"\} \d+ # \{trace_id="[0-9a-f]{32}",span_id="[0-9a-f]{16}"\} [\d.]+ \d+(\.\d+)?$/);
    // buckets of one series are in le order, +Inf last, then _count and _sum
    const payment = lines.filter((l) => l.startsWith('http_server_request_duration_seconds') && l.includes('service="payment"'));
    expect(payment.map((l) => /le="([^"]+)"/.exec(l)?.[1] ?? l.split('{')[0])).toEqual([
      '0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf',
      'http_server_request_duration_seconds_count',
      'http_server_request_duration_seconds_sum',
    ]);
  });

  it('exports history as timestamped OpenMetrics', async () => {
    const r = await get(
      base + `/api/v1/export/openmetrics?${query({ start: (stack.nowMs - 5 * MIN) / 1000, end: stack.nowMs / 1000, step: '1m', 'match[]': 'go_goroutines' })}`,
    );
    expect(r.status).toBe(200);
    const lines = r.body.trim().split('\n');
    expect(lines[0]).toBe('# TYPE go_goroutines gauge');
    expect(lines.at(-1)).toBe('# EOF');
    const samples = lines.filter((l) => !l.startsWith('#'));
    expect(samples).toHaveLength(2 * 6);
    const checkout = samples.filter((l) => l.includes('checkout')).map((l) => Number(l.split(' ')[2]));
    expect(checkout).toEqual([0, 1, 2, 3, 4, 5].map((i) => (stack.nowMs - 5 * MIN + i * MIN) / 1000));
  });
});
