import { describe, expect, it } from 'vitest';
import { readFixture, readFixtureJson } from '../../../test/fixtures';
import { nanosToMs } from '../../model/nanos';
import { DatasourceError } from '../errors';
import {
  flattenStreams,
  parseBuildInfoResponse,
  parseQueryResponse,
  parseSampleValue,
  parseSeriesResponse,
  parseStringListResponse,
  queryRejectedError,
  type LokiQueryResult,
} from './parse';

const loki = (file: string): unknown => readFixtureJson('loki', file);

function streams(result: LokiQueryResult) {
  if (result.kind !== 'streams') throw new Error(`expected streams, got ${result.kind}`);
  return result.result;
}

function isSortedNanos(values: string[], direction: 'forward' | 'backward'): boolean {
  for (let i = 1; i < values.length; i++) {
    const diff = BigInt(values[i]) - BigInt(values[i - 1]);
    if (direction === 'forward' ? diff < 0n : diff > 0n) return false;
  }
  return true;
}

describe('parseSampleValue', () => {
  it('reads the Prometheus spellings of special values', () => {
    expect(parseSampleValue('NaN')).toBeNaN();
    expect(parseSampleValue('+Inf')).toBe(Number.POSITIVE_INFINITY);
    expect(parseSampleValue('-Inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(parseSampleValue('0.0033333333333333335')).toBeCloseTo(0.0033333, 6);
    expect(() => parseSampleValue('abc')).toThrow(DatasourceError);
    expect(() => parseSampleValue('')).toThrow(DatasourceError);
  });
});

describe('parseQueryResponse on recorded Loki 2.8 streams', () => {
  it('query_range_streams.json: 50 lines of 10 streams, newest first, limit reached', () => {
    const result = streams(parseQueryResponse(loki('query_range_streams.json'), { limit: 50, direction: 'backward' }));
    expect(result.lines).toHaveLength(50);
    expect(result.truncated).toBe(true);
    expect(result.limit).toBe(50);
    expect(result.lines[0].timestampNs).toBe('1795303821326080402');
    expect(result.lines.at(-1)?.timestampNs).toBe('1795303443716148755');
    expect(isSortedNanos(result.lines.map((line) => line.timestampNs), 'backward')).toBe(true);
    // Each line keeps its own stream's labels.
    const charge = result.lines.find((line) => line.line.includes('18ecb897e25eb533c3750a32149eb100') && line.labels.service === 'payment');
    expect(charge?.labels).toEqual({ env: 'realstack', job: 'shop', level: 'info', service: 'payment' });
    expect(charge?.timeMs).toBeCloseTo(1795303821326.080402, 3);
    expect(result.lines.every((line) => line.structuredMetadata === undefined)).toBe(true);
  });

  it('query_range_streams_forward.json: oldest first across two streams, 10 of limit 10', () => {
    const result = streams(parseQueryResponse(loki('query_range_streams_forward.json'), { limit: 10, direction: 'forward' }));
    expect(result.lines).toHaveLength(10);
    expect(result.truncated).toBe(true);
    // The warn stream's single line is the oldest, so streams really are merged, not concatenated.
    expect(result.lines[0]).toMatchObject({ timestampNs: '1795302845203148755', labels: { level: 'warn', service: 'frontend' } });
    expect(isSortedNanos(result.lines.map((line) => line.timestampNs), 'forward')).toBe(true);
  });

  it('query_range_streams_traceid.json: the three lines of the error trace, not truncated', () => {
    const result = streams(parseQueryResponse(loki('query_range_streams_traceid.json'), { limit: 100, direction: 'backward' }));
    expect(result.truncated).toBe(false);
    expect(result.lines.map((line) => line.labels.service)).toEqual(['payment', 'checkout', 'frontend']);
    expect(result.lines.every((line) => line.line.includes('bd5a131c670a194676bcd097a4eac415'))).toBe(true);
  });

  it('query_range_streams_traceid_round2.json: the round-2 error trace', () => {
    const result = streams(parseQueryResponse(loki('query_range_streams_traceid_round2.json'), { limit: 100, direction: 'backward' }));
    expect(result.lines).toHaveLength(3);
    expect(result.lines.every((line) => line.line.includes('7d721efb63bcec752b8528a2af7411c7'))).toBe(true);
  });

  it('query_range_streams_json_parser.json: labels extracted by | json stay on the line', () => {
    const result = streams(parseQueryResponse(loki('query_range_streams_json_parser.json'), { limit: 20, direction: 'backward' }));
    expect(result.lines).toHaveLength(2);
    expect(result.lines[0].labels).toMatchObject({ traceID: '7d721efb63bcec752b8528a2af7411c7', spanID: '25b6528a5f50d405', level_extracted: 'error' });
    expect(result.lines[1].labels.traceID).toBe('bd5a131c670a194676bcd097a4eac415');
  });

  it('query_range_streams_logfmt.json: one stream per distinct extracted label set', () => {
    const result = streams(parseQueryResponse(loki('query_range_streams_logfmt.json'), { limit: 20, direction: 'backward' }));
    expect(result.lines).toHaveLength(6);
    expect(result.lines.every((line) => line.labels.order_id !== undefined && line.labels.traceID !== undefined)).toBe(true);
  });

  it('query_instant_streams.json: an empty instant log query is empty, not an error', () => {
    expect(parseQueryResponse(loki('query_instant_streams.json'), { limit: 5, direction: 'backward' })).toEqual({
      kind: 'streams',
      result: { lines: [], truncated: false, limit: 5 },
    });
  });
});

describe('parseQueryResponse on recorded metric answers', () => {
  it('query_range_matrix.json: count_over_time per service on the 60 s grid', () => {
    const result = parseQueryResponse(loki('query_range_matrix.json'), { limit: 100, direction: 'backward' });
    if (result.kind !== 'matrix') throw new Error(result.kind);
    expect(result.series.map((series) => series.labels.service)).toEqual(['catalog', 'checkout', 'frontend', 'payment']);
    expect(result.series[0].samples[0]).toEqual({ timeMs: 1795302900_000, value: 1 });
    expect(result.series.every((series) => series.samples.every((sample) => sample.timeMs % 60_000 === 0))).toBe(true);
  });

  it('query_range_matrix_rate.json: fractional rates by level', () => {
    const result = parseQueryResponse(loki('query_range_matrix_rate.json'), { limit: 100, direction: 'backward' });
    if (result.kind !== 'matrix') throw new Error(result.kind);
    const warn = result.series.find((series) => series.labels.level === 'warn');
    expect(warn?.samples[0].timeMs).toBe(1795302960_000);
    expect(warn?.samples[0].value).toBeCloseTo(0.0033333333333333335, 15);
  });

  it('query_instant_vector.json: one sample per level at the query time', () => {
    const result = parseQueryResponse(loki('query_instant_vector.json'), { limit: 100, direction: 'backward' });
    expect(result).toEqual({
      kind: 'vector',
      samples: [
        { labels: { level: 'error' }, timeMs: 1795303875_000, value: 6 },
        { labels: { level: 'info' }, timeMs: 1795303875_000, value: 126 },
        { labels: { level: 'warn' }, timeMs: 1795303875_000, value: 10 },
      ],
    });
  });

  it('reads a scalar as one unlabelled sample', () => {
    const body = { status: 'success', data: { resultType: 'scalar', result: [1795303875.5, '+Inf'] } };
    expect(parseQueryResponse(body, { limit: 1, direction: 'backward' })).toEqual({
      kind: 'vector',
      samples: [{ labels: {}, timeMs: 1795303875_500, value: Number.POSITIVE_INFINITY }],
    });
  });
});

describe('Loki 3 categorize-labels and Loki 2.9 structured metadata', () => {
  // Shape of Loki 3's answer with `X-Loki-Response-Encoding-Flags: categorize-labels` (see
  // https://grafana.com/docs/loki/latest/reference/loki-http-api/): stream holds only indexed labels,
  // the third element holds structured metadata and parser-extracted labels, data.encodingFlags lists the flag.
  const categorized = {
    status: 'success',
    data: {
      resultType: 'streams',
      encodingFlags: ['categorize-labels'],
      result: [
        {
          stream: { service_name: 'checkout', env: 'prod' },
          values: [
            [
              '1795303440716148755',
              'level=error msg="order failed"',
              { structuredMetadata: { trace_id: 'bd5a131c670a194676bcd097a4eac415', span_id: 'e6ef4d86d1314fc0' }, parsed: { level: 'error', msg: 'order failed' } },
            ],
            ['1795303440800000000', 'plain line', {}],
            ['1795303440700000000', 'only metadata', { structuredMetadata: { trace_id: 'c5527fbb0cac1b9c5b80953ef63cd323' } }],
          ],
        },
      ],
      stats: {},
    },
  };

  it('keeps structured metadata apart and merges parsed labels into the line labels', () => {
    const result = streams(parseQueryResponse(categorized, { limit: 100, direction: 'forward' }));
    expect(result.lines.map((line) => line.line)).toEqual(['only metadata', 'level=error msg="order failed"', 'plain line']);
    expect(result.lines[1]).toEqual({
      timestampNs: '1795303440716148755',
      timeMs: nanosToMs('1795303440716148755'),
      line: 'level=error msg="order failed"',
      labels: { service_name: 'checkout', env: 'prod', level: 'error', msg: 'order failed' },
      structuredMetadata: { trace_id: 'bd5a131c670a194676bcd097a4eac415', span_id: 'e6ef4d86d1314fc0' },
    });
    expect(result.lines[2].structuredMetadata).toBeUndefined();
    expect(result.lines[2].labels).toEqual({ service_name: 'checkout', env: 'prod' });
    expect(result.lines[0].structuredMetadata).toEqual({ trace_id: 'c5527fbb0cac1b9c5b80953ef63cd323' });
  });

  it('does not mutate the wire object', () => {
    const copy = structuredClone(categorized);
    parseQueryResponse(categorized, { limit: 100, direction: 'forward' });
    expect(categorized).toEqual(copy);
  });

  it('reads a flat third element (Loki 2.9 without the flag) as structured metadata', () => {
    const body = {
      status: 'success',
      data: { resultType: 'streams', result: [{ stream: { job: 'shop' }, values: [['1795303440716148755', 'x', { trace_id: 'abc' }]] }] },
    };
    const result = streams(parseQueryResponse(body, { limit: 100, direction: 'backward' }));
    expect(result.lines[0].structuredMetadata).toEqual({ trace_id: 'abc' });
    expect(result.lines[0].labels).toEqual({ job: 'shop' });
  });

  it('flattenStreams orders equal timestamps stably and compares nanoseconds exactly', () => {
    // These two differ only in the last nanosecond: a double cannot tell them apart.
    expect(Number('1795303440716148755')).toBe(Number('1795303440716148756'));
    const result = flattenStreams(
      [
        { stream: { a: '1' }, values: [['1795303440716148755', 'first'], ['1795303440716148756', 'second']] },
        { stream: { a: '2' }, values: [['1795303440716148755', 'tie']] },
      ],
      { limit: 3, direction: 'backward' },
    );
    expect(result.lines.map((line) => line.line)).toEqual(['second', 'first', 'tie']);
    expect(result.truncated).toBe(true);
  });
});

describe('parseQueryResponse rejects what the API does not document', () => {
  it.each([
    ['not an object', 'nope'],
    ['error status', { status: 'error', data: { resultType: 'streams', result: [] } }],
    ['unknown result type', { status: 'success', data: { resultType: 'table', result: [] } }],
    ['numeric timestamp', { status: 'success', data: { resultType: 'streams', result: [{ stream: {}, values: [[1795303440, 'x']] }] } }],
    ['four-element entry', { status: 'success', data: { resultType: 'streams', result: [{ stream: {}, values: [['1', 'x', {}, {}]] }] } }],
    ['non-string label', { status: 'success', data: { resultType: 'streams', result: [{ stream: { a: 1 }, values: [] }] } }],
    ['bad sample value', { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, 'x'] }] } }],
  ])('%s -> bad-response', (_name, body) => {
    try {
      parseQueryResponse(body, { limit: 10, direction: 'backward' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DatasourceError);
      expect((error as DatasourceError).kind).toBe('bad-response');
      expect((error as DatasourceError).backend).toBe('loki');
    }
  });
});

