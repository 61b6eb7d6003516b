import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAttime } from './pyroscope';
import { get, getJson, query, startFakeStack } from './testing/harness';

type Stack = Awaited<ReturnType<typeof startFakeStack>>;
let stack: Stack;
let base: string;
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';

beforeAll(async () => {
  stack = await startFakeStack();
  base = stack.urls.pyroscope;
});
afterAll(async () => {
  await stack.close();
});

async function rpc(method: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await getJson(`${base}/querier.v1.QuerierService/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: r.json as Record<string, unknown> };
}

interface FlameGraphJson {
  names: string[];
  levels: { values: string[] }[];
  total?: string;
  maxSelf?: string;
}

describe('parseAttime', () => {
  it('reads now-relative, unix seconds/ms and RFC3339 times', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(parseAttime('now', now, 0)).toBe(now);
    expect(parseAttime('now-1h', now, 0)).toBe(now - 3_600_000);
    expect(parseAttime('now-15m', now, 0)).toBe(now - 900_000);
    expect(parseAttime('1700000000', now, 0)).toBe(1_700_000_000_000);
    expect(parseAttime('1700000000123', now, 0)).toBe(1_700_000_000_123);
    expect(parseAttime('2026-01-01T00:00:00Z', now, 0)).toBe(now);
    expect(parseAttime(undefined, now, 42)).toBe(42);
    expect(() => parseAttime('yesterday', now, 0)).toThrow(/invalid time/);
  });
});

describe('demo Pyroscope: Connect RPCs', () => {
  it('lists profile types, label names and values', async () => {
    const types = await rpc('ProfileTypes', {});
    expect(types.status).toBe(200);
    expect(types.json.profileTypes).toEqual([
      { ID: 'memory:alloc_space:bytes:space:bytes', name: 'memory', sampleType: 'alloc_space', sampleUnit: 'bytes', periodType: 'space', periodUnit: 'bytes' },
      { ID: CPU, name: 'process_cpu', sampleType: 'cpu', sampleUnit: 'nanoseconds', periodType: 'cpu', periodUnit: 'nanoseconds' },
    ]);
    const names = (await rpc('LabelNames', {})).json.names as string[];
    expect(names).toEqual(expect.arrayContaining(['__name__', '__profile_type__', '__service_name__', 'service_name']));
    expect(names).toEqual([...names].sort());
    expect((await rpc('LabelValues', { name: 'service_name' })).json).toEqual({ names: ['checkout', 'payment'] });
    expect((await rpc('LabelValues', { name: 'service_name', matchers: ['{service_name="payment"}'] })).json).toEqual({ names: ['payment'] });
    expect((await rpc('LabelValues', { name: '__profile_type__', matchers: ['{service_name="payment"}'] })).json).toEqual({
      names: ['memory:alloc_space:bytes:space:bytes', CPU],
    });
  });

  it('lists series label sets, projected on labelNames', async () => {
    const all = (await rpc('Series', { matchers: ['{service_name=~"checkout|payment"}'] })).json.labelsSet as { labels: { name: string; value: string }[] }[];
    expect(all).toHaveLength(4);
    const first = Object.fromEntries(all[0].labels.map((l) => [l.name, l.value]));
    expect(first).toMatchObject({ __profile_type__: expect.any(String), __service_name__: first.service_name, __name__: expect.any(String) });
    const projected = (await rpc('Series', { matchers: ['{service_name="checkout"}'], labelNames: ['service_name', '__profile_type__'] })).json;
    expect(projected).toEqual({
      labelsSet: [
        { labels: [{ name: '__profile_type__', value: 'memory:alloc_space:bytes:space:bytes' }, { name: 'service_name', value: 'checkout' }] },
        { labels: [{ name: '__profile_type__', value: CPU }, { name: 'service_name', value: 'checkout' }] },
      ],
    });
  });

  it('merges stacks into a flame graph with int64 strings', async () => {
    const start = stack.nowMs - 3_600_000;
    const r = await rpc('SelectMergeStacktraces', { profileTypeID: CPU, labelSelector: '{service_name="payment"}', start: String(start), end: stack.nowMs });
    expect(r.status).toBe(200);
    const fg = r.json.flamegraph as FlameGraphJson;
    expect(fg.names[0]).toBe('total');
    expect(fg.names).toContain('crypto/rsa.SignPKCS1v15');
    expect(fg.levels.every((l) => l.values.length % 4 === 0 && l.values.every((v) => /^\d+$/.test(v)))).toBe(true);
    const expectedTotal = stack.fleet.profiles
      .select(CPU, [{ name: 'service_name', type: '=', value: 'payment' }], start, stack.nowMs)
      .reduce((sum, s) => sum + s.value, 0);
    expect(fg.total).toBe(String(expectedTotal));
    expect(fg.levels[0].values).toEqual(['0', String(expectedTotal), '0', '0']);
  });

  it('prunes to maxNodes with "other" and answers empty selections like Pyroscope', async () => {
    const pruned = (await rpc('SelectMergeStacktraces', { profileTypeID: CPU, labelSelector: '{}', maxNodes: 3 })).json.flamegraph as FlameGraphJson;
    expect(pruned.names).toContain('other');
    expect((await rpc('SelectMergeStacktraces', { profileTypeID: CPU, labelSelector: '{service_name="nope"}' })).json).toEqual({
      flamegraph: { names: ['total'], levels: [{ values: ['0', '0', '0', '0'] }] },
    });
  });

  it('answers span profiles and checks span ids', async () => {
    const ok = await rpc('SelectMergeSpanProfile', { profileTypeID: CPU, labelSelector: '{service_name="payment"}', spanSelector: ['0123456789abcdef'] });
    expect(ok.status).toBe(200);
    expect((ok.json.flamegraph as FlameGraphJson).names[0]).toBe('total');
    const bad = await rpc('SelectMergeSpanProfile', { profileTypeID: CPU, labelSelector: '{}', spanSelector: ['xyz'] });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('invalid_argument');
  });

  it('answers SelectSeries with double values and string timestamps', async () => {
    const r = await rpc('SelectSeries', {
      profileTypeID: CPU,
      labelSelector: '{}',
      start: stack.nowMs - 600_000,
      end: stack.nowMs,
      groupBy: ['service_name'],
      step: 60,
    });
    const series = r.json.series as { labels: { name: string; value: string }[]; points: { value: number; timestamp: string }[] }[];
    expect(series.map((s) => s.labels)).toEqual([[{ name: 'service_name', value: 'checkout' }], [{ name: 'service_name', value: 'payment' }]]);
    expect(series[0].points).toHaveLength(10);
    expect(typeof series[0].points[0].value).toBe('number');
    expect(series[0].points[0].timestamp).toBe(String(stack.nowMs - 600_000));
  });

  it('reports errors as Connect JSON, with Pyroscope 1.0 nested querier messages', async () => {
    const bad = await rpc('SelectMergeStacktraces', { profileTypeID: CPU, labelSelector: '{service_name=', start: 1, end: 2 });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('invalid_argument');
    const inner = JSON.parse(bad.json.message as string) as { code: string; message: string };
    expect(inner.code).toBe('invalid_argument');
    expect(inner.message).toMatch(/parse error/);
    const badType = await rpc('SelectMergeStacktraces', { profileTypeID: 'cpu', labelSelector: '{}' });
    expect(badType.status).toBe(400);
    const badJson = await getJson(`${base}/querier.v1.QuerierService/ProfileTypes`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' });
    expect(badJson.status).toBe(400);
    expect((badJson.json as { code: string }).code).toBe('invalid_argument');
    const wrongType = await get(`${base}/querier.v1.QuerierService/ProfileTypes`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' });
    expect(wrongType.status).toBe(415);
    expect((await get(`${base}/querier.v1.QuerierService/ProfileTypes`)).status).toBe(405);
    expect((await get(`${base}/querier.v1.QuerierService/Nope`, { method: 'POST' })).status).toBe(404);
  });
});

describe('demo Pyroscope: legacy HTTP API', () => {
  it('renders a flamebearer with numbers and a 10 s timeline', async () => {
    const r = await getJson(`${base}/pyroscope/render?${query({ query: `${CPU}{service_name="checkout"}`, from: 'now-1h', until: 'now', format: 'json' })}`);
    expect(r.status).toBe(200);
    const body = r.json as {
      version: number;
      flamebearer: { names: string[]; levels: number[][]; numTicks: number; maxSelf: number };
      metadata: Record<string, unknown>;
      timeline: { startTime: number; samples: number[]; durationDelta: number; watermarks: null };
      groups: null;
      heatmap: null;
    };
    expect(Object.keys(body).sort()).toEqual(['flamebearer', 'groups', 'heatmap', 'metadata', 'timeline', 'version']);
    expect(body.flamebearer.levels[0]).toEqual([0, body.flamebearer.numTicks, 0, 0]);
    expect(body.metadata).toEqual({ format: 'single', spyName: '', sampleRate: 1_000_000_000, units: 'samples', name: 'cpu' });
    expect(body.timeline.durationDelta).toBe(10);
    expect(body.timeline.samples).toHaveLength(360);
    expect(body.timeline.startTime).toBe((stack.nowMs - 3_600_000) / 1000);
    expect(body.timeline.samples.reduce((a, b) => a + b, 0)).toBe(body.flamebearer.numTicks);
  });

  it('requires a query, like Pyroscope', async () => {
    const r = await get(`${base}/pyroscope/render?from=now-1h&until=now`);
    expect(r.status).toBe(400);
    expect(r.body).toBe("'query' is required\n");
  });

  it('mirrors 1.0 label-values, buildinfo and readiness', async () => {
    expect((await getJson(`${base}/pyroscope/label-values?label=__name__`)).json).toEqual(['memory:alloc_space:bytes:space:bytes', CPU]);
    expect((await getJson(`${base}/pyroscope/label-values?label=service_name`)).json).toBeNull();
    expect((await getJson(`${base}/api/v1/status/buildinfo`)).json).toMatchObject({ status: 'success', data: { version: '1.0.0' } });
    expect((await get(`${base}/ready`)).body).toBe('ready');
  });
});
