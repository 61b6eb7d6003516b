import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../../test/helpers/datasource-error';
import { readFixture, readManifest, startFixtureReplay, type FixtureReplay } from '../../../test/fixtures';
import { startLoopbackServer, type LoopbackServer } from '../../../test/helpers/prometheus';
import { DatasourceError } from '../errors';
import { createPyroscopeClient, profileQuery, toLabelSelector, type PyroscopeClient } from './client';

// Times of the recorded Connect requests (../shared/fixtures/pyroscope/README.md).
const START_MS = 1795300275000;
const END_MS = 1795303935000;
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';

let replay: FixtureReplay;
let client: PyroscopeClient;

beforeAll(async () => {
  // The recorded render calls used relative times (now-1h); ours are absolute, so those are not compared.
  replay = await startFixtureReplay('pyroscope', { ignoreParams: ['from', 'until'] });
  client = createPyroscopeClient({ backend: 'pyroscope', url: replay.url, tenant: 'team-a' });
});

afterAll(() => replay.close());

function last() {
  const request = replay.requests.at(-1);
  if (!request) throw new Error('no request');
  return request;
}

/** A server answering every request with one body; records what it received. */
async function oneAnswer(status: number, contentType: string, body: string) {
  const received: { path: string; body: string; contentType?: string }[] = [];
  const server: LoopbackServer = await startLoopbackServer((req, res, text) => {
    received.push({ path: req.url ?? '', body: text, contentType: req.headers['content-type'] });
    res.writeHead(status, { 'Content-Type': contentType });
    res.end(body);
  });
  return { server, received, client: createPyroscopeClient({ backend: 'pyroscope', url: server.url }) };
}

describe('selectors', () => {
  it('builds escaped selectors from matchers and checks given ones', () => {
    expect(toLabelSelector([{ name: 'service_name', value: 'check"out' }])).toBe('{service_name="check\\"out"}');
    expect(toLabelSelector('{}')).toBe('{}');
    expect(() => toLabelSelector('{service_name=')).toThrow(DatasourceError);
    expect(() => toLabelSelector([{ name: 'bad name', value: 'x' }])).toThrow(/Invalid label name/);
    expect(profileQuery(CPU, [{ name: 'service_name', value: 'loki' }])).toBe(`${CPU}{service_name="loki"}`);
    expect(() => profileQuery('cpu"}', [])).toThrow(/Invalid profile type/);
  });
});

