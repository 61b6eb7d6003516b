import { describe, expect, it } from 'vitest';
import type { LogLine } from '../model/logs';
import type { Span, SpanId, TraceId } from '../model/trace';
import { seededRandom, syntheticTrace } from '../trace-view/synthetic';
import { levelOfLine, placeLogsOnSpans, type TraceContextExtractor } from './place-logs';

const TRACE = 'c5527fbb0cac1b9c5b80953ef63cd323' as TraceId;
const OTHER = 'bd5a131c670a194676bcd097a4eac415' as TraceId;

function span(spanId: string, serviceName: string, startMs: number, durationMs: number, parent: string | null = null): Span {
  return {
    traceId: TRACE,
    spanId: spanId as SpanId,
    parentSpanId: parent as SpanId | null,
    name: `${serviceName} op`,
    serviceName,
    kind: 'server',
    startUnixNano: String(BigInt(startMs) * 1_000_000n),
    startMs,
    durationNs: durationMs * 1e6,
    status: { code: 'unset' },
    attributes: {},
    resource: { 'service.name': serviceName },
    events: [],
    links: [],
  };
}

function line(timeMs: number, text: string, labels: Record<string, string>): LogLine {
  return { timestampNs: String(BigInt(timeMs) * 1_000_000n), timeMs, line: text, labels };
}

// Reads "trace=<id> span=<id>" from the test lines; the real extractor is tested on its own.
const extract: TraceContextExtractor = (logLine) => ({
  traceId: (/trace=([0-9a-f]{32})/.exec(logLine.line)?.[1] ?? null) as TraceId | null,
  spanId: (/span=([0-9a-f]{16})/.exec(logLine.line)?.[1] ?? null) as SpanId | null,
});

const spans = [
  span('aaaaaaaaaaaaaaaa', 'gateway', 1000, 100),
  span('bbbbbbbbbbbbbbbb', 'payment', 1010, 80, 'aaaaaaaaaaaaaaaa'),
  span('cccccccccccccccc', 'payment', 1020, 0, 'bbbbbbbbbbbbbbbb'), // a 0 ms span
];

describe('placeLogsOnSpans', () => {
  it('places a line by its span id first', () => {
    const [placed] = placeLogsOnSpans(TRACE, spans, [line(1050, `trace=${TRACE} span=aaaaaaaaaaaaaaaa`, { service: 'payment' })], extract);
    expect(placed).toMatchObject({ spanId: 'aaaaaaaaaaaaaaaa', placement: 'span-id', offsetMs: 50 });
  });

  it('falls back to the deepest span of the same service that contains the time', () => {
    const placed = placeLogsOnSpans(
      TRACE,
      spans,
      [line(1020, `trace=${TRACE}`, { service_name: 'payment' }), line(1030, `trace=${TRACE}`, { service_name: 'payment' })],
      extract,
    );
    expect(placed.map((p) => [p.spanId, p.placement])).toEqual([
      ['cccccccccccccccc', 'time'], // the 0 ms span still gets its line at its exact instant
      ['bbbbbbbbbbbbbbbb', 'time'],
    ]);
  });

  it('keeps lines it cannot place, marked unplaced, and drops lines of another trace', () => {
    const placed = placeLogsOnSpans(
      TRACE,
      spans,
      [line(5000, `trace=${TRACE}`, { service: 'payment' }), line(1010, `trace=${OTHER}`, { service: 'payment' })],
      extract,
    );
    expect(placed).toHaveLength(1);
    expect(placed[0]).toMatchObject({ spanId: null, placement: 'unplaced', offsetMs: 4000 });
  });

  it('orders by exact nanosecond timestamps and does not mutate its input', () => {
    const lines = [line(1002, 'b', { service: 'gateway' }), line(1001, 'a', { service: 'gateway' })];
    const copy = structuredClone(lines);
    expect(placeLogsOnSpans(TRACE, spans, lines, extract).map((p) => p.line)).toEqual(['a', 'b']);
    expect(lines).toEqual(copy);
  });
});

