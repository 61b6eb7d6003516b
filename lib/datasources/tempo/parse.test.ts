import { describe, expect, it } from 'vitest';
import { thrown } from '../../../test/helpers/datasource-error';
import { readFixture, readFixtureJson } from '../../../test/fixtures';
import { normaliseTraceId } from '../../model/ids';
import { nanosToMs } from '../../model/nanos';
import type { Span, TraceId } from '../../model/trace';
import {
  flattenAnyValue,
  flattenAttributes,
  isRouteNotFound,
  parseBuildInfoResponse,
  parseSearchResponse,
  parseStatusVersionText,
  parseTagNamesResponse,
  parseTagValuesV1Response,
  parseTagValuesV2Response,
  parseTraceByIdV1,
  parseTraceByIdV2,
  spanKindOf,
  statusCodeOf,
  tempoHttpError,
} from './parse';

const tempo = (file: string): unknown => readFixtureJson('tempo', file);

function id(hex: string): TraceId {
  const traceId = normaliseTraceId(hex);
  if (!traceId) throw new Error(`bad id ${hex}`);
  return traceId;
}

function bySpanId(spans: readonly Span[]): Span[] {
  return [...spans].sort((a, b) => (a.spanId < b.spanId ? -1 : 1));
}

/** The OTLP body that was pushed (hex ids, numeric enums, resourceSpans) restricted to one trace. */
function pushedTrace(file: string, traceHex: string): unknown {
  const pushed = readFixtureJson(file) as { resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[] };
  return {
    resourceSpans: pushed.resourceSpans
      .map((rs) => ({ ...rs, scopeSpans: rs.scopeSpans.map((ss) => ({ ...ss, spans: ss.spans.filter((s) => s.traceId === traceHex) })) }))
      .filter((rs) => rs.scopeSpans.some((ss) => ss.spans.length > 0)),
  };
}

describe('attribute and enum helpers', () => {
  it('flattens every OTLP AnyValue kind', () => {
    expect(flattenAnyValue({ stringValue: 'x' })).toBe('x');
    expect(flattenAnyValue({ intValue: '500' })).toBe(500);
    expect(flattenAnyValue({ intValue: '9223372036854775807' })).toBe('9223372036854775807');
    expect(flattenAnyValue({ intValue: 7 })).toBe(7);
    expect(flattenAnyValue({ boolValue: false })).toBe(false);
    expect(flattenAnyValue({ doubleValue: 1.5 })).toBe(1.5);
    expect(flattenAnyValue({ doubleValue: 'NaN' })).toBeNaN();
    expect(flattenAnyValue({ doubleValue: '-Infinity' })).toBe(Number.NEGATIVE_INFINITY);
    expect(flattenAnyValue({ bytesValue: 'AQID' })).toBe('AQID');
    expect(flattenAnyValue({ arrayValue: { values: [{ stringValue: 'a' }, { intValue: '2' }, {}] } })).toEqual(['a', 2, null]);
    expect(flattenAnyValue({ kvlistValue: { values: [{ key: 'k', value: { boolValue: true } }, { key: 'n', value: { kvlistValue: {} } }] } })).toEqual({ k: true, n: {} });
    expect(flattenAnyValue({ arrayValue: {} })).toEqual([]);
    expect(flattenAnyValue({})).toBeNull();
    expect(flattenAnyValue(undefined)).toBeNull();
  });

  it('keeps the last value of a repeated key and does not mutate input', () => {
    const list = [
      { key: 'a', value: { stringValue: '1' } },
      { key: 'a', value: { stringValue: '2' } },
    ];
    const copy = structuredClone(list);
    expect(flattenAttributes(list)).toEqual({ a: '2' });
    expect(list).toEqual(copy);
  });

  it('maps span kinds and status codes by enum name and by number', () => {
    expect(spanKindOf('SPAN_KIND_SERVER')).toBe('server');
    expect(spanKindOf('SPAN_KIND_CLIENT')).toBe('client');
    expect(spanKindOf(2)).toBe('server');
    expect(spanKindOf(5)).toBe('consumer');
    expect(spanKindOf(0)).toBe('unspecified');
    expect(spanKindOf(99)).toBe('unspecified');
    expect(spanKindOf(undefined)).toBe('unspecified');
    expect(spanKindOf('producer')).toBe('producer');
    expect(statusCodeOf('STATUS_CODE_ERROR')).toBe('error');
    expect(statusCodeOf(2)).toBe('error');
    expect(statusCodeOf(1)).toBe('ok');
    expect(statusCodeOf('STATUS_CODE_OK')).toBe('ok');
    expect(statusCodeOf(undefined)).toBe('unset');
    expect(statusCodeOf('bogus')).toBe('unset');
  });
});

