// Places a trace's log lines on its spans: by span id when the line carries one, else by time inside
// the deepest span of the line's service. Pure; O(lines + spans), plus for lines without a span id a
// per-service index of the spans by start (built once, O(s log s)) and O(log s) per line.
import type { LogLine } from '../model/logs';
import { compareCanonicalNanos } from '../model/nanos';
import type { Span, SpanId, TraceId } from '../model/trace';

export type LogPlacement = 'span-id' | 'time' | 'unplaced';

export interface TimelineLogLine extends LogLine {
  spanId: SpanId | null;
  placement: LogPlacement;
  /** Milliseconds from the trace's start (negative before it). */
  offsetMs: number;
  level: LogLevel;
}

export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'unknown';

export interface TraceContext {
  traceId: TraceId | null;
  spanId: SpanId | null;
}

export type TraceContextExtractor = (line: LogLine) => TraceContext;

const SERVICE_LABELS = ['service_name', 'service', 'app', 'application', 'container', 'job'];

export function serviceOfLine(line: LogLine): string | undefined {
  for (const key of SERVICE_LABELS) {
    const value = line.labels[key] ?? line.structuredMetadata?.[key];
    if (value) return value;
  }
  return undefined;
}

const LEVEL_ALIASES: Record<string, LogLevel> = {
  error: 'error', err: 'error', fatal: 'error', critical: 'error', crit: 'error', panic: 'error', emerg: 'error', alert: 'error',
  warn: 'warn', warning: 'warn',
  info: 'info', information: 'info', notice: 'info',
  debug: 'debug', trace: 'debug', dbg: 'debug',
};

const JSON_LEVEL = /"(?:level|lvl|severity)"\s*:\s*"([A-Za-z]+)"/;
const LOGFMT_LEVEL = /(?:^|\s)(?:level|lvl|severity)=("?)([A-Za-z]+)\1/;

// Stream labels, Loki 3's detected_level, and OTLP's severity_text (structured metadata in Loki 3).
const LEVEL_KEYS = ['level', 'detected_level', 'severity', 'severity_text', 'lvl'];

function levelFrom(values: Readonly<Record<string, string>> | undefined): string | undefined {
  if (!values) return undefined;
  for (const key of LEVEL_KEYS) if (values[key]) return values[key];
  return undefined;
}

/** The line's level from its labels or structured metadata, else from a JSON or logfmt field in the line. */
export function levelOfLine(line: LogLine): LogLevel {
  const fromLabel = levelFrom(line.labels) ?? levelFrom(line.structuredMetadata);
  const raw = fromLabel ?? JSON_LEVEL.exec(line.line)?.[1] ?? LOGFMT_LEVEL.exec(line.line)?.[2];
  return (raw && LEVEL_ALIASES[raw.toLowerCase()]) || 'unknown';
}

export function placeLogsOnSpans(
  traceId: TraceId,
  spans: readonly Span[],
  lines: readonly LogLine[],
  extract: TraceContextExtractor,
): TimelineLogLine[] {
  const traceStartMs = spans.reduce((min, span) => Math.min(min, span.startMs), Number.POSITIVE_INFINITY);
  const spanById = new Map<string, Span>();
  const spansByService = new Map<string, Span[]>();
  const indexByService = new Map<string, SpansByStart>();
  const spanIndexOf = (service: string): SpansByStart | undefined => {
    let index = indexByService.get(service);
    if (!index) {
      const list = spansByService.get(service);
      if (!list) return undefined;
      index = new SpansByStart(list);
      indexByService.set(service, index);
    }
    return index;
  };
  for (const span of spans) {
    spanById.set(span.spanId, span);
    const list = spansByService.get(span.serviceName);
    if (list) list.push(span);
    else spansByService.set(span.serviceName, [span]);
  }

  const placed: TimelineLogLine[] = [];
  for (const line of lines) {
    const context = extract(line);
    // The query matched the id as text; a line that names another trace is not ours.
    if (context.traceId !== null && context.traceId !== traceId) continue;
    const offsetMs = Number.isFinite(traceStartMs) ? line.timeMs - traceStartMs : 0;
    const level = levelOfLine(line);
    const bySpanId = context.spanId !== null ? spanById.get(context.spanId) : undefined;
    if (bySpanId) {
      placed.push({ ...line, spanId: bySpanId.spanId, placement: 'span-id', offsetMs, level });
      continue;
    }
    const service = serviceOfLine(line);
    const byTime = service ? spanIndexOf(service)?.deepestAt(line.timeMs) : undefined;
    placed.push({ ...line, spanId: byTime?.spanId ?? null, placement: byTime ? 'time' : 'unplaced', offsetMs, level });
  }
  return placed.sort((a, b) => compareCanonicalNanos(a.timestampNs, b.timestampNs));
}

/**
 * One service's spans by start, to find the latest-starting span containing an instant (the innermost one
 * for well-nested spans; among equal starts the later one in the trace, as a scan keeping the last best
 * would). A max-tree over the ends finds the rightmost span starting at or before the instant that ends at
 * or after it without visiting the spans that ended earlier.
 */
export class SpansByStart {
  private readonly spans: Span[];
  private readonly starts: Float64Array;
  /** Max end (ms) per node; leaves at size + i. */
  private readonly maxEnd: Float64Array;
  private readonly size: number;

  constructor(spans: readonly Span[]) {
    // Spans with an unreadable start or end contain no instant: left out.
    const rows: number[] = [];
    for (let i = 0; i < spans.length; i++) if (!Number.isNaN(spans[i].startMs) && !Number.isNaN(endMsOf(spans[i]))) rows.push(i);
    rows.sort((a, b) => spans[a].startMs - spans[b].startMs || a - b);
    this.spans = rows.map((i) => spans[i]);
    this.starts = Float64Array.from(this.spans, (s) => s.startMs);
    let size = 1;
    while (size < this.spans.length) size *= 2;
    this.size = size;
    this.maxEnd = new Float64Array(2 * size).fill(Number.NEGATIVE_INFINITY);
    for (let i = 0; i < this.spans.length; i++) this.maxEnd[size + i] = endMsOf(this.spans[i]);
    for (let node = size - 1; node >= 1; node--) this.maxEnd[node] = Math.max(this.maxEnd[2 * node], this.maxEnd[2 * node + 1]);
  }

  deepestAt(timeMs: number): Span | undefined {
    if (Number.isNaN(timeMs) || this.spans.length === 0) return undefined;
    // Last position whose start is <= timeMs.
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid] <= timeMs) lo = mid + 1;
      else hi = mid;
    }
    const position = this.rightmostEndingAfter(1, 0, this.size - 1, lo - 1, timeMs);
    return position < 0 ? undefined : this.spans[position];
  }

  /** The rightmost leaf position <= last under node (covering lo..hi) whose end is >= timeMs, else -1. */
  private rightmostEndingAfter(node: number, lo: number, hi: number, last: number, timeMs: number): number {
    if (lo > last || !(this.maxEnd[node] >= timeMs)) return -1;
    if (lo === hi) return lo;
    const mid = (lo + hi) >>> 1;
    const right = this.rightmostEndingAfter(2 * node + 1, mid + 1, hi, last, timeMs);
    return right >= 0 ? right : this.rightmostEndingAfter(2 * node, lo, mid, last, timeMs);
  }
}

function endMsOf(span: Span): number {
  return span.startMs + span.durationNs / 1e6;
}
