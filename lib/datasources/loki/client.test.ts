import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../../../test/helpers/datasource-error';
import { readFixture, startFixtureReplay, type FixtureReplay } from '../../../test/fixtures';
import { startLoopbackServer, type LoopbackServer } from '../../../test/helpers/prometheus';
import { streamSelector, traceIdLogQuery } from '../../query-lang/logql';
import { normaliseTraceId } from '../../model/ids';
import { DatasourceError } from '../errors';
import { createLokiClient, formatLokiStep, msToNanosString, type LokiClient } from './client';

// Times of the recorded requests (../shared/fixtures/loki/README.md): start/end in ns.
const START_MS = 1795300275_000;
const END_MS = 1795303935_000;
const RANGE = { startMs: START_MS, endMs: END_MS };

let replay: FixtureReplay;
let client: LokiClient;

beforeAll(async () => {
  replay = await startFixtureReplay('loki');
  client = createLokiClient({ backend: 'loki', url: replay.url, tenant: 'fake' });
});

afterAll(() => replay.close());

function lastRequest() {
  const last = replay.requests.at(-1);
  if (!last) throw new Error('no request');
  return last;
}

describe('time formatting', () => {
  it('sends exact nanosecond strings and float-second steps', () => {
    expect(msToNanosString(START_MS)).toBe('1795300275000000000');
    expect(msToNanosString(1795300275000.5)).toBe('1795300275000500000');
    expect(msToNanosString(0)).toBe('0');
    expect(formatLokiStep(60_000)).toBe('60');
    expect(formatLokiStep(500)).toBe('0.5');
    expect(() => msToNanosString(Number.NaN)).toThrow(DatasourceError);
    expect(() => msToNanosString(-1)).toThrow(DatasourceError);
    expect(() => formatLokiStep(0)).toThrow(DatasourceError);
  });
});

describe('createLokiClient against recorded Loki 2.8 answers', () => {
  it('queryRange: a backward log query with its limit, tenant and categorize-labels header', async () => {
    const result = await client.queryRange({ query: streamSelector([{ name: 'job', op: '=', value: 'shop' }]), ...RANGE, limit: 50, direction: 'backward' });
    const request = lastRequest();
    expect(request.answeredWith).toBe('query_range_streams.json');
    expect(request.headers['x-scope-orgid']).toBe('fake');
    expect(request.headers['x-loki-response-encoding-flags']).toBe('categorize-labels');
    if (result.kind !== 'streams') throw new Error(result.kind);
    expect(result.result.lines).toHaveLength(50);
    expect(result.result.truncated).toBe(true);
    expect(result.result.lines[0].timestampNs).toBe('1795303821326080402');
  });

  it('queryRange: forward direction', async () => {
    const result = await client.queryRange({ query: '{job="shop", service="frontend"}', ...RANGE, limit: 10, direction: 'forward' });
    expect(lastRequest().answeredWith).toBe('query_range_streams_forward.json');
    if (result.kind !== 'streams') throw new Error(result.kind);
    expect(result.result.lines[0].timestampNs).toBe('1795302845203148755');
  });

  it('queryRange: the trace-id query built by traceIdLogQuery is the recorded one', async () => {
    const traceId = normaliseTraceId('bd5a131c670a194676bcd097a4eac415');
    if (!traceId) throw new Error('id');
    const query = traceIdLogQuery({ selector: [{ name: 'job', op: '=', value: 'shop' }], traceId });
    const result = await client.queryRange({ query, ...RANGE, limit: 100 });
    expect(lastRequest().answeredWith).toBe('query_range_streams_traceid.json');
    if (result.kind !== 'streams') throw new Error(result.kind);
    expect(result.result.lines.map((line) => line.labels.service)).toEqual(['payment', 'checkout', 'frontend']);
    expect(result.result.truncated).toBe(false);
  });

  it('queryRange: round 2, json and logfmt parser queries', async () => {
    await client.queryRange({ query: '{job="shop"} |= "7d721efb63bcec752b8528a2af7411c7"', ...RANGE, limit: 100 });
    expect(lastRequest().answeredWith).toBe('query_range_streams_traceid_round2.json');
    const json = await client.queryRange({ query: '{service="payment"} | json | level="error"', ...RANGE, limit: 20 });
    expect(lastRequest().answeredWith).toBe('query_range_streams_json_parser.json');
    if (json.kind !== 'streams') throw new Error(json.kind);
    expect(json.result.lines[0].labels.traceID).toBe('7d721efb63bcec752b8528a2af7411c7');
    await client.queryRange({ query: '{service="checkout"} | logfmt | order_id != ""', ...RANGE, limit: 20 });
    expect(lastRequest().answeredWith).toBe('query_range_streams_logfmt.json');
  });

  it('queryRange: metric queries come back as a matrix', async () => {
    const result = await client.queryRange({ query: 'sum by (service) (count_over_time({job="shop"}[1m]))', ...RANGE, stepMs: 60_000 });
    expect(lastRequest().answeredWith).toBe('query_range_matrix.json');
    if (result.kind !== 'matrix') throw new Error(result.kind);
    expect(result.series).toHaveLength(4);
    const rate = await client.queryRange({ query: 'sum by (level) (rate({job="shop"}[5m]))', ...RANGE, stepMs: 120_000 });
    expect(lastRequest().answeredWith).toBe('query_range_matrix_rate.json');
    expect(rate.kind).toBe('matrix');
  });

  it('query: instant vector and instant streams', async () => {
    const vector = await client.query({ query: 'sum by (level) (count_over_time({job="shop"}[1h]))', timeMs: 1795303875_000 });
    expect(lastRequest().answeredWith).toBe('query_instant_vector.json');
    expect(vector.kind).toBe('vector');
    if (vector.kind === 'vector') expect(vector.samples.map((sample) => sample.value)).toEqual([6, 126, 10]);
    const logs = await client.query({ query: '{service="catalog"}', timeMs: END_MS, limit: 5 });
    expect(lastRequest().answeredWith).toBe('query_instant_streams.json');
    expect(logs).toEqual({ kind: 'streams', result: { lines: [], truncated: false, limit: 5 } });
  });

  it('a bad query: HTTP 400 with a plain-text body under a JSON content type -> bad-request with the parse error', async () => {
    const error = await failure(client.queryRange({ query: '{job="shop"', ...RANGE }));
    expect(lastRequest().answeredWith).toBe('query_error_bad_logql.json');
    expect(error).toMatchObject({ backend: 'loki', kind: 'bad-request', status: 400 });
    expect(error.message).toBe('parse error at line 1, col 12: syntax error: unexpected $end, expecting } or ,');
  });

  it('labelNames, labelValues, series and buildInfo', async () => {
    expect(await client.labelNames(RANGE)).toEqual(['env', 'job', 'level', 'service']);
    expect(lastRequest().answeredWith).toBe('labels.json');
    expect(await client.labelValues('service', RANGE)).toEqual(['catalog', 'checkout', 'frontend', 'payment']);
    expect(await client.labelValues('level', RANGE)).toEqual(['error', 'info', 'warn']);
    expect(await client.series(['{job="shop"}'], RANGE)).toHaveLength(11);
    expect(lastRequest().answeredWith).toBe('series.json');
    expect(await client.series(['{service="checkout"}', '{level="error"}'], RANGE)).toHaveLength(5);
    expect(lastRequest().answeredWith).toBe('series_two_matchers.json');
    expect((await client.buildInfo()).version).toBe('2.8.0');
  });

  it('refuses bad input before any request', async () => {
    const before = replay.requests.length;
    expect(await failure(client.labelValues('service/../../admin', RANGE))).toMatchObject({ kind: 'bad-request' });
    expect(await failure(client.series([], RANGE))).toMatchObject({ kind: 'bad-request' });
    expect(await failure(client.queryRange({ query: '{job="shop"}', startMs: END_MS, endMs: START_MS }))).toMatchObject({ kind: 'bad-request' });
    expect(await failure(client.queryRange({ query: '{job="shop"}', ...RANGE, limit: 0 }))).toMatchObject({ kind: 'bad-request' });
    expect(await failure(client.queryRange({ query: '{job="shop"}', ...RANGE, limit: 1.5 }))).toMatchObject({ kind: 'bad-request' });
    expect(await failure(client.queryRange({ query: '{job="shop"}', ...RANGE, direction: 'sideways' as never }))).toMatchObject({ kind: 'bad-request' });
    expect(replay.requests.length).toBe(before);
  });

  it('refuses a connection for another backend', () => {
    expect(() => createLokiClient({ backend: 'tempo', url: replay.url })).toThrow(TypeError);
  });

  it('can leave the categorize-labels header off', async () => {
    const plain = createLokiClient({ backend: 'loki', url: replay.url }, { categorizeLabels: false });
    await plain.queryRange({ query: '{job="shop"}', ...RANGE, limit: 50, direction: 'backward' });
    expect(lastRequest().headers['x-loki-response-encoding-flags']).toBeUndefined();
  });
});

