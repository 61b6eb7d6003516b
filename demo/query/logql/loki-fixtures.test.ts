// The sample data pushed to a real Loki 2.8 is loaded into an in-memory store, and every recorded query is
// re-run through the engine: the answers must be the ones Loki gave.
import { describe, expect, it } from 'vitest';
import { readFixture, readFixtureJson } from '../../../test/fixtures';
import { QueryError } from '../types';
import { formatLabels } from '../shared/labels';
import { InMemoryLogStore } from '../testing/in-memory-stores';
import { streamsFromLokiPush } from '../testing/fixture-stores';
import { alignToStep, evaluateLogMetricInstant, evaluateLogMetricRange, evaluateLogQuery } from './index';

const store = new InMemoryLogStore(streamsFromLokiPush(readFixtureJson('sample-loki-push.json'), readFixtureJson('sample-loki-push-round2.json')));

interface LokiStreams {
  data: { resultType: 'streams'; result: { stream: Record<string, string>; values: [string, string][] }[] };
}
interface LokiMatrix {
  data: { resultType: 'matrix'; result: { metric: Record<string, string>; values: [number, string][] }[] };
}
interface LokiVector {
  data: { resultType: 'vector'; result: { metric: Record<string, string>; value: [number, string] }[] };
}

const START = 1795300275000000000n;
const END = 1795303935000000000n;

/** {labels} -> "ts line" entries, order-independent across streams. */
function recordedStreams(file: string): Record<string, string[]> {
  const body = readFixtureJson('loki', file) as LokiStreams;
  return Object.fromEntries(body.data.result.map((s) => [formatLabels(s.stream), s.values.map(([ts, line]) => `${ts} ${line}`)]));
}

function ourStreams(query: string, limit: number, direction: 'forward' | 'backward'): Record<string, string[]> {
  const result = evaluateLogQuery(query, { startNs: START, endNs: END, limit, direction }, store);
  return Object.fromEntries(result.result.map((s) => [formatLabels(s.labels), s.entries.map((e) => `${e.timestampNs} ${e.line}`)]));
}

function alignedRange(stepSeconds: number): [bigint, bigint] {
  const { startNs, endNs } = alignToStep(START, END, stepSeconds * 1000);
  return [startNs, endNs];
}

describe('log queries match Loki 2.8', () => {
  it.each([
    ['query_range_streams.json', '{job="shop"}', 50, 'backward'],
    ['query_range_streams_forward.json', '{job="shop", service="frontend"}', 10, 'forward'],
    ['query_range_streams_traceid.json', '{job="shop"} |= "bd5a131c670a194676bcd097a4eac415"', 100, 'backward'],
    ['query_range_streams_traceid_round2.json', '{job="shop"} |= "7d721efb63bcec752b8528a2af7411c7"', 100, 'backward'],
    ['query_range_streams_json_parser.json', '{service="payment"} | json | level="error"', 20, 'backward'],
    ['query_range_streams_logfmt.json', '{service="checkout"} | logfmt | order_id != ""', 20, 'backward'],
  ] as const)('%s', (file, query, limit, direction) => {
    expect(ourStreams(query, limit, direction)).toEqual(recordedStreams(file));
  });

  it('passes the line filter literal to the store as a hint', () => {
    store.selects.length = 0;
    ourStreams('{job="shop"} |= "bd5a131c670a194676bcd097a4eac415"', 100, 'backward');
    expect(store.selects[0].hint).toEqual({ lineContains: ['bd5a131c670a194676bcd097a4eac415'] });
  });
});

describe('metric queries match Loki 2.8', () => {
  it.each([
    ['query_range_matrix.json', 'sum by (service) (count_over_time({job="shop"}[1m]))', 60],
    ['query_range_matrix_rate.json', 'sum by (level) (rate({job="shop"}[5m]))', 120],
  ] as const)('%s', (file, query, stepSeconds) => {
    const recorded = readFixtureJson('loki', file) as LokiMatrix;
    const [start, end] = alignedRange(stepSeconds);
    const ours = evaluateLogMetricRange(query, start, end, stepSeconds * 1000, store);
    const expected = Object.fromEntries(recorded.data.result.map((s) => [formatLabels(s.metric), s.values.map(([t, v]) => [t * 1000, Number(v)])]));
    const actual = Object.fromEntries(ours.result.map((s) => [formatLabels(s.labels), s.values]));
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const [labels, values] of Object.entries(expected)) {
      expect(actual[labels].map(([t]) => t)).toEqual(values.map(([t]) => t));
      actual[labels].forEach(([, v], i) => expect(v).toBeCloseTo(values[i][1], 9));
    }
  });

  it('query_instant_vector.json', () => {
    const recorded = readFixtureJson('loki', 'query_instant_vector.json') as LokiVector;
    const ours = evaluateLogMetricInstant('sum by (level) (count_over_time({job="shop"}[1h]))', 1795303875000000000n, store);
    expect(ours.resultType).toBe('vector');
    if (ours.resultType !== 'vector') return;
    expect(ours.result.map((s) => [formatLabels(s.labels), s.value])).toEqual(
      recorded.data.result.map((s) => [formatLabels(s.metric), [s.value[0] * 1000, Number(s.value[1])]]),
    );
  });
});

describe('errors match Loki 2.8', () => {
  it('query_error_bad_logql.json', () => {
    const recorded = readFixture('loki', 'query_error_bad_logql.json').trim();
    let error: unknown;
    try {
      evaluateLogQuery('{job="shop"', { startNs: START, endNs: END, limit: 10, direction: 'backward' }, store);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).message).toBe(recorded);
    expect((error as QueryError).kind).toBe('parse');
  });
});