describe('createPyroscopeClient against recorded responses', () => {
  it('POSTs Connect JSON with the tenant header', async () => {
    const types = await client.profileTypes();
    expect(types.map((t) => t.id)).toContain(CPU);
    expect(last()).toMatchObject({ method: 'POST', path: '/querier.v1.QuerierService/ProfileTypes', contentType: 'application/json', json: {}, answeredWith: 'connect_ProfileTypes.json' });
    expect(last().headers['x-scope-orgid']).toBe('team-a');
  });

  it('lists label names and values, with matchers built from specs', async () => {
    expect(await client.labelNames()).toContain('service_name');
    expect(last().answeredWith).toBe('connect_LabelNames.json');
    expect(await client.labelNames([[{ name: 'service_name', value: 'checkout' }]])).not.toContain('target');
    expect(last()).toMatchObject({ json: { matchers: ['{service_name="checkout"}'] }, answeredWith: 'connect_LabelNames_matchers.json' });
    expect(await client.labelValues('service_name')).toEqual(['checkout', 'loki', 'pyroscope', 'tempo']);
    expect(await client.labelValues('env', ['{service_name="checkout"}'])).toEqual(['realstack']);
    expect(last().answeredWith).toBe('connect_LabelValues_env.json');
  });

  it('sends a time range on label queries only when asked', async () => {
    await failure(client.labelNames(undefined, { range: { startMs: START_MS, endMs: END_MS } }));
    expect(last().json).toEqual({ start: START_MS, end: END_MS });
  });

  it('refuses an invalid label name without sending it', async () => {
    const before = replay.requests.length;
    await expect(client.labelValues('service name')).rejects.toMatchObject({ kind: 'bad-request' });
    await expect(client.legacyLabelValues('a"b')).rejects.toMatchObject({ kind: 'bad-request' });
    expect(replay.requests.length).toBe(before);
  });

  it('reads series, optionally narrowed to label names', async () => {
    const matchers = [[{ name: 'service_name', op: '=~' as const, value: 'checkout|loki|tempo' }]];
    expect((await client.series(matchers)).length).toBeGreaterThan(3);
    expect(last().answeredWith).toBe('connect_Series.json');
    const narrow = await client.series(matchers, ['service_name', '__profile_type__']);
    expect(last().answeredWith).toBe('connect_Series_labelNames.json');
    expect(Object.keys(narrow[0]).sort()).toEqual(['__profile_type__', 'service_name']);
  });

  it('selects merged stack traces as a flame graph in the profile type unit', async () => {
    const checkout = await client.selectMergeStacktraces({ profileTypeId: CPU, labelSelector: [{ name: 'service_name', value: 'checkout' }], startMs: START_MS, endMs: END_MS });
    expect(last().answeredWith).toBe('connect_SelectMergeStacktraces_checkout_cpu.json');
    expect(checkout.root.total).toBe(19350000000);
    expect(checkout.unit).toBe('nanoseconds');

    const loki = await client.selectMergeStacktraces({ profileTypeId: CPU, labelSelector: '{service_name="loki"}', startMs: START_MS, endMs: END_MS, maxNodes: 512 });
    expect(last()).toMatchObject({ json: { maxNodes: 512 }, answeredWith: 'connect_SelectMergeStacktraces_loki_cpu.json' });
    expect(loki.nodeCount).toBeGreaterThan(100);

    const heap = await client.selectMergeStacktraces({
      profileTypeId: 'memory:inuse_space:bytes:space:bytes',
      labelSelector: [{ name: 'service_name', value: 'tempo' }],
      startMs: START_MS,
      endMs: END_MS,
      maxNodes: 256,
    });
    expect(heap.unit).toBe('bytes');

    const empty = await client.selectMergeStacktraces({ profileTypeId: CPU, labelSelector: [{ name: 'service_name', value: 'nope' }], startMs: START_MS, endMs: END_MS });
    expect(last().answeredWith).toBe('connect_SelectMergeStacktraces_empty.json');
    expect(empty.root).toEqual({ name: 'total', total: 0, self: 0, children: [] });
  });

  it('selects series of totals grouped by service', async () => {
    const series = await client.selectSeries({ profileTypeId: CPU, labelSelector: [], startMs: START_MS, endMs: END_MS, stepMs: 15_000, groupBy: ['service_name'] });
    expect(last().answeredWith).toBe('connect_SelectSeries_cpu_by_service.json');
    expect(series.map((s) => s.labels.service_name)).toEqual(['checkout', 'loki', 'pyroscope']);
  });

  it('renders the legacy flamebearer with absolute millisecond times and max-nodes', async () => {
    const fromMs = END_MS - 3_600_000;
    const graph = await client.render({ query: profileQuery(CPU, [{ name: 'service_name', value: 'loki' }]), fromMs, untilMs: END_MS, maxNodes: 256 });
    expect(last().answeredWith).toBe('render_loki_cpu_maxnodes.json');
    expect(last().params).toEqual(
      expect.arrayContaining([
        ['from', String(fromMs)],
        ['until', String(END_MS)],
        ['max-nodes', '256'],
        ['format', 'json'],
      ]),
    );
    expect(graph.unit).toBe('nanoseconds');
    expect((await client.render({ query: `${CPU}{service_name="checkout"}`, fromMs, untilMs: END_MS })).root.total).toBe(19350000000);
    const self = await client.render({ query: `${CPU}{service_name="pyroscope"}`, fromMs: END_MS - 900_000, untilMs: END_MS, maxNodes: 256 });
    expect(last().answeredWith).toBe('render_pyroscope_self_cpu.json');
    expect(self.root.total).toBe(1610000000);
    await expect(client.render({ query: 'up or vector(1)', fromMs, untilMs: END_MS })).rejects.toMatchObject({ kind: 'bad-request' });
  });

  it('reads the legacy label values: null for service_name in 1.0, profile types for __name__', async () => {
    expect(await client.legacyLabelValues('service_name')).toEqual([]);
    expect(last().answeredWith).toBe('label_values_legacy.json');
    expect(await client.legacyLabelValues('__name__')).toContain(CPU);
  });

  it('reads build info', async () => {
    expect((await client.buildInfo()).version).toBe('1.0.0');
  });

  it('has been answered with every recorded response it can ask for', () => {
    const servedElsewhere = new Set([
      'connect_SelectMergeStacktraces_bad_selector.json', // served by a one-answer server below: we refuse that selector
      'render_missing_query.txt', // likewise: we always send a query
    ]);
    const notReadByClient = new Set([
      'connect_SelectMergeProfile_checkout_cpu.json',
      'connect_Diff_checkout_1h_vs_last35s.json',
      'render_diff.json', // parse.test.ts checks it is refused, not misread
      'ready.txt',
    ]);
    const answered = new Set(replay.requests.map((r) => r.answeredWith));
    const missing = readManifest('pyroscope')
      .map((e) => e.file)
      .filter((file) => !answered.has(file) && !servedElsewhere.has(file) && !notReadByClient.has(file));
    expect(missing).toEqual([]);
  });
});