describe('parseTraceByIdV1 on recorded Tempo 2.0 traces (base64 ids, "batches")', () => {
  it('traces_by_id_ok.json: five spans with hex ids, parents, services, kinds and exact times', () => {
    const trace = parseTraceByIdV1(tempo('traces_by_id_ok.json'), id('c5527fbb0cac1b9c5b80953ef63cd323'));
    expect(trace.traceId).toBe('c5527fbb0cac1b9c5b80953ef63cd323');
    expect(trace.spans).toHaveLength(5);
    const [root, orders, insert, charge, payment] = trace.spans;
    expect(root).toMatchObject({
      traceId: 'c5527fbb0cac1b9c5b80953ef63cd323',
      spanId: '169d2f6ae9970b77',
      parentSpanId: null,
      name: 'GET /checkout',
      serviceName: 'frontend',
      kind: 'server',
      startUnixNano: '1795303439203148755',
      durationNs: 209_000_000,
      status: { code: 'ok' },
      scope: { name: 'realstack-sample', version: '1.0.0' },
      events: [],
      links: [],
    });
    expect(root.startMs).toBeCloseTo(1795303439203.148755, 3);
    expect(root.attributes).toEqual({ 'http.route': '/checkout', 'http.target': '/checkout', 'http.method': 'GET', 'http.status_code': 200 });
    expect(root.resource).toEqual({ 'service.namespace': 'shop', 'deployment.environment': 'realstack', 'host.name': 'realstack-host', 'service.name': 'frontend' });
    expect(orders).toMatchObject({ spanId: '34669cdbb357ccf3', parentSpanId: '169d2f6ae9970b77', serviceName: 'checkout', status: { code: 'unset' } });
    expect(insert).toMatchObject({ kind: 'client', parentSpanId: '34669cdbb357ccf3', durationNs: 12_000_000 });
    expect(charge.spanId).toBe('79f25fa818147bd0');
    expect(payment).toMatchObject({ spanId: '0dc937090ac734fd', parentSpanId: '79f25fa818147bd0', serviceName: 'payment' });
    expect(root.status.message).toBeUndefined();
  });

  it('traces_by_id_error.json: error statuses with messages and the exception event', () => {
    const trace = parseTraceByIdV1(tempo('traces_by_id_error.json'), id('bd5a131c670a194676bcd097a4eac415'));
    expect(trace.spans.map((span) => span.status)).toEqual([
      { code: 'error', message: 'upstream error' },
      { code: 'error', message: 'payment failed' },
      { code: 'unset' },
      { code: 'error' },
      { code: 'error', message: 'card declined' },
    ]);
    const payment = trace.spans[4];
    expect(payment.spanId).toBe('12424f20af808446');
    expect(payment.events).toEqual([
      {
        name: 'exception',
        timeUnixNano: '1795303440979148755',
        attributes: { 'exception.type': 'CardDeclined', 'exception.message': 'card declined by issuer' },
      },
    ]);
    expect(payment.attributes['payment.amount_cents']).toBe(4200);
  });

  it('traces_by_id_browse.json and traces_by_id_round2_error.json (ingester data)', () => {
    const browse = parseTraceByIdV1(tempo('traces_by_id_browse.json'), id('faa1111b41925d13ad08605ad5300a28'));
    expect(browse.spans.map((span) => [span.serviceName, span.spanId, span.parentSpanId])).toEqual([
      ['frontend', '105624210a01d5df', null],
      ['catalog', 'f516b65516431d14', '105624210a01d5df'],
    ]);
    const round2 = parseTraceByIdV1(tempo('traces_by_id_round2_error.json'), id('7d721efb63bcec752b8528a2af7411c7'));
    expect(round2.spans.filter((span) => span.status.code === 'error')).toHaveLength(4);
    expect(round2.spans.find((span) => span.spanId === '00b8b99541a19278')?.serviceName).toBe('checkout');
  });

  it('traces_by_id_ok_with_range.json is the same trace', () => {
    expect(parseTraceByIdV1(tempo('traces_by_id_ok_with_range.json'), id('c5527fbb0cac1b9c5b80953ef63cd323'))).toEqual(
      parseTraceByIdV1(tempo('traces_by_id_ok.json'), id('c5527fbb0cac1b9c5b80953ef63cd323')),
    );
  });

  it('traces_by_id_loki_selftrace_from_exemplar.json: a 64-bit Jaeger id, padded, with an empty scope', () => {
    const trace = parseTraceByIdV1(tempo('traces_by_id_loki_selftrace_from_exemplar.json'), id('01e00fff4138673d'));
    expect(trace.traceId).toBe('000000000000000001e00fff4138673d');
    expect(trace.spans).toHaveLength(1);
    expect(trace.spans[0]).toMatchObject({ spanId: '01e00fff4138673d', serviceName: 'loki-all', durationNs: 5_213_502_000 });
    expect(trace.spans[0].scope).toBeUndefined();
    expect(trace.spans[0].attributes['sampler.param']).toBe(true);
  });

  it('equals the parse of the OTLP body that was pushed (hex ids, numeric kinds, "resourceSpans")', () => {
    for (const [fixture, hex] of [
      ['traces_by_id_ok.json', 'c5527fbb0cac1b9c5b80953ef63cd323'],
      ['traces_by_id_error.json', 'bd5a131c670a194676bcd097a4eac415'],
      ['traces_by_id_browse.json', 'faa1111b41925d13ad08605ad5300a28'],
    ]) {
      const fromTempo = parseTraceByIdV1(tempo(fixture), id(hex));
      const fromPush = parseTraceByIdV2({ trace: pushedTrace('sample-otlp-traces.json', hex) }, id(hex));
      expect(bySpanId(fromPush.spans)).toEqual(bySpanId(fromTempo.spans));
    }
    const round2 = parseTraceByIdV1(tempo('traces_by_id_round2_error.json'), id('7d721efb63bcec752b8528a2af7411c7'));
    const pushed2 = parseTraceByIdV1(pushedTrace('sample-otlp-traces-round2.json', '7d721efb63bcec752b8528a2af7411c7'), id('7d721efb63bcec752b8528a2af7411c7'));
    expect(bySpanId(pushed2.spans)).toEqual(bySpanId(round2.spans));
  });

  it('reads the older instrumentationLibrarySpans shape the same way', () => {
    const wire = tempo('traces_by_id_ok.json') as { batches: { resource: unknown; scopeSpans: { scope: unknown; spans: unknown[] }[] }[] };
    const legacy = {
      batches: wire.batches.map((batch) => ({
        resource: batch.resource,
        instrumentationLibrarySpans: batch.scopeSpans.map((group) => ({ instrumentationLibrary: group.scope, spans: group.spans })),
      })),
    };
    const traceId = id('c5527fbb0cac1b9c5b80953ef63cd323');
    expect(parseTraceByIdV1(legacy, traceId)).toEqual(parseTraceByIdV1(wire, traceId));
  });

  it('does not mutate the wire object', () => {
    const wire = tempo('traces_by_id_error.json');
    const copy = structuredClone(wire);
    parseTraceByIdV1(wire, id('bd5a131c670a194676bcd097a4eac415'));
    expect(wire).toEqual(copy);
  });

  it('an empty trace is not-found (older Tempos answered unknown ids that way)', () => {
    expect(thrown(() => parseTraceByIdV1({ batches: [] }, id('0123456789abcdef0123456789abcdef')))).toMatchObject({ kind: 'not-found', status: 404 });
    expect(thrown(() => parseTraceByIdV1({}, id('0123456789abcdef0123456789abcdef')))).toMatchObject({ kind: 'not-found' });
  });

  it('rejects spans of another trace and undecodable ids', () => {
    const wrongTrace = thrown(() => parseTraceByIdV1(tempo('traces_by_id_ok.json'), id('bd5a131c670a194676bcd097a4eac415')));
    expect(wrongTrace.kind).toBe('bad-response');
    const span = { traceId: 'vVoTHGcKGUZ2vNCXpOrEFQ==', spanId: 'not an id', startTimeUnixNano: '1' };
    expect(thrown(() => parseTraceByIdV1({ batches: [{ scopeSpans: [{ spans: [span] }] }] }, id('bd5a131c670a194676bcd097a4eac415'))).kind).toBe('bad-response');
    const badParent = { traceId: 'vVoTHGcKGUZ2vNCXpOrEFQ==', spanId: 'D144EYPeLoI=', parentSpanId: '???', startTimeUnixNano: '1' };
    expect(thrown(() => parseTraceByIdV1({ batches: [{ scopeSpans: [{ spans: [badParent] }] }] }, id('bd5a131c670a194676bcd097a4eac415'))).kind).toBe('bad-response');
    expect(thrown(() => parseTraceByIdV1({ batches: 'x' }, id('bd5a131c670a194676bcd097a4eac415'))).kind).toBe('bad-response');
  });

  it('treats empty and all-zero parent ids as roots, and clamps negative durations', () => {
    const spans = [
      { traceId: 'bd5a131c670a194676bcd097a4eac415', spanId: '0f5e381183de2e82', parentSpanId: '', startTimeUnixNano: '10', endTimeUnixNano: '5' },
      { traceId: 'bd5a131c670a194676bcd097a4eac415', spanId: '0f5e381183de2e83', parentSpanId: '0000000000000000', startTimeUnixNano: 10 },
      { traceId: 'bd5a131c670a194676bcd097a4eac415', spanId: '0f5e381183de2e84', parentSpanId: 'AAAAAAAAAAA=', startTimeUnixNano: '10', endTimeUnixNano: '12' },
    ];
    const trace = parseTraceByIdV2({ trace: { resourceSpans: [{ scopeSpans: [{ spans }] }] } }, id('bd5a131c670a194676bcd097a4eac415'));
    expect(trace.spans.map((span) => [span.parentSpanId, span.durationNs, span.serviceName, span.name])).toEqual([
      [null, 0, 'unknown_service', ''],
      [null, 0, 'unknown_service', ''],
      [null, 2, 'unknown_service', ''],
    ]);
  });

  it('drops a link whose ids do not decode but keeps valid links', () => {
    const span = {
      traceId: 'bd5a131c670a194676bcd097a4eac415',
      spanId: '0f5e381183de2e82',
      startTimeUnixNano: '1',
      links: [
        { traceId: 'c5527fbb0cac1b9c5b80953ef63cd323', spanId: '169d2f6ae9970b77', attributes: [{ key: 'link.kind', value: { stringValue: 'follows' } }] },
        { traceId: 'garbage', spanId: '169d2f6ae9970b77' },
      ],
    };
    const trace = parseTraceByIdV2({ trace: { resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] } }, id('bd5a131c670a194676bcd097a4eac415'));
    expect(trace.spans[0].links).toEqual([{ traceId: 'c5527fbb0cac1b9c5b80953ef63cd323', spanId: '169d2f6ae9970b77', attributes: { 'link.kind': 'follows' } }]);
  });
});

