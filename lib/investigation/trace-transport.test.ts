import { describe, expect, it } from 'vitest';
import { readFixtureJson } from '../../test/fixtures';
import { parseTraceByIdV1 } from '../datasources/tempo/parse';
import type { TraceId } from '../model/trace';
import { syntheticTrace } from '../trace-view/synthetic';
import { decodeTrace, encodeTrace } from './trace-transport';

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
    expect(compact).toBeLessThan(plain * 0.8);
    expect(decodeTrace(encodeTrace(trace))).toEqual(trace);
  });

  it('keeps the partial flag', () => {
    const trace = { traceId: 'bd5a131c670a194676bcd097a4eac415' as TraceId, spans: [], partial: { message: 'Tempo returned part of the trace' } };
    expect(decodeTrace(encodeTrace(trace)).partial).toEqual({ message: 'Tempo returned part of the trace' });
  });
});
