import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLokiTime } from './loki';
import { get, getJson, query, startFakeStack } from './testing/harness';

type Stack = Awaited<ReturnType<typeof startFakeStack>>;
let stack: Stack;
let base: string;
const MIN = 60_000;
const ns = (ms: number) => String(BigInt(ms) * 1_000_000n);

beforeAll(async () => {
  stack = await startFakeStack();
  base = stack.urls.loki;
});
afterAll(async () => {
  await stack.close();
});

interface StreamsData {
  resultType: 'streams';
  result: { stream: Record<string, string>; values: [string, string][] }[];
  stats: { summary: { totalEntriesReturned: number; totalLinesProcessed: number; execTime: number } };
}

async function lokiData<T>(path: string): Promise<T> {
  const r = await getJson(base + path);
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  const body = r.json as { status: string; data: T };
  expect(body.status).toBe('success');
  return body.data;
}

describe('parseLokiTime', () => {
  it('reads ns, s, float seconds and RFC3339 like Loki', () => {
    expect(parseLokiTime('1795300275000000000', 0n)).toBe(1795300275000000000n);
    expect(parseLokiTime('1795300275', 0n)).toBe(1795300275000000000n);
    expect(parseLokiTime('1795300275.5', 0n)).toBe(1795300275500000000n);
    expect(parseLokiTime('2026-11-21T23:31:15.123456789Z', 0n)).toBe(1795303875123456789n);
    expect(parseLokiTime(undefined, 7n)).toBe(7n);
    expect(() => parseLokiTime('soon', 0n)).toThrow('strconv.ParseInt: parsing "soon": invalid syntax');
  });
});

describe('demo Loki: log queries', () => {
  it('returns streams with ns string timestamps, newest first by default, and a stats block', async () => {
    const data = await lokiData<StreamsData>(
      `/loki/api/v1/query_range?${query({ query: '{service="payment"}', limit: 5, start: ns(stack.nowMs - 30 * MIN), end: ns(stack.nowMs) })}`,
    );
    expect(data.resultType).toBe('streams');
    const entries = data.result.flatMap((s) => s.values);
    expect(entries).toHaveLength(5);
    for (const s of data.result) {
      expect(s.stream.service).toBe('payment');
      const times = s.values.map(([t]) => BigInt(t));
      expect(times).toEqual([...times].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
      for (const [t] of s.values) expect(t).toMatch(/^\d{19}$/);
    }
    expect(data.stats.summary.totalEntriesReturned).toBe(5);
    expect(Object.keys(data.stats).sort()).toEqual(['cache', 'ingester', 'querier', 'summary']);
  });

  it('finds a trace id in the lines and honours direction=forward', async () => {
    const minute = Math.floor((stack.nowMs - 10 * MIN) / MIN) * MIN;
    const trace = [...stack.fleet.traces.tracesInRange(BigInt(minute) * 1_000_000n, BigInt(minute + MIN) * 1_000_000n)][0];
    const data = await lokiData<StreamsData>(
      `/loki/api/v1/query_range?${query({ query: `{job="shop"} |= "${trace.traceId}"`, start: ns(stack.nowMs - 60 * MIN), end: ns(stack.nowMs) })}`,
    );
    expect(data.result.flatMap((s) => s.values.map(([, line]) => JSON.parse(line).trace_id))).toEqual([trace.traceId]);
    const forward = await lokiData<StreamsData>(
      `/loki/api/v1/query_range?${query({ query: '{service="checkout"}', direction: 'forward', limit: 3, start: ns(stack.nowMs - 60 * MIN), end: ns(stack.nowMs) })}`,
    );
    const times = forward.result.flatMap((s) => s.values.map(([t]) => BigInt(t)));
    expect(times).toHaveLength(3);
    expect(times).toEqual([...times].sort((a, b) => (a < b ? -1 : 1)));
    expect(Number(times[0] / 1_000_000n)).toBeLessThan(stack.nowMs - 55 * MIN);
  });
});

describe('demo Loki: metric queries', () => {
  it('answers a range metric query as a matrix with string values', async () => {
    const data = await lokiData<{ resultType: string; result: { metric: Record<string, string>; values: [number, string][] }[] }>(
      `/loki/api/v1/query_range?${query({ query: 'sum by (level) (count_over_time({service="payment"}[1m]))', step: 60, start: ns(stack.nowMs - 10 * MIN), end: ns(stack.nowMs) })}`,
    );
    expect(data.resultType).toBe('matrix');
    const levels = Object.fromEntries(data.result.map((s) => [s.metric.level, s.values]));
    // the incident is on for the last 20 minutes: payment logs errors only
    expect(Object.keys(levels)).toEqual(['error']);
    expect(levels.error[0]).toEqual([(stack.nowMs - 10 * MIN) / 1000, '1']);
  });

  it('answers an instant metric query as a vector', async () => {
    const data = await lokiData<{ resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] }>(
      `/loki/api/v1/query?${query({ query: 'sum(count_over_time({job="shop"}[10m]))', time: ns(stack.nowMs) })}`,
    );
    expect(data.resultType).toBe('vector');
    expect(data.result[0].value).toEqual([stack.nowMs / 1000, '20']);
  });

  it('aligns range metric queries to the step, like the query frontend', async () => {
    const data = await lokiData<{ result: { values: [number, string][] }[] }>(
      `/loki/api/v1/query_range?${query({ query: 'sum(count_over_time({job="shop"}[5m]))', step: 120, start: ns(stack.nowMs - 10 * MIN - 30_000), end: ns(stack.nowMs - 30_000) })}`,
    );
    const times = data.result[0].values.map(([t]) => t * 1000);
    expect(times[0]).toBe(stack.nowMs - 12 * MIN);
    expect(times.at(-1)).toBe(stack.nowMs);
    expect(times.every((t) => t % 120_000 === 0)).toBe(true);
  });

  it('chooses a default step like Loki (range / 250, at least 1 s)', async () => {
    const data = await lokiData<{ result: { values: [number, string][] }[] }>(
      `/loki/api/v1/query_range?${query({ query: 'sum(count_over_time({job="shop"}[5m]))', start: ns(stack.nowMs - 250 * MIN), end: ns(stack.nowMs) })}`,
    );
    const times = data.result[0].values.map(([t]) => t);
    expect(times[1] - times[0]).toBe(60);
  });
});

