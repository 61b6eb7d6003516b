// The sample traces sent to a real Tempo 2.0 are loaded into an in-memory store and the recorded searches
// are re-run: for the sample traces, the answers must be Tempo's (Tempo also held its Loki's self-traces,
// which are not in the sample data, so those are left out of the comparison).
import { describe, expect, it } from 'vitest';
import { readFixture, readFixtureJson } from '../../../test/fixtures';
import { QueryError } from '../types';
import { InMemoryTraceStore } from '../testing/in-memory-stores';
import { tracesFromOtlp } from '../testing/fixture-stores';
import { evaluateTagSearch, evaluateTraceQL, parseTagsParam, type TraceSearchResult } from './index';

const traces = tracesFromOtlp(readFixtureJson('sample-otlp-traces.json'), readFixtureJson('sample-otlp-traces-round2.json'));
const store = new InMemoryTraceStore(traces);
const sampleIds = new Set(traces.map((t) => t.traceId));
const range = { startNs: 1795300280n * 1_000_000_000n, endNs: 1795303940n * 1_000_000_000n, limit: 20, spssLimit: 3 };

interface TempoSearch {
  traces: {
    traceID: string;
    rootServiceName: string;
    rootTraceName?: string;
    startTimeUnixNano: string;
    durationMs?: number;
    spanSet?: { spans: { spanID: string; startTimeUnixNano: string; durationNanos: string }[]; matched: number };
  }[];
}

function recorded(file: string, withSpans: boolean): unknown[] {
  const body = readFixtureJson('tempo', file) as TempoSearch;
  return body.traces
    .filter((t) => sampleIds.has(t.traceID))
    .map((t) => ({
      traceID: t.traceID,
      rootServiceName: t.rootServiceName,
      rootTraceName: t.rootTraceName,
      startTimeUnixNano: t.startTimeUnixNano,
      durationMs: t.durationMs,
      ...(withSpans && t.spanSet
        ? {
            spans: t.spanSet.spans.map((s) => ({ spanID: s.spanID, startTimeUnixNano: s.startTimeUnixNano, durationNanos: s.durationNanos })),
            matched: t.spanSet.matched,
          }
        : {}),
    }));
}

function ours(results: TraceSearchResult[], withSpans: boolean): unknown[] {
  return results.map((r) => ({
    traceID: r.traceId,
    rootServiceName: r.rootServiceName,
    rootTraceName: r.rootTraceName,
    startTimeUnixNano: String(r.startNs),
    durationMs: r.durationMs,
    ...(withSpans
      ? {
          spans: r.matchedSpans.map((s) => ({ spanID: s.spanId, startTimeUnixNano: String(s.startNs), durationNanos: String(s.durationNs) })),
          matched: r.matchedCount,
        }
      : {}),
  }));
}

describe('TraceQL search matches Tempo 2.0', () => {
  it.each([
    ['search_traceql_error_status.json', '{ resource.service.name = "payment" && status = error }'],
    ['search_traceql_http_500.json', '{ span.http.status_code >= 500 }'],
  ])('%s', (file, query) => {
    expect(ours(evaluateTraceQL(query, range, store), true)).toEqual(recorded(file, true));
  });

  it('search_traceql_bad.txt', () => {
    const body = readFixture('tempo', 'search_traceql_bad.txt').trim();
    let error: unknown;
    try {
      evaluateTraceQL('{ .service.name = ', range, store);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).kind).toBe('parse');
    expect(body).toBe(`invalid TraceQL query: ${(error as QueryError).message}`);
  });
});

describe('legacy tag search matches Tempo 2.0', () => {
  it.each([
    ['search_tags_service.json', 'service.name=checkout', undefined],
    ['search_tags_multi.json', 'service.name=frontend http.status_code=500', undefined],
    ['search_min_duration.json', 'service.name=frontend', 250_000_000n],
  ])('%s', (file, tags, minDurationNs) => {
    const results = evaluateTagSearch({ tags: parseTagsParam(tags), minDurationNs }, range, store);
    expect(ours(results, false)).toEqual(recorded(file, false));
  });
});