describe('levelOfLine', () => {
  it('reads the level from labels, JSON or logfmt', () => {
    expect(levelOfLine(line(0, 'x', { level: 'ERROR' }))).toBe('error');
    expect(levelOfLine(line(0, '{"level":"warning","msg":"slow"}', {}))).toBe('warn');
    expect(levelOfLine(line(0, 'ts=1 level=info msg=ok', {}))).toBe('info');
    expect(levelOfLine(line(0, 'no level here', {}))).toBe('unknown');
    // Loki 3: detected_level, and OTLP severity in structured metadata.
    expect(levelOfLine({ ...line(0, 'x', { detected_level: 'warn' }) })).toBe('warn');
    expect(levelOfLine({ ...line(0, 'body only', {}), structuredMetadata: { severity_text: 'ERROR' } })).toBe('error');
  });
});

/** The placement by time as a scan of every span of the service keeping the last latest-starting one. */
function scanDeepest(all: readonly Span[], service: string, timeMs: number): Span | undefined {
  let best: Span | undefined;
  for (const s of all) {
    if (s.serviceName !== service) continue;
    const endMs = s.startMs + s.durationNs / 1e6;
    if (timeMs >= s.startMs && timeMs <= endMs && (!best || s.startMs >= best.startMs)) best = s;
  }
  return best;
}

describe('placeLogsOnSpans on a big trace, lines without span ids', () => {
  it('places each line on the span a scan of its service would pick', () => {
    const trace = syntheticTrace(20_000, 11);
    // Ties (same start), overlaps that do not nest, and spans whose times cannot be read.
    const extra: Span[] = [
      { ...trace.spans[5], spanId: 'eeeeeeeeeeeeeee1' as SpanId },
      { ...trace.spans[5], spanId: 'eeeeeeeeeeeeeee2' as SpanId, durationNs: trace.spans[5].durationNs / 2 },
      { ...trace.spans[9], spanId: 'eeeeeeeeeeeeeee3' as SpanId, startMs: trace.spans[9].startMs - 0.5, durationNs: 3e6 },
      { ...trace.spans[9], spanId: 'eeeeeeeeeeeeeee4' as SpanId, startMs: Number.NaN },
      { ...trace.spans[9], spanId: 'eeeeeeeeeeeeeee5' as SpanId, durationNs: Number.NaN },
    ];
    const all = [...trace.spans, ...extra];
    const services = [...new Set(all.map((s) => s.serviceName)), 'not-in-the-trace'];
    const rand = seededRandom(3);
    const startMs = Math.min(...all.filter((s) => !Number.isNaN(s.startMs)).map((s) => s.startMs));
    const lines: LogLine[] = [];
    for (let i = 0; i < 2000; i++) {
      const service = services[Math.floor(rand() * services.length)];
      // Random instants, and span starts and ends exactly (the boundaries are inclusive).
      const pick = all[Math.floor(rand() * all.length)];
      const timeMs =
        i % 3 === 0 ? startMs - 5 + rand() * 5500 : i % 3 === 1 ? pick.startMs : pick.startMs + pick.durationNs / 1e6;
      const ns = String(BigInt(Math.floor(Number.isNaN(timeMs) ? 0 : timeMs)) * 1_000_000n + BigInt(i));
      lines.push({ timestampNs: ns, timeMs, line: `trace=${trace.traceId} no span here ${i}`, labels: { service_name: service } });
    }
    const placed = placeLogsOnSpans(trace.traceId, all, lines, extract);
    expect(placed).toHaveLength(lines.length);
    let byTime = 0;
    for (const p of placed) {
      const expected = scanDeepest(all, p.labels.service_name, p.timeMs);
      expect(p.spanId).toBe(expected?.spanId ?? null);
      expect(p.placement).toBe(expected ? 'time' : 'unplaced');
      if (expected) byTime++;
    }
    // The case is not vacuous: most lines land on a span, some on none.
    expect(byTime).toBeGreaterThan(1000);
    expect(byTime).toBeLessThan(lines.length);
  });

  it('keeps the last of several spans that start together and contain the line', () => {
    const twins = [span('1111111111111111', 'payment', 1000, 50), span('2222222222222222', 'payment', 1000, 20), span('3333333333333333', 'payment', 990, 100)];
    const [placed] = placeLogsOnSpans(TRACE, twins, [line(1010, `trace=${TRACE}`, { service_name: 'payment' })], extract);
    expect(placed.spanId).toBe('2222222222222222');
    const [after] = placeLogsOnSpans(TRACE, twins, [line(1030, `trace=${TRACE}`, { service_name: 'payment' })], extract);
    expect(after.spanId).toBe('1111111111111111');
  });
});
