import { describe, expect, it } from 'vitest';
import { readFixtureJson, readManifest } from '../../test/fixtures';
import { parseTraceByIdV1 } from '../datasources/tempo/parse';
import { normaliseTraceId } from '../model/ids';
import type { Span, SpanId, Trace, TraceId } from '../model/trace';
import { buildTraceTree } from '../trace-view/build-trace-tree';
import { makeTrace, syntheticTrace } from '../trace-view/synthetic';
import { decodeTrace, decodeTraceTree, decodeTraceWithHints, encodeTrace, transportWindow, type TraceTransport } from './trace-transport';

/** Through JSON and back, as the browser gets it. */
function roundTrip(trace: Trace & { partial?: { message: string } }): Trace & { partial?: { message: string } } {
  return decodeTrace(JSON.parse(JSON.stringify(encodeTrace(trace))) as TraceTransport);
}

/** Every recorded Tempo trace-by-id answer, parsed. */
function recordedTraces(): Trace[] {
  return readManifest('tempo')
    .filter((e) => e.status === 200 && e.file.endsWith('.json') && /^\/api\/traces\/[^/]+$/.test(e.path))
    .map((e) => {
      const id = normaliseTraceId(e.path.split('/').pop() ?? '');
      if (!id) throw new Error(`no trace id in ${e.path}`);
      return parseTraceByIdV1(readFixtureJson('tempo', e.file), id);
    });
}

describe('trace transport', () => {
  it('round-trips every recorded Tempo trace exactly', () => {
    const traces = recordedTraces();
    expect(traces.length).toBeGreaterThanOrEqual(5);
    for (const trace of traces) {
      expect(trace.spans.length).toBeGreaterThan(0);
      const encoded = encodeTrace(trace);
      // The parser's startMs is derived from the exact start: it need not go over the wire.
      expect(encoded.startMs).toBeUndefined();
      expect(encoded.startSteps).not.toBeNull();
      expect(roundTrip(trace)).toStrictEqual(trace);
    }
  });

  it('round-trips a 20k-span synthetic trace exactly, in well under half the bytes of the plain JSON', () => {
    const trace = syntheticTrace(20_000, 7);
    const encoded = JSON.stringify(encodeTrace(trace));
    expect(encoded.length).toBeLessThan(JSON.stringify(trace).length * 0.25);
    expect(decodeTrace(JSON.parse(encoded) as TraceTransport)).toStrictEqual(trace);
    // Children before their parents (parents found through the id index, not the previous rows' ancestors).
    const reversed: Trace = { traceId: trace.traceId, spans: [...trace.spans].reverse() };
    expect(roundTrip(reversed)).toStrictEqual(reversed);
  });

  it('keeps what the compact columns cannot restore: odd ids, missing parents, odd starts and startMs', () => {
    const [recorded] = recordedTraces();
    const base = recorded.spans[0];
    const odd: Span[] = [
      { ...base, spanId: 'short' as SpanId, parentSpanId: 'not-in-this-trace' as SpanId, startMs: base.startMs + 0.25 },
      { ...base, spanId: 'other' as SpanId, parentSpanId: 'short' as SpanId },
      { ...base, spanId: 'dup' as SpanId, parentSpanId: null, startUnixNano: '000123', startMs: 0.000123 },
    ];
    const trace: Trace = { traceId: recorded.traceId, spans: [...odd, ...recorded.spans] };
    const encoded = encodeTrace(trace);
    expect(Array.isArray(encoded.spanIds)).toBe(true);
    expect(encoded.startSteps).toBeNull();
    expect(encoded.startMs).toBeDefined();
    expect(roundTrip(trace)).toStrictEqual(trace);
    // Starts hours apart and out of order restore exactly from their steps.
    const spread: Trace = {
      traceId: recorded.traceId,
      spans: [
        { ...base, startUnixNano: '1795303440999999999', startMs: 1795303440999.999999 },
        { ...base, spanId: '00000000000000aa' as SpanId, startUnixNano: '1795300000000000001', startMs: 1795300000000.000001 },
        { ...base, spanId: '00000000000000ab' as SpanId, startUnixNano: '1795399999000000000', startMs: 1795399999000 },
      ],
    };
    expect(encodeTrace(spread).startSteps).not.toBeNull();
    expect(roundTrip(spread)).toStrictEqual(spread);
  });

  it('round-trips a recorded Tempo trace exactly, writing each resource once', () => {
    const trace = parseTraceByIdV1(readFixtureJson('tempo', 'traces_by_id_error.json'), 'bd5a131c670a194676bcd097a4eac415' as TraceId);
    const encoded = encodeTrace(trace);
    const services = new Set(trace.spans.map((s) => s.serviceName));
    expect(encoded.resources).toHaveLength(services.size);
    const decoded = decodeTrace(JSON.parse(JSON.stringify(encoded)) as TraceTransport);
    expect(decoded).toStrictEqual(trace);
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
    expect(roundTrip(trace)).toStrictEqual(trace);
  });

  it('keeps the partial flag', () => {
    const trace = { traceId: 'bd5a131c670a194676bcd097a4eac415' as TraceId, spans: [], partial: { message: 'Tempo returned part of the trace' } };
    expect(decodeTrace(encodeTrace(trace)).partial).toEqual({ message: 'Tempo returned part of the trace' });
  });
});

