// TraceQL semantics on small hand-built traces: intrinsics, attributes and their scopes, operators and
// precedence, spanset and structural operators, pipelines, ordering and limits, legacy tag search, errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QueryError, type StoredSpan, type StoredTrace } from '../types';
import { InMemoryTraceStore } from '../testing/in-memory-stores';
import { evaluateTagSearch, evaluateTraceQL, parseTagsParam, parseTraceQL, ROOT_SPAN_NOT_YET_RECEIVED } from './index';

const MS = 1_000_000n;
const BASE = 1_800_000_000_000n * MS;

function span(traceId: string, spanId: string, parent: string | null, fields: Partial<StoredSpan> & { startMs: number; durationMs: number }): StoredSpan {
  const { startMs, durationMs, ...rest } = fields;
  return {
    traceId,
    spanId,
    parentSpanId: parent,
    name: 'op',
    serviceName: 'svc',
    kind: 'internal',
    statusCode: 'unset',
    startNs: BASE + BigInt(startMs) * MS,
    durationNs: BigInt(durationMs) * MS,
    attributes: {},
    resourceAttributes: {},
    ...rest,
  };
}

const t1 = 'a'.repeat(32);
const t2 = 'b'.repeat(32);
const t3 = 'c'.repeat(32);

// t1: gateway -> order -> (db, payment[error]); t2: a fast ok request; t3: no root span received.
const traces: StoredTrace[] = [
  {
    traceId: t1,
    spans: [
      span(t1, '1'.repeat(16), null, { name: 'GET /checkout', serviceName: 'gateway', kind: 'server', statusCode: 'error', startMs: 0, durationMs: 900, attributes: { 'http.status_code': 500, 'http.method': 'GET' }, resourceAttributes: { 'service.name': 'gateway', region: 'eu' } }),
      span(t1, '2'.repeat(16), '1'.repeat(16), { name: 'POST /orders', serviceName: 'order', kind: 'server', statusCode: 'error', startMs: 10, durationMs: 800, attributes: { 'http.status_code': 502, retry: true, ratio: 0.5 }, resourceAttributes: { 'service.name': 'order' } }),
      span(t1, '3'.repeat(16), '2'.repeat(16), { name: 'SELECT orders', serviceName: 'order', kind: 'client', startMs: 20, durationMs: 30, attributes: { 'db.system': 'postgresql' }, resourceAttributes: { 'service.name': 'order' } }),
      span(t1, '4'.repeat(16), '2'.repeat(16), { name: 'charge', serviceName: 'payment', kind: 'client', statusCode: 'error', statusMessage: 'card declined', startMs: 60, durationMs: 700, attributes: { 'peer.service': 'bank', 'x': -1 }, resourceAttributes: { region: 'us' } }),
    ],
  },
  {
    traceId: t2,
    spans: [
      span(t2, '5'.repeat(16), null, { name: 'GET /health', serviceName: 'gateway', kind: 'server', statusCode: 'ok', startMs: 60_000, durationMs: 2, attributes: { 'http.status_code': 200 } }),
    ],
  },
  {
    traceId: t3,
    spans: [span(t3, '6'.repeat(16), 'f'.repeat(16), { name: 'orphan', serviceName: 'worker', startMs: 30_000, durationMs: 50, attributes: { region: 'eu' } })],
  },
];

const store = new InMemoryTraceStore(traces);
const options = { startNs: BASE - 3600n * 1000n * MS, endNs: BASE + 3600n * 1000n * MS, limit: 20 };

function ids(query: string): string[] {
  return evaluateTraceQL(query, options, store).map((r) => r.traceId[0]);
}

function spans(query: string): string[] {
  return evaluateTraceQL(query, options, store).flatMap((r) => r.matchedSpans.map((s) => s.spanId[0]));
}

describe('intrinsics and attributes', () => {
  it.each([
    ['{ name = "charge" }', ['4']],
    ['{ span:name =~ "GET.*" }', ['5', '1']],
    ['{ status = error }', ['1', '2', '4']],
    ['{ span:status != error }', ['5', '6', '3']],
    ['{ statusMessage = "card declined" }', ['4']],
    ['{ duration > 500ms }', ['1', '2', '4']],
    ['{ span:duration <= 2ms }', ['5']],
    ['{ kind = client }', ['3', '4']],
    ['{ rootServiceName = "gateway" && kind = client }', ['3', '4']],
    ['{ trace:rootName = "GET /health" }', ['5']],
    ['{ traceDuration > 800ms && name = "charge" }', ['4']],
    ['{ span.http.status_code >= 500 }', ['1', '2']],
    ['{ resource.service.name = "payment" }', ['4']],
    ['{ .service.name = "order" }', ['2', '3']],
    ['{ .region = "eu" }', ['6', '1']],
    ['{ span.region = "eu" }', ['6']],
    ['{ resource.region = "eu" }', ['1']],
    ['{ .retry = true }', ['2']],
    ['{ .retry }', ['2']],
    ['{ .ratio < 1 && .ratio > 0.25 }', ['2']],
    ['{ .x = -1 && kind = client && status != ok }', ['4']],
    ['{ .db.system != nil }', ['3']],
    ['{ .db.system = nil && kind = client }', ['4']],
    ['{ .db.system != "mysql" }', ['3']],
    ['{ .http.method =~ "(?i)get" }', ['1']],
    ['{ .http.method =~ "G" }', []],
    ['{ .http.method !~ "P.*" }', ['1']],
    ['{ span.http.status_code + 1 > 500 * 1 }', ['1', '2']],
    ['{ .http.status_code = 200 || .http.status_code = 500 && kind = server }', ['5', '1']],
    ['{ !(kind = server) && .region = "eu" }', ['6']],
    ['{ span:id = "4444444444444444" }', ['4']],
  ])('%s', (query, expected) => {
    expect(spans(query)).toEqual(expected);
  });

  it('{} matches every trace, newest first', () => {
    expect(ids('{}')).toEqual(['b', 'c', 'a']);
  });
});