describe('the other recorded endpoints', () => {
  it('labels.json and label values', () => {
    expect(parseStringListResponse(loki('labels.json'), 'labels')).toEqual(['env', 'job', 'level', 'service']);
    expect(parseStringListResponse(loki('label_service_values.json'), 'label values')).toEqual(['catalog', 'checkout', 'frontend', 'payment']);
    expect(parseStringListResponse(loki('label_level_values.json'), 'label values')).toEqual(['error', 'info', 'warn']);
    expect(parseStringListResponse({ status: 'success' }, 'labels')).toEqual([]);
  });

  it('series.json and series_two_matchers.json', () => {
    const all = parseSeriesResponse(loki('series.json'));
    expect(all).toHaveLength(11);
    expect(all[0]).toEqual({ env: 'realstack', service: 'frontend', level: 'warn', job: 'shop' });
    const two = parseSeriesResponse(loki('series_two_matchers.json'));
    expect(two).toHaveLength(5);
    expect(two.every((labels) => labels.service === 'checkout' || labels.level === 'error')).toBe(true);
  });

  it('status_buildinfo.json', () => {
    expect(parseBuildInfoResponse(loki('status_buildinfo.json'))).toEqual({
      version: '2.8.0',
      revision: '90888a0cc737b60f29b8bed880a380731ae1e492',
      branch: 'HEAD',
    });
  });

  it('query_error_bad_logql.json: a plain-text body under a JSON content type becomes bad-request with the parse error', () => {
    const body = readFixture('loki', 'query_error_bad_logql.json');
    expect(() => JSON.parse(body)).toThrow();
    const error = queryRejectedError(400, body);
    expect(error).toMatchObject({ backend: 'loki', kind: 'bad-request', status: 400 });
    expect(error.message).toBe('parse error at line 1, col 12: syntax error: unexpected $end, expecting } or ,');
  });

  it('takes the reason from a JSON error body too', () => {
    expect(queryRejectedError(400, '{"error":"max entries limit per query exceeded"}').message).toBe('max entries limit per query exceeded');
    expect(queryRejectedError(400, '').message).toBe('loki rejected the query (HTTP 400)');
  });
});