describe('transportWindow', () => {
  it('is the trace window, without decoding the spans', () => {
    const trace = parseTraceByIdV1(readFixtureJson('tempo', 'traces_by_id_ok.json'), 'c5527fbb0cac1b9c5b80953ef63cd323' as TraceId);
    const startMs = Math.min(...trace.spans.map((s) => s.startMs));
    const endMs = Math.max(...trace.spans.map((s) => s.startMs + s.durationNs / 1e6));
    expect(transportWindow(encodeTrace(trace))).toEqual({ startMs, endMs });
    expect(transportWindow(encodeTrace({ traceId: trace.traceId, spans: [] }))).toBeNull();
  });
});

/** The transport as the browser gets it (through JSON). */
function sent(trace: Trace): TraceTransport {
  return JSON.parse(JSON.stringify(encodeTrace(trace))) as TraceTransport;
}

/** Traces whose parents and starts take every path of the decoder's hints and the tree's fallbacks. */
function awkwardTraces(): { name: string; trace: Trace }[] {
  const [recorded] = recordedTraces();
  const base = recorded.spans[0];
  const synthetic = syntheticTrace(3_000, 5);
  const shuffled = [...synthetic.spans];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  return [
    { name: 'empty', trace: { traceId: recorded.traceId, spans: [] } },
    { name: 'synthetic 3k', trace: synthetic },
    { name: 'children before parents (reversed)', trace: { traceId: synthetic.traceId, spans: [...synthetic.spans].reverse() } },
    { name: 'shuffled', trace: { traceId: synthetic.traceId, spans: shuffled } },
    {
      name: 'duplicate ids, parents on the later copy and on the first',
      trace: makeTrace([
        { id: 'aaaaaaaaaaaaaaaa', startUs: 0, durationUs: 100 },
        { id: 'bbbbbbbbbbbbbbbb', parent: 'aaaaaaaaaaaaaaaa', startUs: 10, durationUs: 10 },
        { id: 'aaaaaaaaaaaaaaaa', startUs: 5, durationUs: 50 },
        { id: 'cccccccccccccccc', parent: 'aaaaaaaaaaaaaaaa', startUs: 20, durationUs: 10 },
        { id: 'dddddddddddddddd', parent: 'bbbbbbbbbbbbbbbb', startUs: 1, durationUs: 1 },
      ]),
    },
    {
      name: 'missing parents, cycles, a self-parent and clock skew',
      trace: makeTrace([
        { id: '000000000000000a', parent: '000000000000000b', startUs: 0, durationUs: 10 },
        { id: '000000000000000b', parent: '000000000000000a', startUs: 1, durationUs: 5 },
        { id: '000000000000000c', parent: '000000000000000c', startUs: 2, durationUs: 1 },
        { id: '000000000000000d', parent: 'ffffffffffffffff', startUs: 3, durationUs: 1 },
        { id: '000000000000000e', parent: '000000000000000d', startUs: 2.5, durationUs: 1 },
        { id: '000000000000000f', parent: 'ffffffffffffffff', startUs: 9, durationUs: 1 },
      ]),
    },
    {
      name: 'odd ids and empty parent ids',
      trace: {
        traceId: recorded.traceId,
        spans: [
          { ...base, spanId: 'short' as SpanId, parentSpanId: '' as SpanId },
          { ...base, spanId: '' as SpanId, parentSpanId: 'short' as SpanId },
          { ...base, spanId: 'kid' as SpanId, parentSpanId: '' as SpanId },
          { ...base, spanId: 'gone-kid' as SpanId, parentSpanId: 'gone' as SpanId },
        ],
      },
    },
    {
      name: 'odd start strings (leading zeros, not digits, empty)',
      trace: {
        traceId: recorded.traceId,
        spans: [
          { ...base, spanId: '0000000000000001' as SpanId, parentSpanId: null, startUnixNano: '000123', startMs: 0.000123 },
          { ...base, spanId: '0000000000000002' as SpanId, parentSpanId: '0000000000000001' as SpanId, startUnixNano: 'soon', startMs: 5 },
          { ...base, spanId: '0000000000000003' as SpanId, parentSpanId: '0000000000000001' as SpanId, startUnixNano: '', startMs: 1 },
          { ...base, spanId: '0000000000000004' as SpanId, parentSpanId: '0000000000000001' as SpanId, startUnixNano: '0', startMs: 0 },
        ],
      },
    },
    {
      name: 'starts days apart, out of order, with equal starts',
      trace: {
        traceId: recorded.traceId,
        spans: [
          { ...base, spanId: '00000000000000a1' as SpanId, parentSpanId: null, startUnixNano: '1795303440999999999', startMs: 1795303440999.999999 },
          { ...base, spanId: '00000000000000a2' as SpanId, parentSpanId: '00000000000000a1' as SpanId, startUnixNano: '1795000000000000001', startMs: 1795000000000.000001 },
          { ...base, spanId: '00000000000000a3' as SpanId, parentSpanId: '00000000000000a1' as SpanId, startUnixNano: '1795000000000000001', startMs: 1795000000000.000001 },
          { ...base, spanId: '00000000000000a4' as SpanId, parentSpanId: '00000000000000a1' as SpanId, startUnixNano: '1796999999000000000', startMs: 1796999999000 },
        ],
      },
    },
  ];
}

