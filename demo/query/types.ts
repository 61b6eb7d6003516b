// The contract between the demo's simulation (demo/sim, demo/server) and its query engines (demo/query).
// The simulation implements the stores; the engines evaluate PromQL / LogQL / TraceQL against them.

export type Labels = Record<string, string>;

export type MatchType = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  name: string;
  type: MatchType;
  value: string;
}

/** Raw samples of one series as a scraper would have stored them (e.g. every 15 s). */
export interface RawSeries {
  labels: Labels; // includes __name__
  timestampsMs: number[];
  values: number[];
  /**
   * Prometheus staleness markers in the range, ascending: the series stopped being written at these times (a rule
   * stopped producing it, a target vanished). An instant selector whose latest entry is a marker sees no value,
   * instead of the last sample for the 5-minute lookback; range selectors skip markers. Absent = none.
   */
  staleMarkersMs?: number[];
}

export interface MetricStore {
  /** Every series matching all matchers, with its raw samples in [startMs, endMs]. */
  select(matchers: LabelMatcher[], startMs: number, endMs: number): RawSeries[];
  labelNames(startMs: number, endMs: number): string[];
  labelValues(name: string, startMs: number, endMs: number): string[];
}

export interface LogEntry {
  /** Nanoseconds since the epoch. */
  timestampNs: bigint;
  line: string;
  /** Loki 3 structured metadata attached to the entry (optional). */
  structuredMetadata?: Labels;
}

export interface LogStream {
  labels: Labels;
  /** Entries in ascending time order. */
  entries: LogEntry[];
}

export interface LogStore {
  /**
   * Streams whose labels match all matchers, with entries in [startNs, endNs).
   * `lineContains` is a hint the store may use to skip work (entries not containing it may be dropped early);
   * the engine still applies every filter itself.
   */
  select(matchers: LabelMatcher[], startNs: bigint, endNs: bigint, hint?: { lineContains?: string[] }): LogStream[];
  labelNames(startNs: bigint, endNs: bigint): string[];
  labelValues(name: string, startNs: bigint, endNs: bigint): string[];
}

export type SpanAttributeValue = string | number | boolean;

/** A span event, e.g. OpenTelemetry's "exception" event (exception.type, exception.message) on a failed span. */
export interface StoredSpanEvent {
  name: string;
  timeNs: bigint;
  attributes: Record<string, SpanAttributeValue>;
}

export interface StoredSpan {
  traceId: string; // 32 lowercase hex
  spanId: string; // 16 lowercase hex
  parentSpanId: string | null;
  name: string;
  serviceName: string;
  kind: 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';
  statusCode: 'unset' | 'ok' | 'error';
  statusMessage?: string;
  startNs: bigint;
  durationNs: bigint;
  attributes: Record<string, SpanAttributeValue>;
  resourceAttributes: Record<string, SpanAttributeValue>;
  /** Span events in time order; absent or empty when the span has none. (Added by demo/sim.) */
  events?: StoredSpanEvent[];
}

export interface StoredTrace {
  traceId: string;
  spans: StoredSpan[];
}

/**
 * What every trace a query can match contains: a span whose resource `service.name` is one of `services` and, when
 * `error` is set, whose status is error. A hint only: a store may skip other traces without building them, or
 * ignore it; the engine still evaluates the whole query on what it gets.
 */
export interface TraceHint {
  services: readonly string[];
  error?: boolean;
}

export interface TraceStore {
  /** Traces whose root starts in [startNs, endNs), in ascending start order. May be lazy. */
  tracesInRange(startNs: bigint, endNs: bigint, hint?: TraceHint): Iterable<StoredTrace>;
}

/** Thrown by the engines for queries they cannot parse or do not support; servers map it to the backend's error format. */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly kind: 'parse' | 'unsupported' | 'execution' = 'parse',
  ) {
    super(message);
    this.name = 'QueryError';
  }
}
