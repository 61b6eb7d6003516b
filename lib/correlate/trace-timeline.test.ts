import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readFixtureJson } from '../../test/fixtures';
import { DatasourceError } from '../datasources/errors';
import { createLokiClient } from '../datasources/loki/client';
import { parseQueryResponse } from '../datasources/loki/parse';
import { createTempoClient } from '../datasources/tempo/client';
import { parseTraceByIdV1 } from '../datasources/tempo/parse';
import { normaliseTraceId } from '../model/ids';
import { traceIdLogQuery } from '../query-lang/logql';
import type { Span, Trace, TraceId } from '../model/trace';
import { placeLogsOnSpans } from './place-logs';
import { extractTraceContext } from './trace-id-in-log';
import { broadLogSelector, loadTraceTimeline, traceWindow, type LogFetcher, type TraceFetcher } from './trace-timeline';
import { pushedLogLines, sampleTraces, startSampleBackends, type SampleBackends } from './testing/sample-backends';

function id(hex: string): TraceId {
  const traceId = normaliseTraceId(hex);
  if (!traceId) throw new Error(`bad id ${hex}`);
  return traceId;
}

const OPTIONS = { logPadMs: 120_000, logLimit: 1000 };

describe('the join on recorded Tempo and Loki answers', () => {
  const cases = [
    { trace: 'traces_by_id_error.json', logs: 'query_range_streams_traceid.json', traceId: 'bd5a131c670a194676bcd097a4eac415' },
    { trace: 'traces_by_id_round2_error.json', logs: 'query_range_streams_traceid_round2.json', traceId: '7d721efb63bcec752b8528a2af7411c7' },
  ];
  for (const c of cases) {
    it(`places every line of ${c.traceId} on the span it names`, () => {
      const traceId = id(c.traceId);
      const trace = parseTraceByIdV1(readFixtureJson('tempo', c.trace), traceId);
      const result = parseQueryResponse(readFixtureJson('loki', c.logs), { limit: 100, direction: 'backward' });
      if (result.kind !== 'streams') throw new Error('expected streams');
      expect(result.result.lines.length).toBe(3);
      const placed = placeLogsOnSpans(traceId, trace.spans, result.result.lines, extractTraceContext);
      expect(placed).toHaveLength(3);
      const byId = new Map(trace.spans.map((s) => [s.spanId as string, s]));
      for (const line of placed) {
        expect(line.placement).toBe('span-id');
        const span = byId.get(line.spanId ?? '');
        expect(span, line.line).toBeDefined();
        // The line's service wrote it from inside its own span.
        expect(span?.serviceName).toBe(line.labels.service);
        expect(line.level).toBe('error');
      }
      // Ordered by time, offsets relative to the trace's first span.
      const startMs = Math.min(...trace.spans.map((s) => s.startMs));
      expect(placed.map((l) => l.offsetMs)).toEqual(placed.map((l) => l.timeMs - startMs));
      expect([...placed.map((l) => l.timeMs)]).toEqual([...placed.map((l) => l.timeMs)].sort((a, b) => a - b));
    });
  }
});

