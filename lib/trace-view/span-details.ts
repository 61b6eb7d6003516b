// What the span detail panel shows, grouped: span attributes, resource, events (relative times), links.
// Pure and O(attributes + events) for one span.
import type { AttributeValue, Attributes, SpanId, SpanKind, SpanLink, SpanStatusCode, TraceId } from '../model/trace';
import type { TraceTree } from './build-trace-tree';
import { diffNanos, splitNanos } from '../model/nanos';
import { attributeValueText } from './search-spans';

export interface AttributeRow {
  readonly key: string;
  /** Display text (objects and arrays as JSON). */
  readonly text: string;
  readonly value: AttributeValue;
}

export interface EventRow {
  readonly name: string;
  /** Since the span start, microseconds; null when the event time is malformed. */
  readonly offsetInSpanUs: number | null;
  /** Since the trace start, microseconds. */
  readonly offsetInTraceUs: number | null;
  readonly attributes: readonly AttributeRow[];
}

export interface SpanDetails {
  readonly traceId: TraceId;
  readonly spanId: SpanId;
  readonly parentSpanId: SpanId | null;
  readonly name: string;
  readonly serviceName: string;
  readonly kind: SpanKind;
  readonly status: { readonly code: SpanStatusCode; readonly message?: string };
  readonly startUs: number;
  readonly durationUs: number;
  /** Epoch ms of the span start (for absolute display). */
  readonly startMs: number;
  readonly attributes: readonly AttributeRow[];
  readonly resource: readonly AttributeRow[];
  readonly events: readonly EventRow[];
  readonly links: readonly SpanLink[];
  readonly scope?: { readonly name: string; readonly version?: string };
  readonly warnings: readonly string[];
}

/** Attributes as rows sorted by key. */
export function attributeRows(attributes: Attributes): AttributeRow[] {
  return Object.keys(attributes)
    .sort()
    .map((key) => ({ key, value: attributes[key], text: attributeValueText(attributes[key]) }));
}

/** The detail view model of one span, or null when the id is not in the tree. */
export function spanDetails(tree: TraceTree, spanId: SpanId): SpanDetails | null {
  const index = tree.indexById.get(spanId);
  if (index === undefined) return null;
  const node = tree.nodes[index];
  const span = node.span;
  const spanStart = splitNanos(span.startUnixNano);
  const traceStart = splitNanos(tree.startUnixNano);

  const events = [...span.events]
    .map((e): EventRow => {
      const t = splitNanos(e.timeUnixNano);
      return {
        name: e.name,
        offsetInSpanUs: t && spanStart ? diffNanos(t, spanStart) / 1000 : null,
        offsetInTraceUs: t && traceStart ? diffNanos(t, traceStart) / 1000 : null,
        attributes: attributeRows(e.attributes),
      };
    })
    .sort((a, b) => (a.offsetInSpanUs ?? 0) - (b.offsetInSpanUs ?? 0));

  const warnings: string[] = [];
  if (node.parentIssue === 'missing') warnings.push(`Parent span ${span.parentSpanId ?? ''} is not in this trace.`);
  if (node.parentIssue === 'cycle') warnings.push('Parent links form a loop; it is cut at this span.');
  if (node.clockSkew) warnings.push('Starts before its parent: the hosts\u2019 clocks probably disagree.');

  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    serviceName: span.serviceName,
    kind: span.kind,
    status: span.status,
    startUs: node.startUs,
    durationUs: node.durationUs,
    startMs: span.startMs,
    attributes: attributeRows(span.attributes),
    resource: attributeRows(span.resource),
    events,
    links: span.links,
    scope: span.scope,
    warnings,
  };
}
