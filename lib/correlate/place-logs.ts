// Places a trace's log lines on its spans: by span id when the line carries one, else by time inside
// the deepest span of the line's service. Pure; O(lines + spans) plus a scan of one service's spans
// for each line without a span id.
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
    const byTime = service ? deepestSpanAt(spansByService.get(service) ?? [], line.timeMs) : undefined;
    placed.push({ ...line, spanId: byTime?.spanId ?? null, placement: byTime ? 'time' : 'unplaced', offsetMs, level });
  }
  return placed.sort((a, b) => compareCanonicalNanos(a.timestampNs, b.timestampNs));
}

/** The latest-starting span containing timeMs: the innermost one for well-nested spans. */
function deepestSpanAt(spans: readonly Span[], timeMs: number): Span | undefined {
  let best: Span | undefined;
  for (const span of spans) {
    const endMs = span.startMs + span.durationNs / 1e6;
    if (timeMs >= span.startMs && timeMs <= endMs && (!best || span.startMs >= best.startMs)) best = span;
  }
  return best;
}