describe('loadTraceTimeline against loopback Tempo and Loki serving the sample data', () => {
  let backends: SampleBackends;
  let tempo: TraceFetcher;
  let loki: LogFetcher;

  beforeAll(async () => {
    backends = await startSampleBackends();
    tempo = createTempoClient({ backend: 'tempo', url: backends.tempo.url, timeoutMs: 5_000 });
    loki = createLokiClient({ backend: 'loki', url: backends.loki.url, timeoutMs: 5_000 });
  });
  afterAll(() => backends.close());
  beforeEach(() => {
    backends.calls.length = 0;
    backends.tempoDelayMs = 0;
    backends.lokiFailure = null;
  });

  const samples = sampleTraces();
  it('knows the eight sample traces of the README', () => {
    expect(samples.map((s) => s.traceId)).toHaveLength(8);
  });

  for (const sample of samples) {
    it(`finds and places every log line of ${sample.name} ${sample.traceId}`, async () => {
      const traceId = id(sample.traceId);
      const expected = pushedLogLines().filter((l) => l.line.includes(sample.traceId));
      expect(expected.length, 'the README promises log lines for every sample trace').toBeGreaterThan(0);

      const timeline = await loadTraceTimeline(traceId, { tempo, loki }, OPTIONS);
      if (timeline.trace.status !== 'ok') throw new Error(JSON.stringify(timeline.trace.error));
      if (timeline.logs.status !== 'ok') throw new Error(JSON.stringify(timeline.logs.error));
      const trace = timeline.trace.data;
      expect(new Set(trace.spans.map((s) => s.serviceName))).toEqual(new Set(sample.services));

      const lines = timeline.logs.data.lines;
      expect(lines.map((l) => l.line).sort()).toEqual(expected.map((l) => l.line).sort());
      const spanIds = new Set(trace.spans.map((s) => s.spanId as string));
      for (const line of lines) {
        expect(line.placement, line.line).toBe('span-id');
        expect(spanIds.has(line.spanId ?? ''), line.line).toBe(true);
      }
      expect(timeline.logs.data.truncated).toBe(false);
      // Never the empty selector Loki refuses.
      expect(timeline.logs.data.query).toMatch(/^\{[a-z_]+=~"\.\+"\} \|= "[0-9a-f]{32}"$/);
    });
  }

  it('without a range reads the trace first and searches its padded window', async () => {
    const traceId = id('c5527fbb0cac1b9c5b80953ef63cd323');
    const timeline = await loadTraceTimeline(traceId, { tempo, loki }, OPTIONS);
    if (timeline.trace.status !== 'ok' || timeline.logs.status !== 'ok') throw new Error('expected both sources');
    const window = traceWindow(timeline.trace.data);
    expect(timeline.logs.data.window).toEqual({ startMs: window.startMs - OPTIONS.logPadMs, endMs: window.endMs + OPTIONS.logPadMs });
    const query = backends.calls.find((c) => c.path === '/loki/api/v1/query_range');
    const tempoCall = backends.calls.find((c) => c.path.startsWith('/api/traces/'));
    expect(query && tempoCall && query.atMs > tempoCall.atMs).toBe(true);
  });

  it('with a range fetches trace and logs at the same time', async () => {
    backends.tempoDelayMs = 300;
    const traceId = id('c5527fbb0cac1b9c5b80953ef63cd323');
    const range = { startMs: 1795303400000, endMs: 1795303500000 };
    const timeline = await loadTraceTimeline(traceId, { tempo, loki }, { ...OPTIONS, range });
    expect(timeline.trace.status).toBe('ok');
    expect(timeline.logs.status).toBe('ok');
    const query = backends.calls.find((c) => c.path === '/loki/api/v1/query_range');
    const firstTempo = backends.calls.find((c) => c.path.startsWith('/api/'));
    if (!query || !firstTempo) throw new Error('expected a Tempo and a Loki call');
    // Loki was asked before Tempo's (delayed) answer arrived.
    expect(query.atMs).toBeLessThan(firstTempo.atMs + backends.tempoDelayMs);
  });

  it('a range that misses the trace still finds it, and its logs', async () => {
    const traceId = id('bd5a131c670a194676bcd097a4eac415');
    // An hour before the sample data: Tempo (real ones) would not find the trace in these blocks.
    const range = { startMs: 1795290000000, endMs: 1795293600000 };
    const narrowTempo: TraceFetcher = {
      traceById: (traceIdArg, rangeArg, opts) =>
        rangeArg ? Promise.reject(new DatasourceError({ backend: 'tempo', kind: 'not-found', message: 'not in range' })) : tempo.traceById(traceIdArg, rangeArg, opts),
    };
    const timeline = await loadTraceTimeline(traceId, { tempo: narrowTempo, loki }, { ...OPTIONS, range });
    if (timeline.trace.status !== 'ok' || timeline.logs.status !== 'ok') throw new Error('expected both sources');
    expect(timeline.logs.data.lines).toHaveLength(3);
    expect(timeline.logs.data.window.startMs).toBeLessThan(timeWindowStart(timeline.trace.data));
  });

  it('a log backend error keeps the trace and names Loki and why', async () => {
    backends.lokiFailure = { status: 500, body: 'too many outstanding requests' };
    const timeline = await loadTraceTimeline(id('c5527fbb0cac1b9c5b80953ef63cd323'), { tempo, loki }, OPTIONS);
    expect(timeline.trace.status).toBe('ok');
    expect(timeline.logs.status).toBe('error');
    if (timeline.logs.status === 'error') {
      expect(timeline.logs.error.backend).toBe('loki');
      expect(timeline.logs.error.kind).toBe('http');
      expect(timeline.logs.error.message).toMatch(/500|too many outstanding/);
    }
  });

  it('a Loki that refuses connections leaves the trace on screen', async () => {
    const closed = await startSampleBackends();
    const url = closed.loki.url;
    await closed.close();
    const deadLoki = createLokiClient({ backend: 'loki', url, timeoutMs: 2_000 });
    const timeline = await loadTraceTimeline(id('c5527fbb0cac1b9c5b80953ef63cd323'), { tempo, loki: deadLoki }, OPTIONS);
    expect(timeline.trace.status).toBe('ok');
    expect(timeline.logs).toMatchObject({ status: 'error', error: { backend: 'loki', kind: 'network' } });
  });

  it('an unknown trace is not found, and logs say they need the trace or a range', async () => {
    const timeline = await loadTraceTimeline(id('0123456789abcdef0123456789abcdef'), { tempo, loki }, OPTIONS);
    expect(timeline.trace).toMatchObject({ status: 'error', error: { backend: 'tempo', kind: 'not-found' } });
    expect(timeline.logs).toMatchObject({ status: 'error', error: { backend: 'loki', kind: 'not-found' } });
    expect(backends.calls.some((c) => c.path.startsWith('/loki/'))).toBe(false);
  });
});

