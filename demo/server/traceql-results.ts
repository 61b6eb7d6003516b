// From demo/query's trace search results to the servers' TraceSearchHit: Tempo lists, for each matched span, the
// attributes the query's conditions looked at (fixtures/tempo/search_traceql_*.json: `{ resource.service.name =
// "payment" && status = error }` gives status and service.name).
import type { SpansetExpr } from '../query/traceql/ast';
import type { TraceSearchResult as EngineResult } from '../query/traceql';
import type { SpanAttributeValue, StoredSpan, StoredTrace, TraceHint, TraceStore } from '../query/types';
import type { TraceSearchHit, TraceSearchSpan } from './engines';

export type AttributeRef =
  | { kind: 'attribute'; scope: 'span' | 'resource' | 'any'; name: string }
  | { kind: 'intrinsic'; name: 'name' | 'status' | 'statusMessage' | 'kind' };

const LISTED_INTRINSICS = new Set(['name', 'status', 'statusMessage', 'kind']);

/** The attributes and intrinsics a query's conditions read, in Tempo's order (last condition first). */
export function referencedAttributes(expr: SpansetExpr): AttributeRef[] {
  const out: AttributeRef[] = [];
  const seen = new Set<string>();
  const visit = (node: unknown) => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.kind === 'attribute' && typeof record.name === 'string') {
      const scope = record.scope === 'span' || record.scope === 'resource' ? record.scope : 'any';
      const key = `a:${record.name}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ kind: 'attribute', scope, name: record.name });
      }
      return;
    }
    if (record.kind === 'intrinsic' && typeof record.name === 'string' && LISTED_INTRINSICS.has(record.name)) {
      const key = `i:${record.name}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ kind: 'intrinsic', name: record.name as 'name' | 'status' | 'statusMessage' | 'kind' });
      }
      return;
    }
    for (const value of Object.values(record)) visit(value);
  };
  visit(expr);
  return out.reverse();
}

function attributeOf(span: StoredSpan, ref: AttributeRef): SpanAttributeValue | undefined {
  if (ref.kind === 'intrinsic') {
    if (ref.name === 'name') return span.name;
    if (ref.name === 'status') return span.statusCode;
    if (ref.name === 'kind') return span.kind;
    return span.statusMessage;
  }
  const fromResource = () => span.resourceAttributes[ref.name] ?? (ref.name === 'service.name' ? span.serviceName : undefined);
  if (ref.scope === 'span') return span.attributes[ref.name];
  if (ref.scope === 'resource') return fromResource();
  return span.attributes[ref.name] ?? fromResource();
}

export function toSearchSpan(span: StoredSpan, refs: readonly AttributeRef[]): TraceSearchSpan {
  const attributes: Record<string, SpanAttributeValue> = {};
  for (const ref of refs) {
    const value = attributeOf(span, ref);
    if (value !== undefined) attributes[ref.name] = value;
  }
  return { spanId: span.spanId, name: span.name, startNs: span.startNs, durationNs: span.durationNs, attributes };
}

export function toSearchHit(result: EngineResult, refs: readonly AttributeRef[] | null): TraceSearchHit {
  return {
    traceId: result.traceId,
    rootServiceName: result.rootServiceName,
    rootTraceName: result.rootTraceName,
    startNs: result.startNs,
    durationMs: result.durationMs,
    spanSets: refs === null ? [] : [{ spans: result.matchedSpans.map((s) => toSearchSpan(s, refs)), matched: result.matchedCount }],
  };
}

/** A TraceStore that counts what a search read, for Tempo's inspectedTraces / inspectedBytes. */
export function countingStore(store: TraceStore): { store: TraceStore; counts: { traces: number; bytes: number } } {
  const counts = { traces: 0, bytes: 0 };
  return {
    counts,
    store: {
      *tracesInRange(startNs: bigint, endNs: bigint, hint?: TraceHint): Iterable<StoredTrace> {
        for (const trace of hint ? store.tracesInRange(startNs, endNs, hint) : store.tracesInRange(startNs, endNs)) {
          counts.traces++;
          // Roughly what a span weighs in Tempo's parquet blocks.
          counts.bytes += trace.spans.length * 200;
          yield trace;
        }
      },
    },
  };
}