describe('demo Loki: errors like Loki 2.8', () => {
  async function expectError(path: string, message: RegExp) {
    const r = await get(base + path);
    expect(r.status).toBe(400);
    expect(r.contentType).toBe('application/json; charset=UTF-8');
    expect(r.body).toMatch(message);
    expect(() => JSON.parse(r.body)).toThrow();
  }

  it('rejects bad LogQL with a plain-text body', async () => {
    await expectError(`/loki/api/v1/query_range?${query({ query: '{job="shop"' })}`, /^parse error at line 1, col 12/);
  });

  it('rejects ranges over the query length limit', async () => {
    await expectError(
      `/loki/api/v1/query_range?${query({ query: '{job="shop"}', start: ns(stack.nowMs - 32 * 86_400_000), end: ns(stack.nowMs) })}`,
      /^the query time range exceeds the limit \(query length: 768h0m0s, limit: 721h0m0s\)$/,
    );
  });

  it('validates limit, direction, times and step', async () => {
    await expectError(`/loki/api/v1/query_range?${query({ query: '{job="shop"}', limit: 10000 })}`, /max entries limit per query exceeded, limit > max_entries_limit \(10000 > 5000\)/);
    await expectError(`/loki/api/v1/query_range?${query({ query: '{job="shop"}', direction: 'sideways' })}`, /invalid direction/);
    await expectError(`/loki/api/v1/query_range?${query({ query: '{job="shop"}', start: 'later' })}`, /invalid syntax/);
    await expectError(`/loki/api/v1/query_range?${query({ query: '{job="shop"}', start: ns(stack.nowMs), end: ns(stack.nowMs - MIN) })}`, /end timestamp must not be before/);
    await expectError(
      `/loki/api/v1/query_range?${query({ query: 'count_over_time({job="shop"}[1m])', step: '1ms', start: ns(stack.nowMs - 60 * MIN), end: ns(stack.nowMs) })}`,
      /exceeded maximum resolution of 11,000 points/,
    );
    await expectError(`/loki/api/v1/query_range?${query({ query: '' })}`, /parse error/);
  });
});

describe('demo Loki: labels, series, stats, status', () => {
  it('lists labels, values and series', async () => {
    expect(await lokiData<string[]>('/loki/api/v1/labels')).toEqual(['job', 'level', 'service']);
    expect(await lokiData<string[]>('/loki/api/v1/label/service/values')).toEqual(['checkout', 'payment']);
    expect(await lokiData<string[]>(`/loki/api/v1/label/level/values?${query({ query: '{service="payment"}' })}`)).toEqual(['error', 'info']);
    const series = await lokiData<Record<string, string>[]>(`/loki/api/v1/series?${query({ 'match[]': ['{service="payment"}', '{level="error"}'] })}`);
    expect(series).toEqual(
      expect.arrayContaining([
        { job: 'shop', level: 'info', service: 'payment' },
        { job: 'shop', level: 'error', service: 'payment' },
      ]),
    );
    expect(series.every((s) => s.service === 'payment' || s.level === 'error')).toBe(true);
    const bad = await get(`${base}/loki/api/v1/series?${query({ 'match[]': '{service="payment"} |= "x"' })}`);
    expect(bad.status).toBe(400);
  });

  it('answers index stats with counts of streams, chunks, entries and bytes', async () => {
    const r = await getJson(`${base}/loki/api/v1/index/stats?${query({ query: '{service="checkout"}', start: ns(stack.nowMs - 10 * MIN), end: ns(stack.nowMs) })}`);
    expect(r.status).toBe(200);
    const stats = r.json as { streams: number; chunks: number; bytes: number; entries: number };
    expect(stats.streams).toBe(1);
    expect(stats.entries).toBe(10);
    expect(stats.bytes).toBeGreaterThan(10 * 50);
    expect(stats.chunks).toBeGreaterThanOrEqual(1);
  });

  it('serves buildinfo and readiness', async () => {
    expect((await getJson(`${base}/loki/api/v1/status/buildinfo`)).json).toMatchObject({ version: '2.8.0' });
    expect((await get(`${base}/ready`)).body).toBe('ready\n');
    expect((await get(`${base}/loki/api/v1/index/volume`)).status).toBe(404);
  });
});