describe('decodeTraceTree', () => {
  it('is buildTraceTree(decodeTrace(transport)) on every recorded Tempo trace', () => {
    for (const trace of recordedTraces()) {
      const transport = sent(trace);
      expect(decodeTraceTree(transport)).toStrictEqual(buildTraceTree(decodeTrace(transport)));
      // And the tree of the trace as the parser made it.
      expect(decodeTraceTree(transport)).toStrictEqual(buildTraceTree(trace));
    }
  });

  it('is the same tree on duplicate ids, missing parents, cycles, children before parents and odd starts', () => {
    for (const { name, trace } of awkwardTraces()) {
      const transport = sent(trace);
      expect(decodeTrace(transport), name).toStrictEqual(trace);
      expect(decodeTraceTree(transport), name).toStrictEqual(buildTraceTree(trace));
    }
  });

  it('is the same tree on a 20k-span synthetic trace', () => {
    const trace = syntheticTrace(20_000, 9);
    const tree = decodeTraceTree(sent(trace));
    expect(tree).toStrictEqual(buildTraceTree(trace));
    expect(tree.preorder).toHaveLength(20_000);
  });
});

describe('decodeTraceWithHints', () => {
  it('gives each span its parent row (or -1 / -2) and its exact start offset from the earliest start', () => {
    const { trace } = awkwardTraces().find((t) => t.name.startsWith('missing parents')) ?? { trace: null };
    if (!trace) throw new Error('no such trace');
    const { trace: decoded, hints } = decodeTraceWithHints(sent(trace));
    expect(decoded).toStrictEqual(trace);
    expect([...hints.parentRows]).toEqual([1, 0, 2, -2, 3, -2]);
    // makeTrace starts: 0, 1, 2, 3, 2.5, 9 us after the earliest.
    expect([...(hints.startOffsetsNs ?? [])]).toEqual([0, 1000, 2000, 3000, 2500, 9000]);
  });

  it('leaves the starts to the tree when they go as strings', () => {
    const { trace } = awkwardTraces().find((t) => t.name.startsWith('odd start')) ?? { trace: null };
    if (!trace) throw new Error('no such trace');
    const { hints } = decodeTraceWithHints(sent(trace));
    expect(hints.startOffsetsNs).toBeNull();
  });

  it('decodes spans without events, links or a status message to shared frozen values equal to fresh ones', () => {
    const trace = syntheticTrace(500, 4);
    const decoded = decodeTrace(sent(trace));
    expect(decoded).toStrictEqual(trace);
    const plain = decoded.spans.filter((s) => s.events.length === 0 && s.status.message === undefined);
    expect(plain.length).toBeGreaterThan(1);
    expect(Object.isFrozen(plain[0].events)).toBe(true);
    expect(Object.isFrozen(plain[0].status)).toBe(true);
    expect(() => (plain[0].events as unknown[]).push(1)).toThrow(TypeError);
  });
});