describe('parseTraceByIdV2 (Tempo 2.6+ {"trace": ...} wrapping)', () => {
  it('reads base64 ids inside the wrapper and reports PARTIAL', () => {
    const body = { trace: { resourceSpans: (tempo('traces_by_id_error.json') as { batches: unknown[] }).batches }, status: 'PARTIAL', message: 'trace exceeds max size' };
    const trace = parseTraceByIdV2(body, id('bd5a131c670a194676bcd097a4eac415'));
    expect(trace.spans).toHaveLength(5);
    expect(trace.partial).toEqual({ message: 'trace exceeds max size' });
  });

  it('a complete trace has no partial marker; an empty one is not-found', () => {
    const complete = parseTraceByIdV2({ trace: pushedTrace('sample-otlp-traces.json', 'faa1111b41925d13ad08605ad5300a28'), status: 'COMPLETE' }, id('faa1111b41925d13ad08605ad5300a28'));
    expect(complete.partial).toBeUndefined();
    expect(thrown(() => parseTraceByIdV2({ trace: {} }, id('faa1111b41925d13ad08605ad5300a28'))).kind).toBe('not-found');
  });
});

describe('parseSearchResponse on recorded searches', () => {
  it('search_tags_service.json: six hits, none truncated at limit 20', () => {
    const result = parseSearchResponse(tempo('search_tags_service.json'), 20);
    expect(result.truncated).toBe(false);
    expect(result.traces).toHaveLength(6);
    expect(result.traces[0]).toEqual({
      traceId: '18ecb897e25eb533c3750a32149eb100',
      rootServiceName: 'frontend',
      rootTraceName: 'GET /checkout',
      startUnixNano: '1795303821287080402',
      startMs: nanosToMs('1795303821287080402'),
      durationMs: 373,
      matchedSpans: [],
    });
  });

  it('cuts to the limit and says so when Tempo returned limit + 1', () => {
    const result = parseSearchResponse(tempo('search_tags_service.json'), 5);
    expect(result.traces).toHaveLength(5);
    expect(result.truncated).toBe(true);
    expect(parseSearchResponse(tempo('search_tags_service.json'), 6).truncated).toBe(false);
  });

  it('search_tags_multi.json and search_min_duration.json', () => {
    expect(parseSearchResponse(tempo('search_tags_multi.json'), 20).traces.map((hit) => hit.traceId)).toEqual([
      '7d721efb63bcec752b8528a2af7411c7',
      'bd5a131c670a194676bcd097a4eac415',
    ]);
    const slow = parseSearchResponse(tempo('search_min_duration.json'), 20);
    expect(slow.traces.every((hit) => hit.durationMs >= 250)).toBe(true);
    expect(slow.traces).toHaveLength(5);
  });

  it('search_recent_no_params.json: pads ids whose leading zeros Tempo dropped, tolerates missing fields', () => {
    const result = parseSearchResponse(tempo('search_recent_no_params.json'), 20);
    expect(result.traces).toHaveLength(20);
    expect(result.truncated).toBe(false);
    expect(parseSearchResponse(tempo('search_recent_no_params.json'), 19).truncated).toBe(true);
    const ids = result.traces.map((hit) => hit.traceId);
    expect(ids.every((traceId) => /^[0-9a-f]{32}$/.test(traceId))).toBe(true);
    expect(ids).toContain('0000000000000000082f4fce62c06ad6');
    expect(ids).toContain('0000000000000000004feb3750e19939');
    const noDuration = result.traces.find((hit) => hit.traceId === '00000000000000005d08c840c70a1c46');
    expect(noDuration?.durationMs).toBe(0);
    const noRoot = result.traces.find((hit) => hit.traceId.endsWith('1bb6e613bf308cec'));
    expect(noRoot).toMatchObject({ rootServiceName: '<root span not yet received>', rootTraceName: '' });
  });

  it('search_traceql_error_status.json: TraceQL hits carry their matched spans (spanSet)', () => {
    const result = parseSearchResponse(tempo('search_traceql_error_status.json'), 20);
    expect(result.traces.map((hit) => hit.traceId)).toEqual(['7d721efb63bcec752b8528a2af7411c7', 'bd5a131c670a194676bcd097a4eac415']);
    expect(result.traces[1].matchedSpans).toEqual([
      {
        spanId: '12424f20af808446',
        startUnixNano: '1795303440740148755',
        durationNs: 242_000_000,
        attributes: { status: 'error', 'service.name': 'payment' },
      },
    ]);
  });

  it('search_traceql_http_500.json: several matched spans, int attributes', () => {
    const result = parseSearchResponse(tempo('search_traceql_http_500.json'), 20);
    expect(result.traces).toHaveLength(5);
    const error = result.traces.find((hit) => hit.traceId === 'bd5a131c670a194676bcd097a4eac415');
    expect(error?.matchedSpans.map((span) => [span.spanId, span.attributes['http.status_code']])).toEqual([
      ['0f5e381183de2e82', 500],
      ['e6ef4d86d1314fc0', 500],
      ['af66d1db8d5f8e2f', 502],
    ]);
  });

  it('reads spanSets (Tempo 2.2+) and de-duplicates spans matched by several sets', () => {
    const span = { spanID: '12424f20af808446', startTimeUnixNano: '1795303440740148755', durationNanos: '242000000' };
    const body = {
      traces: [
        {
          traceID: 'bd5a131c670a194676bcd097a4eac415',
          rootServiceName: 'frontend',
          rootTraceName: 'GET /checkout',
          startTimeUnixNano: '1795303440703148755',
          durationMs: 336,
          spanSets: [{ spans: [span], matched: 1 }, { spans: [span, { ...span, spanID: '5993b0de8417dcb' }], matched: 2 }],
        },
      ],
    };
    expect(parseSearchResponse(body, 20).traces[0].matchedSpans.map((matched) => matched.spanId)).toEqual(['12424f20af808446', '05993b0de8417dcb']);
  });

  it('an empty answer is an empty, untruncated result; garbage is bad-response', () => {
    expect(parseSearchResponse({ traces: [], metrics: {} }, 20)).toEqual({ traces: [], truncated: false });
    expect(parseSearchResponse({}, 20)).toEqual({ traces: [], truncated: false });
    expect(thrown(() => parseSearchResponse({ traces: [{ traceID: 'zz', startTimeUnixNano: '1' }] }, 20)).kind).toBe('bad-response');
    expect(thrown(() => parseSearchResponse({ traces: [{ traceID: 'abc' }] }, 20)).kind).toBe('bad-response');
  });
});

