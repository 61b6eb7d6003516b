// The trace parser as it was before read-trace.ts: the whole body checked by the zod schemas of
// api-types.ts, then converted. Kept only as the reference the hand-written reader is tested against
// (read-trace.test.ts): same model on every recorded trace, same verdict on damaged bodies.
import { normaliseSpanId, normaliseTraceId } from '../../../model/ids';
import { canonicalNanos, nanosToMs } from '../../../model/nanos';
import type { Attributes, Span, SpanEvent, SpanLink, Trace, TraceId } from '../../../model/trace';
import { DatasourceError } from '../../errors';
import { errorExcerpt } from '../../http';
import { validateWire } from '../../validate';
import { traceByIdV1Schema, traceByIdV2Schema, type ResourceSpansWire, type SpanWire } from '../api-types';
import { spanKindOf, statusCodeOf } from '../enums';
import { flattenAttributes } from '../parse';
import { traceNotFound, type TempoTrace } from '../read-trace';

const UNKNOWN_SERVICE = 'unknown_service';

function badResponse(message: string): DatasourceError {
  return new DatasourceError({ backend: 'tempo', kind: 'bad-response', message });
}

function nanosString(value: string | number): string {
  return typeof value === 'number' ? BigInt(Math.trunc(value)).toString() : canonicalNanos(value);
}

function durationNs(startNs: string, endNs: string | undefined): number {
  if (endNs === undefined) return 0;
  const diff = BigInt(endNs) - BigInt(startNs);
  return diff > 0n ? Number(diff) : 0;
}

interface SpanContext {
  traceId: TraceId;
  resource: Attributes;
  serviceName: string;
  scope: Span['scope'];
}

function toSpan(wire: SpanWire, context: SpanContext): Span {
  const traceId = normaliseTraceId(wire.traceId);
  if (traceId === null) throw badResponse(`tempo sent a span with an invalid trace id (${errorExcerpt(wire.traceId)})`);
  if (traceId !== context.traceId) throw badResponse(`tempo sent a span of trace ${traceId} while trace ${context.traceId} was asked for`);
  const spanId = normaliseSpanId(wire.spanId);
  if (spanId === null) throw badResponse(`tempo sent a span with an invalid span id (${errorExcerpt(wire.spanId)})`);
  let parentSpanId: Span['parentSpanId'] = null;
  // Roots carry no parent, an empty string, or an all-zero id (hex or base64 "AAAAAAAAAAA=").
  if (wire.parentSpanId && !/^A*=*$|^0+$/.test(wire.parentSpanId)) {
    parentSpanId = normaliseSpanId(wire.parentSpanId);
    if (parentSpanId === null) throw badResponse(`tempo sent a span with an invalid parent span id (${errorExcerpt(wire.parentSpanId)})`);
  }
  const startUnixNano = nanosString(wire.startTimeUnixNano);
  const endUnixNano = wire.endTimeUnixNano === undefined ? undefined : nanosString(wire.endTimeUnixNano);
  const status: Span['status'] = { code: statusCodeOf(wire.status?.code) };
  if (wire.status?.message) status.message = wire.status.message;
  const span: Span = {
    traceId,
    spanId,
    parentSpanId,
    name: wire.name ?? '',
    serviceName: context.serviceName,
    kind: spanKindOf(wire.kind),
    startUnixNano,
    startMs: nanosToMs(startUnixNano),
    durationNs: durationNs(startUnixNano, endUnixNano),
    status,
    attributes: flattenAttributes(wire.attributes),
    resource: context.resource,
    events: (wire.events ?? []).map(
      (event): SpanEvent => ({
        name: event.name ?? '',
        timeUnixNano: event.timeUnixNano === undefined ? startUnixNano : nanosString(event.timeUnixNano),
        attributes: flattenAttributes(event.attributes),
      }),
    ),
    links: toLinks(wire.links),
  };
  if (context.scope) span.scope = context.scope;
  return span;
}

/** Links whose ids do not decode are dropped: a broken link must not cost the user the whole trace. */
function toLinks(links: SpanWire['links']): SpanLink[] {
  const result: SpanLink[] = [];
  for (const link of links ?? []) {
    const traceId = normaliseTraceId(link.traceId);
    const spanId = normaliseSpanId(link.spanId);
    if (traceId && spanId) result.push({ traceId, spanId, attributes: flattenAttributes(link.attributes) });
  }
  return result;
}

function toScope(scope: { name?: string; version?: string } | undefined): Span['scope'] {
  if (!scope?.name) return undefined;
  return scope.version ? { name: scope.name, version: scope.version } : { name: scope.name };
}

/** OTLP resource spans (either generation of the format) -> the spans of one trace, in wire order. */
function resourceSpansToTrace(batches: readonly ResourceSpansWire[], traceId: TraceId): Trace {
  const spans: Span[] = [];
  for (const batch of batches) {
    // One resource object per batch, shared by its spans (the model is read-only).
    const resource = flattenAttributes(batch.resource?.attributes);
    const service = resource['service.name'];
    const serviceName = typeof service === 'string' && service !== '' ? service : UNKNOWN_SERVICE;
    const groups = [
      ...(batch.scopeSpans ?? []).map((group) => ({ scope: toScope(group.scope), spans: group.spans ?? [] })),
      ...(batch.instrumentationLibrarySpans ?? []).map((group) => ({ scope: toScope(group.instrumentationLibrary), spans: group.spans ?? [] })),
    ];
    for (const group of groups) {
      const context: SpanContext = { traceId, resource, serviceName, scope: group.scope };
      for (const span of group.spans) spans.push(toSpan(span, context));
    }
  }
  return { traceId, spans };
}

/**
 * GET /api/traces/<id> answer -> Trace. Tempo versions have answered an unknown id with an empty trace
 * instead of 404: a trace without spans is reported as not found.
 */
export function zodParseTraceByIdV1(body: unknown, traceId: TraceId): TempoTrace {
  const wire = validateWire('tempo', traceByIdV1Schema, body, 'trace');
  const trace = resourceSpansToTrace(wire.batches ?? wire.resourceSpans ?? [], traceId);
  if (trace.spans.length === 0) throw traceNotFound(traceId);
  return trace;
}

/** GET /api/v2/traces/<id> answer ({"trace": ..., "status": "PARTIAL"?}) -> Trace. */
export function zodParseTraceByIdV2(body: unknown, traceId: TraceId): TempoTrace {
  const wire = validateWire('tempo', traceByIdV2Schema, body, 'trace');
  const trace: TempoTrace = resourceSpansToTrace(wire.trace?.resourceSpans ?? wire.trace?.batches ?? [], traceId);
  if (trace.spans.length === 0) throw traceNotFound(traceId);
  if (wire.status === 'PARTIAL' || wire.status === 1) trace.partial = { message: wire.message ?? 'Tempo returned part of this trace' };
  return trace;
}

