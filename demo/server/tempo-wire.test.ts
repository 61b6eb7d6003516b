import { describe, expect, it } from 'vitest';
import { readFixtureJson } from '../../test/fixtures';
import type { StoredSpan } from '../query/types';
import { anyValueJson, hexToBase64Fast, traceJsonChunks } from './tempo-wire';
import { hexToBase64 } from './wire';

describe('hexToBase64Fast', () => {
  it('equals Node base64 for trace and span ids of every length', () => {
    for (const hex of ['c5527fbb0cac1b9c5b80953ef63cd323', '0f5e381183de2e82', '00', 'ab', 'abcd', 'abcdef', '00000000000000000000000000000001']) {
      expect(hexToBase64Fast(hex)).toBe(hexToBase64(hex));
    }
  });

  it('gives the recorded Tempo ids', () => {
    // fixtures/tempo/traces_by_id_error.json: trace bd5a131c670a194676bcd097a4eac415, span 0f5e381183de2e82
    expect(hexToBase64Fast('bd5a131c670a194676bcd097a4eac415')).toBe('vVoTHGcKGUZ2vNCXpOrEFQ==');
    expect(hexToBase64Fast('0f5e381183de2e82')).toBe('D144EYPeLoI=');
  });
});

describe('anyValueJson', () => {
  it('encodes OTLP AnyValue like Tempo', () => {
    expect(anyValueJson('a"b')).toBe('{"stringValue":"a\\"b"}');
    expect(anyValueJson(500)).toBe('{"intValue":"500"}');
    expect(anyValueJson(0.25)).toBe('{"doubleValue":0.25}');
    expect(anyValueJson(true)).toBe('{"boolValue":true}');
  });
});

describe('span events', () => {
  const span: StoredSpan = {
    traceId: 'ab'.repeat(16),
    spanId: '0123456789abcdef',
    parentSpanId: null,
    name: 'POST /charge',
    serviceName: 'payment',
    kind: 'server',
    statusCode: 'error',
    statusMessage: 'bank timeout',
    startNs: 1000n,
    durationNs: 500n,
    attributes: {},
    resourceAttributes: {},
  };
  const events = (s: StoredSpan) => (JSON.parse([...traceJsonChunks({ traceId: s.traceId, spans: [s] }, 'batches')].join('')) as {
    batches: { scopeSpans: { spans: { events?: { timeUnixNano: string; name: string; attributes: { key: string; value: unknown }[] }[] }[] }[] }[];
  }).batches[0].scopeSpans[0].spans[0].events;

  it("serialises the span's own events", () => {
    const withEvents = { ...span, events: [{ name: 'retry', timeNs: 1200n, attributes: { attempt: 2 } }] };
    expect(events(withEvents)).toEqual([{ timeUnixNano: '1200', name: 'retry', attributes: [{ key: 'attempt', value: { intValue: '2' } }] }]);
  });

  it('adds an exception event to an error span without events, and none otherwise', () => {
    expect(events(span)).toEqual([{ timeUnixNano: '1500', name: 'exception', attributes: [{ key: 'exception.message', value: { stringValue: 'bank timeout' } }] }]);
    expect(events({ ...span, statusCode: 'unset' })).toBeUndefined();
  });
});

describe('traceJsonChunks', () => {
  it('reproduces the span layout of a recorded Tempo 2.0 trace', () => {
    const recorded = readFixtureJson('tempo', 'traces_by_id_browse.json') as {
      batches: { resource: unknown; scopeSpans: { spans: { spanId: string; parentSpanId?: string; name: string; kind: string; status: unknown }[] }[] }[];
    };
    const traceId = 'faa1111b41925d13ad08605ad5300a28';
    const resource = (service: string) => ({ 'service.namespace': 'shop', 'deployment.environment': 'realstack', 'host.name': 'realstack-host', 'service.name': service });
    const spans: StoredSpan[] = recorded.batches.flatMap((batch) =>
      batch.scopeSpans[0].spans.map((s) => ({
        traceId,
        spanId: Buffer.from(s.spanId, 'base64').toString('hex'),
        parentSpanId: s.parentSpanId ? Buffer.from(s.parentSpanId, 'base64').toString('hex') : null,
        name: s.name,
        serviceName: s.name.startsWith('GET /api') ? 'catalog' : 'frontend',
        kind: 'server',
        statusCode: 'ok',
        startNs: 1n,
        durationNs: 1n,
        attributes: {},
        resourceAttributes: resource(s.name.startsWith('GET /api') ? 'catalog' : 'frontend'),
      })),
    );
    const ours = JSON.parse([...traceJsonChunks({ traceId, spans }, 'batches')].join('')) as typeof recorded;
    expect(ours.batches.map((b) => b.resource)).toEqual(recorded.batches.map((b) => b.resource));
    expect(ours.batches.flatMap((b) => b.scopeSpans[0].spans.map((s) => [s.spanId, s.parentSpanId, s.kind]))).toEqual(
      recorded.batches.flatMap((b) => b.scopeSpans[0].spans.map((s) => [s.spanId, s.parentSpanId, s.kind])),
    );
  });

  it('streams big traces in bounded chunks', () => {
    const spans: StoredSpan[] = Array.from({ length: 5000 }, (_, i) => ({
      traceId: 'ab'.repeat(16),
      spanId: i.toString(16).padStart(16, '0'),
      parentSpanId: null,
      name: 'x',
      serviceName: 's',
      kind: 'internal',
      statusCode: 'unset',
      startNs: BigInt(i),
      durationNs: 1n,
      attributes: { i },
      resourceAttributes: {},
    }));
    const chunks = [...traceJsonChunks({ traceId: 'ab'.repeat(16), spans }, 'v2')];
    expect(chunks.length).toBeGreaterThan(1);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(300 * 1024);
    const parsed = JSON.parse(chunks.join('')) as { trace: { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] } };
    expect(parsed.trace.resourceSpans[0].scopeSpans[0].spans).toHaveLength(5000);
  });
});