describe('spanset operators and pipelines', () => {
  it.each([
    ['{ name = "charge" } && { kind = server }', ['1', '2', '4']],
    ['{ name = "charge" } && { name = "nothing" }', []],
    ['{ name = "charge" } || { name = "GET /health" }', ['5', '4']],
    ['{ name = "POST /orders" } > { kind = client }', ['3', '4']],
    ['{ name = "GET /checkout" } > { kind = client }', []],
    ['{ name = "GET /checkout" } >> { status = error }', ['2', '4']],
    ['{ kind = client } < { }', ['2']],
    ['{ name = "charge" } << { }', ['1', '2']],
    ['{ name = "SELECT orders" } ~ { }', ['4']],
    ['{ status = error } | count() > 2', ['1', '2', '4']],
    ['{ status = error } | count() > 3', []],
    ['{ kind = client } | avg(duration) > 300ms', ['3', '4']],
    ['{ } | max(span.http.status_code) = 502', ['1', '2', '3', '4']],
    ['{ status = error } | { kind = client }', ['4']],
    ['{ status = error } | select(.http.method)', ['1', '2', '4']],
    ['({ kind = client } | count() = 2) && { kind = server }', ['1', '2', '3', '4']],
    ['{ status = error } | count() + 1 > 3', ['1', '2', '4']],
  ])('%s', (query, expected) => {
    expect(spans(query)).toEqual(expected);
  });

  it('spanset && and || are left-associative at one level, like Tempo', () => {
    // ({A} || {B}) && {C}: t2 has A but no C.
    expect(ids('{ name = "GET /health" } || { name = "charge" } && { name = "SELECT orders" }')).toEqual(['a']);
  });
});

describe('search results', () => {
  it('reports root, start, duration, matched count and spss', () => {
    const [result] = evaluateTraceQL('{ status = error }', { ...options, spssLimit: 2 }, store);
    expect(result).toMatchObject({ traceId: t1, rootServiceName: 'gateway', rootTraceName: 'GET /checkout', startNs: BASE, durationMs: 900, matchedCount: 3 });
    expect(result.matchedSpans.map((s) => s.spanId[0])).toEqual(['1', '2']);
  });

  it('names a missing root like Tempo', () => {
    const [result] = evaluateTraceQL('{ name = "orphan" }', options, store);
    expect(result.rootServiceName).toBe(ROOT_SPAN_NOT_YET_RECEIVED);
    expect(result.rootTraceName).toBeUndefined();
  });

  it('limits to the newest traces and stops reading once it has them', () => {
    const many: StoredTrace[] = [];
    for (let i = 0; i < 10_000; i++) {
      const id = i.toString(16).padStart(32, '0');
      many.push({ traceId: id, spans: [span(id, '1'.repeat(16), null, { startMs: i * 60_000, durationMs: 5 })] });
    }
    const big = new InMemoryTraceStore(many);
    const results = evaluateTraceQL('{}', { startNs: BASE, endNs: BASE + 10_000n * 60_000n * MS, limit: 3 }, big);
    expect(results.map((r) => Number.parseInt(r.traceId, 16))).toEqual([9999, 9998, 9997]);
    expect(big.calls.length).toBe(1);
    expect(big.calls[0].startNs).toBe(BASE + (10_000n * 60_000n - 5n * 60_000n) * MS);
  });

  it('validates limits', () => {
    expect(() => evaluateTraceQL('{}', { ...options, limit: 0 }, store)).toThrow(QueryError);
    expect(() => evaluateTraceQL('{}', { ...options, spssLimit: -1 }, store)).toThrow(QueryError);
  });
});