describe('errors', () => {
  it('maps the recorded Connect invalid_argument (HTTP 400) to bad-request with the inner message', async () => {
    const { server, client: failing } = await oneAnswer(400, 'application/json', readFixture('pyroscope', 'connect_SelectMergeStacktraces_bad_selector.json'));
    try {
      const error = await failure(failing.selectMergeStacktraces({ profileTypeId: CPU, labelSelector: '{service_name=~"("}', startMs: START_MS, endMs: END_MS }));
      expect(error).toMatchObject({ kind: 'bad-request', status: 400, backend: 'pyroscope' });
      expect(error.message).toBe('pyroscope answered HTTP 400: 1:15: parse error: unexpected end of input inside braces');
    } finally {
      await server.close();
    }
  });

  it('refuses the recorded broken selector before sending it', async () => {
    const before = replay.requests.length;
    await expect(client.selectMergeStacktraces({ profileTypeId: CPU, labelSelector: '{service_name=', startMs: START_MS, endMs: END_MS })).rejects.toMatchObject({ kind: 'bad-request' });
    expect(replay.requests.length).toBe(before);
  });

  it('maps the recorded render_missing_query.txt (400 text/plain) to bad-request', async () => {
    const { server, client: failing } = await oneAnswer(400, 'text/plain; charset=utf-8', readFixture('pyroscope', 'render_missing_query.txt'));
    try {
      const error = await failure(failing.render({ query: `${CPU}{}`, fromMs: START_MS, untilMs: END_MS }));
      expect(error).toMatchObject({ kind: 'bad-request', status: 400, message: "pyroscope answered HTTP 400: 'query' is required" });
    } finally {
      await server.close();
    }
  });

  it('checks arguments before sending', async () => {
    const base = { profileTypeId: CPU, labelSelector: [] as const, startMs: START_MS, endMs: END_MS };
    await expect(client.selectMergeStacktraces({ ...base, endMs: START_MS - 1 })).rejects.toMatchObject({ kind: 'bad-request' });
    await expect(client.selectMergeStacktraces({ ...base, maxNodes: 0 })).rejects.toMatchObject({ kind: 'bad-request' });
    await expect(client.selectMergeStacktraces({ ...base, profileTypeId: 'cpu' })).rejects.toMatchObject({ kind: 'bad-request' });
    await expect(client.selectSeries({ ...base, stepMs: 0 })).rejects.toMatchObject({ kind: 'bad-request' });
  });
});

describe('selectMergeSpanProfile (querier.proto SelectMergeSpanProfile)', () => {
  it('POSTs the span selector and decodes the flamegraph field', async () => {
    // SelectMergeSpanProfileResponse carries the same FlameGraph message as SelectMergeStacktraces.
    const { server, received, client: spans } = await oneAnswer(200, 'application/json', readFixture('pyroscope', 'connect_SelectMergeStacktraces_checkout_cpu.json'));
    try {
      const graph = await spans.selectMergeSpanProfile({
        profileTypeId: CPU,
        labelSelector: [{ name: 'service_name', value: 'checkout' }],
        spanSelector: ['9A517183F26A089D', '5a4fe264a9c987fe'],
        startMs: START_MS,
        endMs: END_MS,
        maxNodes: 1024,
      });
      expect(received[0].path).toBe('/querier.v1.QuerierService/SelectMergeSpanProfile');
      expect(received[0].contentType).toBe('application/json');
      expect(JSON.parse(received[0].body)).toEqual({
        profileTypeID: CPU,
        labelSelector: '{service_name="checkout"}',
        spanSelector: ['9a517183f26a089d', '5a4fe264a9c987fe'],
        start: START_MS,
        end: END_MS,
        maxNodes: 1024,
      });
      expect(graph.root.total).toBe(19350000000);
      expect(graph.unit).toBe('nanoseconds');
    } finally {
      await server.close();
    }
  });

  it('answers an empty profile when the server has no samples for the spans', async () => {
    const { server, client: spans } = await oneAnswer(200, 'application/json', '{}');
    try {
      const graph = await spans.selectMergeSpanProfile({ profileTypeId: CPU, labelSelector: '{}', spanSelector: ['0123456789abcdef'], startMs: 0, endMs: 1 });
      expect(graph.root).toEqual({ name: 'total', total: 0, self: 0, children: [] });
    } finally {
      await server.close();
    }
  });

  it('refuses span ids that are not 16 hex', async () => {
    for (const spanSelector of [[], ['xyz'], ['0123456789abcdef0']]) {
      await expect(client.selectMergeSpanProfile({ profileTypeId: CPU, labelSelector: '{}', spanSelector, startMs: 0, endMs: 1 })).rejects.toMatchObject({ kind: 'bad-request' });
    }
  });
});
