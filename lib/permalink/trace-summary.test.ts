import { describe, expect, it } from 'vitest';
import { readFixtureJson } from '../../test/fixtures';
import { placeLogsOnSpans } from '../correlate/place-logs';
import { extractTraceContext } from '../correlate/trace-id-in-log';
import { parseQueryResponse } from '../datasources/loki/parse';
import { parseTraceByIdV1 } from '../datasources/tempo/parse';
import type { TraceId } from '../model/trace';
import { buildTraceTree } from '../trace-view/build-trace-tree';
import { keyLogLine, traceSummaryFromTree } from './trace-summary';
import { traceSummarySchema } from './view-state';

const TRACE_ID = 'bd5a131c670a194676bcd097a4eac415' as TraceId;
const trace = parseTraceByIdV1(readFixtureJson('tempo', 'traces_by_id_error.json'), TRACE_ID);
const tree = buildTraceTree(trace);
const loki = parseQueryResponse(readFixtureJson('loki', 'query_range_streams_traceid.json'), { limit: 100, direction: 'backward' });
if (loki.kind !== 'streams') throw new Error('expected streams');
const lines = placeLogsOnSpans(TRACE_ID, trace.spans, loki.result.lines, extractTraceContext);

describe('traceSummaryFromTree on the recorded error trace', () => {
  it('has the root, counts, services and an error log line, and fits the stored schema', () => {
    const root = trace.spans.find((s) => s.parentSpanId === null)!;
    const summary = traceSummaryFromTree(tree, null, lines);
    expect(summary).toMatchObject({
      kind: 'trace',
      traceId: TRACE_ID,
      rootService: root.serviceName,
      rootName: root.name,
      spanCount: trace.spans.length,
      services: ['checkout', 'frontend', 'payment'],
      spanId: null,
      spanName: null,
    });
    expect(summary.errorCount).toBeGreaterThan(0);
    expect(summary.durationMs).toBeCloseTo(tree.durationUs / 1000, 6);
    const errorLine = lines.find((l) => l.level === 'error')!;
    expect(summary.keyLogLine).toBe(errorLine.line.trim().replace(/\s+/g, ' ').slice(0, 300));
    expect(traceSummarySchema.parse(summary)).toEqual(summary);
  });

  it('names the selected span, and ignores a span id the trace does not have', () => {
    const span = trace.spans.find((s) => s.parentSpanId !== null)!;
    expect(traceSummaryFromTree(tree, span.spanId, lines)).toMatchObject({ spanId: span.spanId, spanName: `${span.serviceName}: ${span.name}` });
    expect(traceSummaryFromTree(tree, 'ffffffffffffffff', lines)).toMatchObject({ spanId: null, spanName: null });
  });
});

describe('keyLogLine', () => {
  const json = (level: string, msg: string, extra = '') => `{"level":"${level}","ts":"2026-11-21T10:00:00Z","msg":"${msg}"${extra}}`;
  it('prefers an error on the selected span, then any error, then warnings; JSON lines become their message', () => {
    const list = [
      { line: json('warn', 'slow bank'), level: 'warn' as const, spanId: 'b' },
      { line: json('error', 'db timeout', ',"error":"context deadline exceeded"'), level: 'error' as const, spanId: 'a' },
      { line: 'level=error msg="card declined"', level: 'error' as const, spanId: 'b' },
    ];
    expect(keyLogLine(list, 'b')).toBe('level=error msg="card declined"');
    expect(keyLogLine(list, null)).toBe('error: db timeout (context deadline exceeded)');
    expect(keyLogLine(list.slice(0, 1), 'a')).toBe('warn: slow bank');
    expect(keyLogLine([{ line: 'all fine', level: 'info', spanId: null }], null)).toBeNull();
  });
});
