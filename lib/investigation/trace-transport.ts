// The trace as the timeline API sends it: the model with each resource and scope written once and referenced
// by index, and without the trace id on every span. Spans of one service share one resource object, so a
// 100k-span trace would otherwise repeat the same resource attributes 100k times in the JSON (about a third
// of its size). Encoding is O(spans); decoding restores shared objects, which the model treats as read-only.
import type { Attributes, Span, Trace, TraceId } from '../model/trace';

export type TransportSpan = Omit<Span, 'traceId' | 'resource' | 'scope'> & {
  /** Index into TraceTransport.resources. */
  resource: number;
  /** Index into TraceTransport.scopes. */
  scope?: number;
};

export interface TraceTransport {
  traceId: TraceId;
  resources: Attributes[];
  scopes: NonNullable<Span['scope']>[];
  spans: TransportSpan[];
  /** Tempo said the trace is incomplete (v2 API "PARTIAL"). */
  partial?: { message: string };
}

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

export function encodeTrace(trace: Trace & { partial?: { message: string } }): TraceTransport {
  const resources: Attributes[] = [];
  const scopes: NonNullable<Span['scope']>[] = [];
  const resourceIndex = pooler(resources);
  const scopeIndex = pooler(scopes);
  // Fields copied by name: an object rest spread per span costs ten times as much on 100k spans.
  const spans = trace.spans.map((span): TransportSpan => {
    const out: TransportSpan = {
      spanId: span.spanId,
      parentSpanId: span.parentSpanId,
      name: span.name,
      serviceName: span.serviceName,
      kind: span.kind,
      startUnixNano: span.startUnixNano,
      startMs: span.startMs,
      durationNs: span.durationNs,
      status: span.status,
      attributes: span.attributes,
      events: span.events,
      links: span.links,
      resource: resourceIndex(span.resource),
    };
    if (span.scope) out.scope = scopeIndex(span.scope);
    return out;
  });
  return { traceId: trace.traceId, resources, scopes, spans, ...(trace.partial ? { partial: trace.partial } : {}) };
}

export function decodeTrace(transport: TraceTransport): Trace & { partial?: { message: string } } {
  const { traceId, resources, scopes } = transport;
  const spans = transport.spans.map((wire): Span => {
    const span: Span = {
      traceId,
      spanId: wire.spanId,
      parentSpanId: wire.parentSpanId,
      name: wire.name,
      serviceName: wire.serviceName,
      kind: wire.kind,
      startUnixNano: wire.startUnixNano,
      startMs: wire.startMs,
      durationNs: wire.durationNs,
      status: wire.status,
      attributes: wire.attributes,
      resource: resources[wire.resource] ?? {},
      events: wire.events,
      links: wire.links,
    };
    if (wire.scope !== undefined && scopes[wire.scope]) span.scope = scopes[wire.scope];
    return span;
  });
  return { traceId, spans, ...(transport.partial ? { partial: transport.partial } : {}) };
}