describe('legacy tag search', () => {
  function tagIds(tags: string, extra: { minDurationNs?: bigint; maxDurationNs?: bigint } = {}): string[] {
    return evaluateTagSearch({ tags: parseTagsParam(tags), ...extra }, options, store).map((r) => r.traceId[0]);
  }

  it('matches span and resource attributes on any span, and the special tags', () => {
    expect(tagIds('service.name=payment')).toEqual(['a']);
    expect(tagIds('service.name=gateway http.status_code=200')).toEqual(['b']);
    expect(tagIds('service.name=payment http.method=GET')).toEqual(['a']);
    expect(tagIds('region=eu')).toEqual(['c', 'a']);
    expect(tagIds('error=true')).toEqual(['a']);
    expect(tagIds('status.code=ok')).toEqual(['b']);
    expect(tagIds('status.code=2')).toEqual(['a']);
    expect(tagIds('name="GET /health"')).toEqual(['b']);
    expect(tagIds('root.service.name=gateway')).toEqual(['b', 'a']);
    expect(tagIds('')).toEqual(['b', 'c', 'a']);
  });

  it('filters on trace duration', () => {
    expect(tagIds('', { minDurationNs: 40n * MS })).toEqual(['c', 'a']);
    expect(tagIds('', { maxDurationNs: 50n * MS })).toEqual(['b', 'c']);
  });

  it('reads logfmt tags with quoted values and rejects garbage', () => {
    expect(parseTagsParam('service.name=checkout name="GET /x \\"y\\""')).toEqual({ 'service.name': 'checkout', name: 'GET /x "y"' });
    expect(() => parseTagsParam('=x')).toThrow();
  });
});

describe('errors', () => {
  function errorOf(query: string): QueryError {
    try {
      parseTraceQL(query);
    } catch (error) {
      if (error instanceof QueryError) return error;
      throw error;
    }
    throw new Error(`no error for ${query}`);
  }

  it.each([
    ['{ .service.name = ', 'parse error at line 1, col 19: syntax error: unexpected $end'],
    ['{ a }', 'parse error at line 1, col 3: syntax error: unexpected IDENTIFIER'],
    ['{ .a = 1 }}', 'parse error at line 1, col 11: syntax error: unexpected }'],
    ['{ 1 }', 'parse error : spanset filter must evaluate to a boolean: found int'],
    ['{ .a =~ 1 }', 'parse error : the right side of =~ must be a string'],
    ['{ .a =~ "(" }', 'parse error : error parsing regexp: missing closing ): `(`'],
  ])('parse: %s', (query, message) => {
    const error = errorOf(query);
    expect(error.kind).toBe('parse');
    expect(error.message).toBe(message);
  });

  it.each([
    ['{ .a = 1 } | by(.b) | count() > 1', 'by() grouping is not supported by this engine'],
    ['{} | rate()', 'TraceQL metrics queries are not supported by this engine'],
    ['{} !> {}', 'the spanset operator "!>" is not supported by this engine'],
    ['{} &>> {}', 'the spanset operator "&>>" is not supported by this engine'],
    ['{ parent.x = 1 }', 'the "parent" attribute scope is not supported by this engine'],
    ['{ event.name = "x" }', 'the "event" attribute scope is not supported by this engine'],
  ])('unsupported: %s', (query, message) => {
    const error = errorOf(query);
    expect(error.kind).toBe('unsupported');
    expect(error.message).toBe(message);
  });

  it('throws only QueryError for hostile input', () => {
    const tokens = [
      '{', '}', '(', ')', '.a', 'span.x', 'resource.service.name', 'name', 'status', 'duration', 'kind', 'error', 'client',
      '=', '!=', '>', '>=', '<', '=~', '!~', '&&', '||', '!', '-', '+', '*', '/', '^', '"x"', '"("', '1', '1.5', '5ms',
      'true', 'nil', '|', 'count()', 'avg(duration)', 'select(.a)', '>>', '~', '<<', 'by(.a)', 'rate()', 'with', '\n',
    ];
    const soup = fc.array(fc.constantFrom(...tokens), { maxLength: 16 }).map((t) => t.join(' '));
    const run = (query: string): void => {
      try {
        evaluateTraceQL(query, options, store);
        evaluateTagSearch({ tags: { [query]: query } }, options, store);
      } catch (error) {
        if (!(error instanceof QueryError)) throw new Error(`non-QueryError for ${JSON.stringify(query)}: ${String(error)}`);
      }
    };
    fc.assert(fc.property(soup, run), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ maxLength: 40 }), run), { numRuns: 400 });
  });
});

describe('structural operators on big traces', () => {
  it('stay linear on a 20,000-span chain', () => {
    const id = 'd'.repeat(32);
    const chain: StoredSpan[] = [];
    for (let i = 0; i < 20_000; i++) {
      const spanId = i.toString(16).padStart(16, '0');
      const parent = i === 0 ? null : (i - 1).toString(16).padStart(16, '0');
      chain.push(span(id, spanId, parent, { startMs: i, durationMs: 20_000 - i, name: i % 1000 === 0 ? 'marker' : 'step' }));
    }
    const big = new InMemoryTraceStore([{ traceId: id, spans: chain }]);
    const [below] = evaluateTraceQL('{ name = "marker" } >> { }', { ...options, spssLimit: 1 }, big);
    const [above] = evaluateTraceQL('{ name = "marker" } << { }', { ...options, spssLimit: 1 }, big);
    const [siblings] = evaluateTraceQL('{ } ~ { }', { ...options, spssLimit: 1 }, big) ?? [];
    expect(below.matchedCount).toBe(19_999);
    // The last marker (span 19000) has spans 0..18999 above it.
    expect(above.matchedCount).toBe(19_000);
    expect(siblings).toBeUndefined();
  });
});
