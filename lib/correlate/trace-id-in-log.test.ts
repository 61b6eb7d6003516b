import { describe, expect, it } from 'vitest';
import { readFixture, readFixtureJson } from '../../test/fixtures';
import type { LogLine } from '../model/logs';
import { parseQueryResponse } from '../datasources/loki/parse';
import { extractTraceContext } from './trace-id-in-log';

function logLine(text: string, labels: Record<string, string> = {}, structuredMetadata?: Record<string, string>): LogLine {
  const line: LogLine = { timestampNs: '1795303440742148755', timeMs: 1795303440742, line: text, labels };
  if (structuredMetadata) line.structuredMetadata = structuredMetadata;
  return line;
}

const TRACE = 'bd5a131c670a194676bcd097a4eac415';
const SPAN = '12424f20af808446';

interface PushBody {
  streams: { stream: Record<string, string>; values: [string, string][] }[];
}

function pushedLines(file: string): LogLine[] {
  const body = readFixtureJson(file) as PushBody;
  return body.streams.flatMap((stream) => stream.values.map(([ns, text]) => ({ ...logLine(text, stream.stream), timestampNs: ns })));
}

describe('extractTraceContext on the recorded sample data', () => {
  const sampleIds = (readFixture('README.md').match(/`[0-9a-f]{32}`/g) ?? []).map((quoted) => quoted.slice(1, -1));

  it('finds every sample trace id that has log lines, with the span id beside it', () => {
    expect(sampleIds).toHaveLength(8);
    const lines = [...pushedLines('sample-loki-push.json'), ...pushedLines('sample-loki-push-round2.json')];
    const found = new Set<string>();
    for (const line of lines) {
      const context = extractTraceContext(line);
      const mentioned = sampleIds.find((traceId) => line.line.includes(traceId));
      if (mentioned) {
        // Every line that carries an id yields exactly that id and the span id printed next to it.
        expect(context.traceId).toBe(mentioned);
        const spanHex = /spanID"?[=:]\s*"?([0-9a-f]{16})/.exec(line.line)?.[1];
        expect(spanHex).toBeDefined();
        expect(context.spanId).toBe(spanHex);
        found.add(mentioned);
      } else {
        // Heartbeats carry no id and must not get one.
        expect(context).toEqual({ traceId: null, spanId: null });
      }
    }
    expect([...found].sort()).toEqual([...sampleIds].sort());
  });

  it('reads logfmt and JSON lines from loki/query_range_streams_traceid*.json', () => {
    for (const [file, traceId] of [
      ['query_range_streams_traceid.json', TRACE],
      ['query_range_streams_traceid_round2.json', '7d721efb63bcec752b8528a2af7411c7'],
    ]) {
      const result = parseQueryResponse(readFixtureJson('loki', file), { limit: 100, direction: 'backward' });
      if (result.kind !== 'streams') throw new Error(result.kind);
      const contexts = result.result.lines.map(extractTraceContext);
      expect(contexts.every((context) => context.traceId === traceId)).toBe(true);
      expect(new Set(contexts.map((context) => context.spanId)).size).toBe(3);
    }
    const result = parseQueryResponse(readFixtureJson('loki', 'query_range_streams_traceid.json'), { limit: 100, direction: 'backward' });
    if (result.kind !== 'streams') throw new Error(result.kind);
    const payment = result.result.lines.find((line) => line.labels.service === 'payment');
    expect(payment && extractTraceContext(payment)).toEqual({ traceId: TRACE, spanId: SPAN });
  });

  it('uses labels extracted by | json (query_range_streams_json_parser.json)', () => {
    const result = parseQueryResponse(readFixtureJson('loki', 'query_range_streams_json_parser.json'), { limit: 20, direction: 'backward' });
    if (result.kind !== 'streams') throw new Error(result.kind);
    const [first] = result.result.lines;
    // Even with the line text gone, the extracted labels carry the ids.
    expect(extractTraceContext({ ...first, line: 'redacted' })).toEqual({ traceId: '7d721efb63bcec752b8528a2af7411c7', spanId: '25b6528a5f50d405' });
  });
});