describe('createLokiClient against a misbehaving server', () => {
  let server: LoopbackServer;
  let answer: { status: number; contentType: string; body: string; delayMs?: number };

  beforeAll(async () => {
    server = await startLoopbackServer(async (_req, res) => {
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      res.writeHead(answer.status, { 'Content-Type': answer.contentType });
      res.end(answer.body);
    });
  });

  afterAll(() => server.close());

  it('a 200 that is not JSON is a bad-response', async () => {
    answer = { status: 200, contentType: 'application/json', body: readFixture('loki', 'query_error_bad_logql.json') };
    const error = await failure(createLokiClient({ backend: 'loki', url: server.url }).labelNames(RANGE));
    expect(error.kind).toBe('bad-response');
  });

  it('a 404 (e.g. an endpoint this version lacks) is not-found', async () => {
    answer = { status: 404, contentType: 'text/plain', body: readFixture('loki', 'volume_not_in_2_8.txt') };
    const error = await failure(createLokiClient({ backend: 'loki', url: server.url }).buildInfo());
    expect(error).toMatchObject({ kind: 'not-found', status: 404 });
  });

  it('a log query answered with a matrix shape it did not ask for is a bad-response', async () => {
    answer = { status: 200, contentType: 'application/json', body: JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }) };
    const error = await failure(createLokiClient({ backend: 'loki', url: server.url }).query({ query: 'x', timeMs: END_MS }));
    expect(error.kind).toBe('bad-response');
  });

  it('honours the per-call deadline and the caller signal', async () => {
    answer = { status: 200, contentType: 'application/json', body: '{"status":"success","data":[]}', delayMs: 400 };
    const lokiClient = createLokiClient({ backend: 'loki', url: server.url });
    expect(await failure(lokiClient.labelNames(RANGE, { timeoutMs: 50 }))).toMatchObject({ kind: 'timeout' });
    const controller = new AbortController();
    const pending = lokiClient.labelNames(RANGE, { signal: controller.signal });
    controller.abort();
    expect(await failure(pending)).toMatchObject({ kind: 'aborted' });
  });
});