function timeWindowStart(trace: Trace): number {
  return traceWindow(trace).startMs;
}

describe('loadTraceTimeline edge cases', () => {
  const traceId = id('0af7651916cd43dd8448eb211c80319c');
  const zeroSpan: Span = {
    traceId,
    spanId: 'b7ad6b7169203331' as Span['spanId'],
    parentSpanId: null,
    name: 'cache.get',
    serviceName: 'gateway',
    kind: 'internal',
    startUnixNano: '1795303440000000000',
    startMs: 1795303440000,
    durationNs: 0,
    status: { code: 'unset' },
    attributes: {},
    resource: { 'service.name': 'gateway' },
    events: [],
    links: [],
  };
  const trace: Trace = { traceId, spans: [zeroSpan] };
  const fixedTempo: TraceFetcher = { traceById: async () => trace };

  function recordingLoki(lines: { timeMs: number; text: string }[]) {
    const windows: { startMs: number; endMs: number }[] = [];
    const fetcher: LogFetcher = {
      labelNames: async () => ['service_name', 'level'],
      queryRange: async (params) => {
        windows.push({ startMs: params.startMs, endMs: params.endMs });
        return {
          kind: 'streams',
          result: {
            lines: lines.map((l) => ({ timestampNs: String(BigInt(l.timeMs) * 1_000_000n), timeMs: l.timeMs, line: l.text, labels: { service_name: 'gateway' } })),
            truncated: false,
            limit: params.limit ?? 100,
          },
        };
      },
    };
    return { fetcher, windows };
  }

  it('a 0 ms span still finds the lines written at and just after its instant', async () => {
    const loki = recordingLoki([
      { timeMs: 1795303440000, text: `level=info msg="hit" trace_id=${traceId}` },
      { timeMs: 1795303440004, text: `level=warn msg="slow follow-up" trace_id=${traceId}` },
    ]);
    const timeline = await loadTraceTimeline(traceId, { tempo: fixedTempo, loki: loki.fetcher }, { logPadMs: 5_000, logLimit: 10 });
    expect(loki.windows).toEqual([{ startMs: 1795303435000, endMs: 1795303445000 }]);
    if (timeline.logs.status !== 'ok') throw new Error('expected logs');
    expect(timeline.logs.data.lines.map((l) => [l.placement, l.spanId, l.level])).toEqual([
      ['time', zeroSpan.spanId, 'info'],
      ['unplaced', null, 'warn'],
    ]);
  });

  it('reports a backend that is not configured and keeps the other one', async () => {
    const noLoki = await loadTraceTimeline(traceId, { tempo: fixedTempo, loki: null }, OPTIONS);
    expect(noLoki.trace.status).toBe('ok');
    expect(noLoki.logs).toMatchObject({ status: 'error', error: { backend: 'loki', kind: 'not-configured' } });

    const loki = recordingLoki([{ timeMs: 1795303440000, text: `trace_id=${traceId}` }]);
    const noTempo = await loadTraceTimeline(traceId, { tempo: null, loki: loki.fetcher }, { ...OPTIONS, range: { startMs: 1795303400000, endMs: 1795303500000 } });
    expect(noTempo.trace).toMatchObject({ status: 'error', error: { backend: 'tempo', kind: 'not-configured' } });
    // With a range the logs are still searched and shown (unplaced: there are no spans).
    expect(noTempo.logs.status).toBe('ok');
    if (noTempo.logs.status === 'ok') expect(noTempo.logs.data.lines.map((l) => l.placement)).toEqual(['unplaced']);
  });

  it('does not send a week-long log query for a week-wide view: it reads the trace first', async () => {
    const loki = recordingLoki([]);
    await loadTraceTimeline(traceId, { tempo: fixedTempo, loki: loki.fetcher }, {
      ...OPTIONS,
      range: { startMs: 1795303440000 - 7 * 86_400_000, endMs: 1795303500000 },
      maxParallelRangeMs: 3_600_000,
    });
    expect(loki.windows).toEqual([{ startMs: 1795303440000 - OPTIONS.logPadMs, endMs: 1795303440000 + OPTIONS.logPadMs }]);
  });

  it('on Loki 3 also finds lines whose trace id is only in structured metadata, each line once', async () => {
    const queries: string[] = [];
    const inText = { timestampNs: '1795303440000000000', timeMs: 1795303440000, line: `level=info msg="cache hit" trace_id=${traceId}`, labels: { service_name: 'gateway' } };
    // OTLP logs in Loki 3: the ids sit in structured metadata, the line is only the body.
    const inMetadata = {
      timestampNs: '1795303440002000000',
      timeMs: 1795303440002,
      line: 'cache miss, asking the database',
      labels: { service_name: 'gateway' },
      structuredMetadata: { trace_id: traceId, span_id: zeroSpan.spanId, severity_text: 'WARN' },
    };
    const loki3: LogFetcher = {
      labelNames: async () => ['service_name'],
      buildInfo: async () => ({ version: '3.2.1' }),
      queryRange: async (params) => {
        queries.push(params.query);
        const lines = params.query.includes('| trace_id=') ? [inMetadata, inText] : [inText];
        return { kind: 'streams', result: { lines, truncated: false, limit: params.limit ?? 100 } };
      },
    };
    const timeline = await loadTraceTimeline(traceId, { tempo: fixedTempo, loki: loki3 }, OPTIONS);
    const lineQuery = traceIdLogQuery({ selector: [{ name: 'service_name', op: '=~', value: '.+' }], traceId });
    expect(queries.sort()).toEqual([lineQuery, `{service_name=~".+"} | trace_id="${traceId}"`].sort());
    if (timeline.logs.status !== 'ok') throw new Error('expected logs');
    expect(timeline.logs.data.lines.map((l) => [l.line, l.placement, l.level])).toEqual([
      [inText.line, 'time', 'info'],
      [inMetadata.line, 'span-id', 'warn'],
    ]);

    // Loki 2.x (or an unknown version): the line filter only.
    queries.length = 0;
    await loadTraceTimeline(traceId, { tempo: fixedTempo, loki: { ...loki3, buildInfo: async () => ({ version: '2.9.4' }) } }, OPTIONS);
    expect(queries).toEqual([lineQuery]);
    queries.length = 0;
    await loadTraceTimeline(traceId, { tempo: fixedTempo, loki: { ...loki3, buildInfo: () => Promise.reject(new Error('404')) } }, OPTIONS);
    expect(queries).toHaveLength(1);
  });

  it('a Loki without stream labels is a clear error, never an empty {} selector', () => {
    expect(() => broadLogSelector([])).toThrow(/no log streams/);
    expect(broadLogSelector(['__name__', 'cluster'])).toEqual([{ name: 'cluster', op: '=~', value: '.+' }]);
    expect(broadLogSelector(['job', 'service_name'])).toEqual([{ name: 'service_name', op: '=~', value: '.+' }]);
  });
});
