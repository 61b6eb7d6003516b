import { describe, expect, it } from 'vitest';
import type { Span, SpanId, Trace, TraceId } from '../model/trace';
import { buildTraceTree } from './build-trace-tree';
import { spanLabels } from './span-labels';

const traceId = '0123456789abcdef0123456789abcdef' as TraceId;

function span(spanId: string, serviceName: string, name: string, parentSpanId: string | null = null): Span {
  return {
    traceId,
    spanId: spanId as SpanId,
    parentSpanId: parentSpanId as SpanId | null,
    name,
    serviceName,
    kind: 'internal',
    startUnixNano: '1000000000',
    startMs: 1000,
    durationNs: 10,
    status: { code: 'unset' },
    attributes: {},
    resource: {},
    events: [],
    links: [],
  };
}

describe('spanLabels', () => {
  const trace: Trace = {
    traceId,
    spans: [span('00000000000000a1', 'frontend', 'GET /'), span('00000000000000b2', 'db', 'SELECT', '00000000000000a1'), span('00000000000000a1', 'dup', 'copy')],
  };
  const tree = buildTraceTree(trace);

  it('labels only the named spans, each once, the first copy of a duplicated id', () => {
    const labels = spanLabels(tree, ['00000000000000b2', null, '00000000000000a1', '00000000000000b2', 'ffffffffffffffff']);
    expect([...labels]).toEqual([
      ['00000000000000b2', 'db: SELECT'],
      ['00000000000000a1', 'frontend: GET /'],
    ]);
  });

  it('is empty without ids', () => {
    expect(spanLabels(tree, []).size).toBe(0);
  });
});
