// The trace as the timeline API sends it. A big trace repeats the same few strings (service, span names,
// attribute keys, SQL statements) and the same resource on every span; written as JSON objects, a 100k-span
// trace is ~50 MB, most of it repetition, and parsing it dominates the browser's work. So: each span is a
// tuple, strings that repeat go through one string table, and resources and scopes are written once.
// Encoding and decoding are O(spans + attributes); decoding restores the model exactly (tested on recorded
// Tempo traces), sharing resource objects between spans as the parser does (the model is read-only).
import type { AttributeValue, Attributes, Span, SpanEvent, SpanKind, SpanLink, SpanStatusCode, Trace, TraceId } from '../model/trace';

/**
 * Attributes as flat pairs [key, value, key, value...]. A key >= 0 means "key is strings[key] and the value is
 * strings[value]" (the common case: a string value); a key < 0 means "key is strings[-key - 1] and the value is
 * written as it is" (numbers, booleans, null, arrays, maps).
 */
export type TransportAttributes = (number | AttributeValue)[];

export type TransportSpan = [
  spanId: string,
  parentSpanId: string | null,
  name: number,
  serviceName: number,
  kind: number,
  startUnixNano: string,
  startMs: number,
  durationNs: number,
  status: number,
  attributes: TransportAttributes,
  resource: number,
  /** -1: none. */
  scope: number,
  /** 0 when there are none (most spans), else the events and links. */
  extra: 0 | { statusMessage?: string; events?: SpanEvent[]; links?: SpanLink[] },
];

export interface TraceTransport {
  /** Bumped when the tuple layout changes. */
  format: 2;
  traceId: TraceId;
  strings: string[];
  resources: Attributes[];
  scopes: NonNullable<Span['scope']>[];
  spans: TransportSpan[];
  /** Tempo said the trace is incomplete (v2 API "PARTIAL"). */
  partial?: { message: string };
}

const KINDS: readonly SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES: readonly SpanStatusCode[] = ['unset', 'ok', 'error'];

/** Index of a value in a pool, deduplicated by identity first (cheap) and then by content. */
function pooler<T>(pool: T[]): (value: T) => number {
  const byIdentity = new Map<T, number>();
  const byContent = new Map<string, number>();
  return (value) => {
    const known = byIdentity.get(value);
    if (known !== undefined) return known;
    const key = JSON.stringify(value);
    let index = byContent.get(key);
    if (index === undefined) {
      index = pool.push(value) - 1;
      byContent.set(key, index);
    }
    byIdentity.set(value, index);
    return index;
  };
}

function stringTable(strings: string[]): (value: string) => number {
  const index = new Map<string, number>();
  return (value) => {
    let i = index.get(value);
    if (i === undefined) {
      i = strings.push(value) - 1;
      index.set(value, i);
    }
    return i;
  };
}

export function encodeTrace(trace: Trace & { partial?: { message: string } }): TraceTransport {
  const strings: string[] = [];
  const resources: Attributes[] = [];
  const scopes: NonNullable<Span['scope']>[] = [];
  const str = stringTable(strings);
  const resourceIndex = pooler(resources);
  const scopeIndex = pooler(scopes);

  const attributes = (attrs: Attributes): TransportAttributes => {
    const out: TransportAttributes = [];
    for (const key in attrs) {
      const value = attrs[key];
      if (typeof value === 'string') out.push(str(key), str(value));
      else out.push(-str(key) - 1, value);
    }
    return out;
  };

  const spans = trace.spans.map((span): TransportSpan => {
    const hasExtra = span.events.length > 0 || span.links.length > 0 || span.status.message !== undefined;
    return [
      span.spanId,
      span.parentSpanId,
      str(span.name),
      str(span.serviceName),
      Math.max(0, KINDS.indexOf(span.kind)),
      span.startUnixNano,
      span.startMs,
      span.durationNs,
      Math.max(0, STATUSES.indexOf(span.status.code)),
      attributes(span.attributes),
      resourceIndex(span.resource),
      span.scope ? scopeIndex(span.scope) : -1,
      hasExtra
        ? {
            ...(span.status.message !== undefined ? { statusMessage: span.status.message } : {}),
            ...(span.events.length > 0 ? { events: span.events } : {}),
            ...(span.links.length > 0 ? { links: span.links } : {}),
          }
        : 0,
    ];
  });
  return { format: 2, traceId: trace.traceId, strings, resources, scopes, spans, ...(trace.partial ? { partial: trace.partial } : {}) };
}

function decodeAttributes(flat: TransportAttributes, strings: readonly string[]): Attributes {
  const out: Attributes = {};
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const key = flat[i] as number;
    if (key >= 0) out[strings[key]] = strings[flat[i + 1] as number];
    else out[strings[-key - 1]] = flat[i + 1] as AttributeValue;
  }
  return out;
}

export function decodeTrace(transport: TraceTransport): Trace & { partial?: { message: string } } {
  const { traceId, strings, resources, scopes } = transport;
  const spans = transport.spans.map((t): Span => {
    const extra = t[12] === 0 ? null : t[12];
    const status: Span['status'] = { code: STATUSES[t[8]] ?? 'unset' };
    if (extra?.statusMessage !== undefined) status.message = extra.statusMessage;
    const span: Span = {
      traceId,
      spanId: t[0] as Span['spanId'],
      parentSpanId: t[1] as Span['parentSpanId'],
      name: strings[t[2]],
      serviceName: strings[t[3]],
      kind: KINDS[t[4]] ?? 'unspecified',
      startUnixNano: t[5],
      startMs: t[6],
      durationNs: t[7],
      status,
      attributes: decodeAttributes(t[9], strings),
      resource: resources[t[10]] ?? {},
      events: extra?.events ?? [],
      links: extra?.links ?? [],
    };
    if (t[11] >= 0 && scopes[t[11]]) span.scope = scopes[t[11]];
    return span;
  });
  return { traceId, spans, ...(transport.partial ? { partial: transport.partial } : {}) };
}

/** Earliest start and latest end of the spans, epoch ms, without decoding them. */
export function transportWindow(transport: TraceTransport): { startMs: number; endMs: number } | null {
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  for (const span of transport.spans) {
    startMs = Math.min(startMs, span[6]);
    endMs = Math.max(endMs, span[6] + span[7] / 1e6);
  }
  return transport.spans.length > 0 ? { startMs, endMs } : null;
}