describe('extractTraceContext sources', () => {
  it('prefers Loki structured metadata (OTLP logs)', () => {
    const line = logLine(`{"traceID":"c5527fbb0cac1b9c5b80953ef63cd323"}`, {}, { trace_id: TRACE, span_id: SPAN });
    expect(extractTraceContext(line)).toEqual({ traceId: TRACE, spanId: SPAN });
  });

  it.each([
    ['logfmt', `level=info traceID=${TRACE} spanID=${SPAN} msg="x"`],
    ['logfmt snake case', `trace_id=${TRACE} span_id=${SPAN}`],
    ['logfmt quoted', `trace_id="${TRACE}" span_id="${SPAN}"`],
    ['JSON', `{"level":"info","traceId":"${TRACE}","spanId":"${SPAN}"}`],
    ['JSON with spaces', `{"trace_id" : "${TRACE}", "span_id" : "${SPAN}"}`],
    ['JSON upper-case hex', `{"traceID":"${TRACE.toUpperCase()}","spanID":"${SPAN.toUpperCase()}"}`],
    ['nested otel fields', `{"otel":{"trace_id":"${TRACE}","span_id":"${SPAN}"}}`],
    ['otel.-prefixed keys', `{"otel.trace_id":"${TRACE}","otel.span_id":"${SPAN}"}`],
    ['ECS dotted keys', `{"trace.id":"${TRACE}","span.id":"${SPAN}"}`],
    ['JSON escaped inside JSON (Docker)', `{"log":"{\\"trace_id\\":\\"${TRACE}\\",\\"span_id\\":\\"${SPAN}\\"}\\n","stream":"stdout"}`],
    ['traceparent', `incoming request traceparent=00-${TRACE}-${SPAN}-01 path=/checkout`],
    ['traceparent in JSON', `{"headers":{"traceparent":"00-${TRACE}-${SPAN}-01"}}`],
  ])('reads %s', (_name, text) => {
    expect(extractTraceContext(logLine(text))).toEqual({ traceId: TRACE, spanId: SPAN });
  });

  it('pads 16-hex and unpadded Jaeger ids (Loki logs its own traceID=%x)', () => {
    expect(extractTraceContext(logLine('level=debug traceID=1e00fff4138673d msg="POST /loki/api/v1/push"'))).toEqual({
      traceId: '000000000000000001e00fff4138673d',
      spanId: null,
    });
    expect(extractTraceContext(logLine('traceID=01e00fff4138673d spanID=5993b0de8417dcb')).spanId).toBe('05993b0de8417dcb');
    expect(extractTraceContext(logLine('', { traceID: '5718a62b3ddfcd87' })).traceId).toBe('00000000000000005718a62b3ddfcd87');
  });

  it('reads a traceparent kept as a label or metadata', () => {
    expect(extractTraceContext(logLine('x', {}, { traceparent: `00-${TRACE}-${SPAN}-01` }))).toEqual({ traceId: TRACE, spanId: SPAN });
  });

  it('takes a lone 32-hex token in prose, only when unambiguous', () => {
    expect(extractTraceContext(logLine(`retrying checkout for trace ${TRACE} after timeout`)).traceId).toBe(TRACE);
    expect(extractTraceContext(logLine(`trace ${TRACE} retried as ${TRACE.toUpperCase()}`)).traceId).toBe(TRACE);
    expect(extractTraceContext(logLine(`copying c5527fbb0cac1b9c5b80953ef63cd323 to ${TRACE}`)).traceId).toBeNull();
  });

  it('never takes the value of another field as a trace id', () => {
    expect(extractTraceContext(logLine(`request_id=${TRACE} msg="done"`)).traceId).toBeNull();
    expect(extractTraceContext(logLine(`{"checksum": "${TRACE}"}`)).traceId).toBeNull();
    expect(extractTraceContext(logLine(`{"parent_span_id":"${SPAN}","x_b3_traceid":"${TRACE}"}`))).toEqual({ traceId: null, spanId: null });
    // Datadog writes decimal ids under dd.trace_id: decimal digits are hex digits too, so they must be ignored.
    expect(extractTraceContext(logLine('{"dd.trace_id":"1234567890123456789","dd.span_id":"987654321"}'))).toEqual({ traceId: null, spanId: null });
  });

  it('a keyed id wins over free text, labels over the line', () => {
    expect(extractTraceContext(logLine(`user c5527fbb0cac1b9c5b80953ef63cd323 traceID=${TRACE}`)).traceId).toBe(TRACE);
    expect(extractTraceContext(logLine(`traceID=c5527fbb0cac1b9c5b80953ef63cd323`, { trace_id: TRACE })).traceId).toBe(TRACE);
  });

  it('rejects malformed and all-zero ids rather than guessing', () => {
    for (const text of [
      'traceID=0000000000000000 spanID=0000000000000000',
      `traceID=${TRACE}0 spanID=${SPAN}0`,
      'trace_id=bd5a131c-670a-1946-76bc-d097a4eac415',
      'traceID=xyz spanID=',
      `traceparent=00-${'0'.repeat(32)}-${SPAN}-01`,
      '',
    ]) {
      expect(extractTraceContext(logLine(text))).toEqual({ traceId: null, spanId: null });
    }
  });

  it('is stateless across calls (shared precompiled regexes are reset)', () => {
    const first = logLine(`a=1 b=2 c=3 traceID=${TRACE}`);
    const second = logLine(`traceID=c5527fbb0cac1b9c5b80953ef63cd323`);
    expect(extractTraceContext(first).traceId).toBe(TRACE);
    expect(extractTraceContext(second).traceId).toBe('c5527fbb0cac1b9c5b80953ef63cd323');
    expect(extractTraceContext(first).traceId).toBe(TRACE);
  });

  it('does not mutate the line and handles hostile input in linear time', () => {
    const line = logLine(`traceID=${TRACE}`, { a: 'b' }, { c: 'd' });
    const copy = structuredClone(line);
    extractTraceContext(line);
    expect(line).toEqual(copy);
    // Patterns that make backtracking regexes blow up: long runs of near-matches.
    for (const hostile of ['trace_id='.repeat(20_000), 'a'.repeat(200_000), '0-'.repeat(100_000), `"traceID": "${'f'.repeat(100_000)}`]) {
      expect(extractTraceContext(logLine(hostile))).toEqual({ traceId: null, spanId: null });
    }
  });
});
