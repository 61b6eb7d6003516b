import { describe, expect, it } from 'vitest';
import { readFixtureJson } from '../../test/fixtures';
import { parseTraceByIdV1 } from '../datasources/tempo/parse';
import type { TraceId } from '../model/trace';
import { syntheticTrace } from '../trace-view/synthetic';
import { decodeTrace, encodeTrace, transportWindow } from './trace-transport';

describe('trace transport', () => {
  it('round-trips a recorded Tempo trace exactly, writing each resource once', () => {
    const trace = parseTraceByIdV1(readFixtureJson('tempo', 'traces_by_id_error.json'), 'bd5a131c670a194676bcd097a4eac415' as TraceId);
    const encoded = encodeTrace(trace);
    const services = new Set(trace.spans.map((s) => s.serviceName));
    expect(encoded.resources).toHaveLength(services.size);
    const decoded = decodeTrace(JSON.parse(JSON.stringify(encoded)));
    expect(decoded).toEqual(trace);
    // Spans of one service share one resource object again.
    const first = decoded.spans.filter((s) => s.serviceName === decoded.spans[0].serviceName);
    expect(first.every((s) => s.resource === first[0].resource)).toBe(true);
  });

  it('is much smaller for a big trace and does not mutate its input', () => {
    const trace = syntheticTrace(5000, 3);
    const copy = structuredClone(trace);
    const plain = JSON.stringify(trace).length;
    const compact = JSON.stringify(encodeTrace(trace)).length;
    expect(trace).toEqual(copy);
    expect(compact).toBeLessThan(plain * 0.5);
    expect(decodeTrace(encodeTrace(trace))).toEqual(trace);
  });

  it('keeps every kind of attribute value, events, links, status messages and missing scopes', () => {
    const recorded = parseTraceByIdV1(readFixtureJson('tempo', 'traces_by_id_error.json'), 'bd5a131c670a194676bcd097a4eac415' as TraceId);
    const base = recorded.spans[0];
    const odd = {
      ...base,
      attributes: { s: 'x', n: 3, f: 1.5, b: false, z: null, a: ['x', 1, [true]], m: { inner: 'y', deeper: { k: 2 } }, '': '' },
      status: { code: 'error' as const, message: 'card declined' },
      events: [{ name: 'exception', timeUnixNano: base.startUnixNano, attributes: { 'exception.type': 'Declined' } }],
      links: [{ traceId: recorded.traceId, spanId: base.spanId, attributes: {} }],
    };
    const { scope: _scope, ...unscoped } = base;
    const trace = { traceId: recorded.traceId, spans: [odd, unscoped, ...recorded.spans.slice(1)] };
    expect(decodeTrace(JSON.parse(JSON.stringify(encodeTrace(trace))))).toEqual(trace);
  });

  it('keeps the partial flag', () => {
    const trace = { traceId: 'bd5a131c670a194676bcd097a4eac415' as TraceId, spans: [], partial: { message: 'Tempo returned part of the trace' } };
    expect(decodeTrace(encodeTrace(trace)).partial).toEqual({ message: 'Tempo returned part of the trace' });
  });
});

describe('transportWindow', () => {
  it('is the trace window, read from the tuples', () => {
    const trace = parseTraceByIdV1(readFixtureJson('tempo', 'traces_by_id_ok.json'), 'c5527fbb0cac1b9c5b80953ef63cd323' as TraceId);
    const startMs = Math.min(...trace.spans.map((s) => s.startMs));
    const endMs = Math.max(...trace.spans.map((s) => s.startMs + s.durationNs / 1e6));
    expect(transportWindow(encodeTrace(trace))).toEqual({ startMs, endMs });
    expect(transportWindow(encodeTrace({ traceId: trace.traceId, spans: [] }))).toBeNull();
  });
});