describe('tags, versions and errors', () => {
  it('search_tags.json', () => {
    const names = parseTagNamesResponse(tempo('search_tags.json'));
    expect(names).toHaveLength(29);
    expect(names).toContain('service.name');
    expect(names).toContain('http.status_code');
  });

  it('v1 tag values are untyped strings', () => {
    expect(parseTagValuesV1Response(tempo('search_tag_service_name_values.json'))).toEqual(
      ['catalog', 'checkout', 'frontend', 'loki-all', 'payment'].map((value) => ({ type: 'untyped', value })),
    );
    expect(parseTagValuesV1Response(tempo('search_tag_http_status_code_values.json'))[0]).toEqual({ type: 'untyped', value: '200' });
  });

  it('v2 tag values carry TraceQL types', () => {
    expect(parseTagValuesV2Response(tempo('v2_search_tag_service_name_values.json'))).toContainEqual({ type: 'string', value: 'payment' });
    expect(parseTagValuesV2Response(tempo('v2_search_tag_resource_service_name_values.json'))).toHaveLength(5);
    expect(parseTagValuesV2Response(tempo('v2_search_tag_span_http_status_code_values.json'))).toContainEqual({ type: 'int', value: '500' });
    expect(parseTagValuesV2Response(tempo('v2_search_tag_status_values.json'))).toEqual([
      { type: 'keyword', value: 'ok' },
      { type: 'keyword', value: 'error' },
      { type: 'keyword', value: 'unset' },
      { type: 'int', value: '2' },
      { type: 'int', value: '1' },
      { type: 'int', value: '0' },
    ]);
    // Tempo 2.0.1 before the first flush: {}.
    expect(parseTagValuesV2Response(readFixtureJson('tempo', 'before-flush', 'v2_search_tag_service_name_values.json'))).toEqual([]);
  });

  it('status_version.txt (Tempo 2.0 text page) and a JSON buildinfo', () => {
    expect(parseStatusVersionText(readFixture('tempo', 'status_version.txt'))).toEqual({
      version: '2.0.1',
      branch: 'HEAD',
      revision: '23491158fa7f4306d191ef4643820a4ac4811935',
      goVersion: 'go1.19.8',
    });
    expect(parseBuildInfoResponse({ version: '2.6.1', revision: 'abc', branch: 'HEAD', goVersion: 'go1.23.1' })).toEqual({
      version: '2.6.1',
      revision: 'abc',
      branch: 'HEAD',
      goVersion: 'go1.23.1',
    });
    expect(thrown(() => parseStatusVersionText('hello')).kind).toBe('bad-response');
  });

  it('tells a missing route (v2 APIs absent in 2.0) from a missing trace', () => {
    for (const file of ['v2_traces_by_id_not_in_2_0.txt', 'v2_search_tags_not_in_2_0.txt', 'status_buildinfo_not_in_2_0.txt']) {
      expect(isRouteNotFound(404, readFixture('tempo', file))).toBe(true);
    }
    expect(isRouteNotFound(404, readFixture('tempo', 'traces_by_id_not_found.txt'))).toBe(false);
    expect(isRouteNotFound(200, '404 page not found')).toBe(false);
  });

  it('maps the recorded 400 and 404 bodies', () => {
    expect(tempoHttpError(404, readFixture('tempo', 'traces_by_id_not_found.txt'), 'Trace 0123')).toMatchObject({
      kind: 'not-found',
      status: 404,
      message: 'Trace 0123: trace not found',
    });
    expect(tempoHttpError(400, readFixture('tempo', 'traces_by_id_bad_id.txt'), 'Trace x')).toMatchObject({
      kind: 'bad-request',
      message: "trace IDs can only contain hex characters: invalid character 'n' at position 1",
    });
    expect(tempoHttpError(400, readFixture('tempo', 'search_traceql_bad.txt'), 'Search')).toMatchObject({
      kind: 'bad-request',
      message: 'invalid TraceQL query: parse error at line 1, col 19: syntax error: unexpected $end',
    });
    expect(tempoHttpError(500, '', 'Search')).toMatchObject({ kind: 'http', message: 'tempo answered HTTP 500' });
  });
});
