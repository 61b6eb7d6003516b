// Our trace model. Wire formats (Tempo batches, OTLP, Jaeger) stop at the parsers.

/** 32 lowercase hex characters. Build with normaliseTraceId (lib/model/ids.ts), never by hand. */
export type TraceId = string & { readonly __brand: 'TraceId' };
/** 16 lowercase hex characters. */
export type SpanId = string & { readonly __brand: 'SpanId' };

export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

export type SpanKind = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';
export type SpanStatusCode = 'unset' | 'ok' | 'error';

export interface SpanEvent {
  name: string;
  /** Exact nanoseconds since the epoch, as a decimal string (int64 does not fit a double). */
  timeUnixNano: string;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: TraceId;
  spanId: SpanId;
  attributes: Attributes;
}

export interface Span {
  traceId: TraceId;
  spanId: SpanId;
  parentSpanId: SpanId | null;
  name: string;
  serviceName: string;
  kind: SpanKind;
  /** Exact start, nanoseconds since the epoch, decimal string. */
  startUnixNano: string;
  /** Start in epoch milliseconds (for display and charts; sub-microsecond precision is not needed there). */
  startMs: number;
  /** Exact duration in nanoseconds (fits a double for ~104 days). */
  durationNs: number;
  status: { code: SpanStatusCode; message?: string };
  attributes: Attributes;
  resource: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
  scope?: { name: string; version?: string };
}

export interface Trace {
  traceId: TraceId;
  spans: Span[];
}

/** One hit of a trace search (Tempo /api/search, tags or TraceQL). */
export interface TraceSearchHit {
  traceId: TraceId;
  rootServiceName: string;
  rootTraceName: string;
  startUnixNano: string;
  startMs: number;
  durationMs: number;
  /** TraceQL matches: the spans that satisfied the query. */
  matchedSpans: { spanId: SpanId; startUnixNano: string; durationNs: number; attributes: Attributes }[];
}

export interface TraceSearchResult {
  traces: TraceSearchHit[];
  /** True when the backend limit cut the result (we ask for limit + 1). */
  truncated: boolean;
}
