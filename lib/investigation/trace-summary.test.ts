import { describe, expect, it } from 'vitest';
import { readFixtureJson } from '../../test/fixtures';
import { parseQueryResponse } from '../datasources/loki/parse';
import { parseTraceByIdV1 } from '../datasources/tempo/parse';
import { placeLogsOnSpans } from '../correlate/place-logs';
import { extractTraceContext } from '../correlate/trace-id-in-log';
import type { TraceId } from '../model/trace';
import { buildTraceTree } from '../trace-view/build-trace-tree';
import { contextWindow, formatStartTime, logMarkersBySpan, rangeAroundTrace, subtreeSpanIds, summariseTrace } from './trace-summary';

const TRACE_ID = 'bd5a131c670a194676bcd097a4eac415' as TraceId;
const trace = parseTraceByIdV1(readFixtureJson('tempo', 'traces_by_id_error.json'), TRACE_ID);
const tree = buildTraceTree(trace);

describe('summariseTrace', () => {
  it('describes the recorded error trace', () => {
    const summary = summariseTrace(tree);
    const root = trace.spans.find((s) => s.parentSpanId === null)!;
    expect(summary).toMatchObject({ rootName: root.name, rootService: root.serviceName, rootSpanId: root.spanId, spanCount: trace.spans.length });
    expect(summary.errorCount).toBeGreaterThan(0);
    expect(summary.services.map((s) => s.name)).toEqual(['checkout', 'frontend', 'payment']);
    expect(summary.durationMs).toBeCloseTo(tree.durationUs / 1000, 6);
  });
});

describe('logMarkersBySpan', () => {
  it('groups the placed lines of the recorded answer by span, with their level', () => {
    const result = parseQueryResponse(readFixtureJson('loki', 'query_range_streams_traceid.json'), { limit: 100, direction: 'backward' });
    if (result.kind !== 'streams') throw new Error('expected streams');
    const lines = placeLogsOnSpans(TRACE_ID, trace.spans, result.result.lines, extractTraceContext);
    const markers = logMarkersBySpan(lines);
    expect([...markers.values()].flat()).toHaveLength(3);
    for (const [spanId, list] of markers) {
      expect(tree.indexById.has(spanId)).toBe(true);
      expect(list.every((m) => m.level === 'error')).toBe(true);
    }
  });
});

describe('windows', () => {
  it('puts half an hour either side of the trace, never past now', () => {
    expect(contextWindow(10_000_000, 10_000_500, 20_000_000)).toEqual({ startMs: 8_200_000, endMs: 11_801_000 });
    const recent = contextWindow(10_000_000, 10_000_500, 10_060_000);
    expect(recent.endMs).toBe(10_060_000);
    expect(recent.endMs - recent.startMs).toBeGreaterThanOrEqual(30 * 60_000);
  });

  it('pins an absolute range of whole seconds around the trace', () => {
    expect(rangeAroundTrace(1795303440742, 1795303441078)).toEqual({ from: '1795302540000', to: '1795304342000' });
  });
});

describe('formatStartTime', () => {
  it('writes the instant with its zone', () => {
    expect(formatStartTime(1795303440742, 'UTC')).toBe('2026-11-21 23:24:00.742 UTC');
    expect(formatStartTime(1795303440742, 'Asia/Tokyo')).toMatch(/^2026-11-22 08:24:00\.742 (GMT\+9|JST)$/);
  });
});

describe('subtreeSpanIds', () => {
  it('is the span and everything below it', () => {
    const root = summariseTrace(tree).rootSpanId!;
    expect(subtreeSpanIds(tree, root).size).toBe(trace.spans.length);
    const leaf = tree.nodes.find((n) => n.children.length === 0)!;
    expect([...subtreeSpanIds(tree, leaf.span.spanId)]).toEqual([leaf.span.spanId]);
    const mid = tree.nodes.find((n) => n.parentIndex >= 0 && n.children.length > 0)!;
    const ids = subtreeSpanIds(tree, mid.span.spanId);
    expect(ids.size).toBe(mid.descendantCount + 1);
    for (const id of ids) {
      // Every member reaches mid by walking up its parents.
      let node = tree.nodes[tree.indexById.get(id)!];
      while (node.span.spanId !== mid.span.spanId) node = tree.nodes[node.parentIndex];
    }
    expect(subtreeSpanIds(tree, '0000000000000001' as never).size).toBe(0);
  });
});
