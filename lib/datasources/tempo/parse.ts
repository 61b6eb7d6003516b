// Tempo wire JSON -> our model. Pure: no I/O, input never mutated. Ids are normalised here (base64 or hex
// in, 32/16 lowercase hex out); exact nanosecond strings are kept and milliseconds derived from them.
// Cost: O(spans + attributes) for a trace, O(hits + matched spans) for a search.
import { spanIdFromHex, traceIdFromHex } from '../../model/ids';
import { canonicalNanos, nanosToMs } from '../../model/nanos';
import type { AttributeValue, Attributes, TraceId, TraceSearchHit, TraceSearchResult } from '../../model/trace';
import { parseBuildInfo, type BuildInfo } from '../build-info';
import { DatasourceError } from '../errors';
import { errorExcerpt, extractErrorMessage } from '../http';
import { validateWire } from '../validate';
import {
  searchResponseSchema,
  tagNamesResponseSchema,
  tagValuesV1ResponseSchema,
  tagValuesV2ResponseSchema,
  type AnyValueWire,
  type KeyValueWire,
  type SearchResponseWire,
} from './api-types';
import { readTraceByIdV1, readTraceByIdV2, type TempoTrace } from './read-trace';

export { spanKindOf, statusCodeOf } from './enums';
export { traceNotFound, type TempoTrace } from './read-trace';

/** A tag value; `type` is Tempo's TraceQL type ("string", "int", "keyword"...) or "untyped" from the v1 API. */
export interface TempoTagValue {
  type: string;
  value: string;
}

export type TempoBuildInfo = BuildInfo;

function badResponse(message: string): DatasourceError {
  return new DatasourceError({ backend: 'tempo', kind: 'bad-response', message });
}

// ---- nanoseconds ---------------------------------------------------------------------------------------

/** A uint64 ns value (string or number on the wire) as a canonical decimal string. */
function nanosString(value: string | number): string {
  return typeof value === 'number' ? BigInt(Math.trunc(value)).toString() : canonicalNanos(value);
}

// ---- attributes ----------------------------------------------------------------------------------------

/**
 * OTLP AnyValue -> our attribute value. intValue is an int64 string: a number when it fits a double
 * exactly, else the exact string. Bytes stay base64. An empty AnyValue is null.
 */
export function flattenAnyValue(value: AnyValueWire | undefined): AttributeValue {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) {
    if (typeof value.intValue === 'number') return value.intValue;
    const parsed = Number(value.intValue);
    return Number.isSafeInteger(parsed) ? parsed : value.intValue;
  }
  if (value.doubleValue !== undefined) return typeof value.doubleValue === 'number' ? value.doubleValue : Number(value.doubleValue);
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(flattenAnyValue);
  if (value.kvlistValue !== undefined) return flattenAttributes(value.kvlistValue.values);
  if (value.bytesValue !== undefined) return value.bytesValue;
  return null;
}

/** OTLP key/value list -> a plain object; a repeated key keeps its last value. */
export function flattenAttributes(list: readonly KeyValueWire[] | undefined): Attributes {
  const attributes: Attributes = {};
  for (const { key, value } of list ?? []) attributes[key] = flattenAnyValue(value);
  return attributes;
}

// ---- traces --------------------------------------------------------------------------------------------

/**
 * GET /api/traces/<id> answer -> Trace. Tempo versions have answered an unknown id with an empty trace
 * instead of 404: a trace without spans is reported as not found. Checked while converted (read-trace.ts).
 */
export function parseTraceByIdV1(body: unknown, traceId: TraceId): TempoTrace {
  return readTraceByIdV1(body, traceId);
}

/** GET /api/v2/traces/<id> answer ({"trace": ..., "status": "PARTIAL"?}) -> Trace. */
export function parseTraceByIdV2(body: unknown, traceId: TraceId): TempoTrace {
  return readTraceByIdV2(body, traceId);
}

// ---- search --------------------------------------------------------------------------------------------

type SearchHitWire = NonNullable<SearchResponseWire['traces']>[number];

function toSearchHit(wire: SearchHitWire): TraceSearchHit {
  // Tempo prints trace ids with %x: leading zeros are gone ("82f4fce62c06ad6").
  const traceId = traceIdFromHex(wire.traceID);
  if (traceId === null) throw badResponse(`tempo sent a search hit with an invalid trace id (${errorExcerpt(wire.traceID)})`);
  const startUnixNano = nanosString(wire.startTimeUnixNano);
  const matchedSpans: TraceSearchHit['matchedSpans'] = [];
  const seen = new Set<string>();
  for (const spanSet of [...(wire.spanSet ? [wire.spanSet] : []), ...(wire.spanSets ?? [])]) {
    for (const span of spanSet.spans ?? []) {
      const spanId = spanIdFromHex(span.spanID);
      if (spanId === null) throw badResponse(`tempo sent a matched span with an invalid span id (${errorExcerpt(span.spanID)})`);
      if (seen.has(spanId)) continue;
      seen.add(spanId);
      matchedSpans.push({
        spanId,
        startUnixNano: nanosString(span.startTimeUnixNano),
        durationNs: span.durationNanos === undefined ? 0 : Number(span.durationNanos),
        attributes: flattenAttributes(span.attributes),
      });
    }
  }
  return {
    traceId,
    rootServiceName: wire.rootServiceName ?? '',
    rootTraceName: wire.rootTraceName ?? '',
    startUnixNano,
    startMs: nanosToMs(startUnixNano),
    // Tempo omits durationMs below one millisecond.
    durationMs: wire.durationMs ?? 0,
    matchedSpans,
  };
}

/**
 * GET /api/search answer -> hits. The client asks for `limit + 1` traces: more than `limit` back means
 * more exist, so the result is cut to `limit` and marked truncated.
 */
export function parseSearchResponse(body: unknown, limit: number): TraceSearchResult {
  const wire = validateWire('tempo', searchResponseSchema, body, 'search');
  const hits = (wire.traces ?? []).map(toSearchHit);
  return { traces: hits.slice(0, limit), truncated: hits.length > limit };
}

export function parseTagNamesResponse(body: unknown): string[] {
  return [...(validateWire('tempo', tagNamesResponseSchema, body, 'tag names').tagNames ?? [])];
}

export function parseTagValuesV1Response(body: unknown): TempoTagValue[] {
  return (validateWire('tempo', tagValuesV1ResponseSchema, body, 'tag values').tagValues ?? []).map((value) => ({ type: 'untyped', value }));
}

export function parseTagValuesV2Response(body: unknown): TempoTagValue[] {
  return (validateWire('tempo', tagValuesV2ResponseSchema, body, 'tag values').tagValues ?? []).map((tag) => ({ type: tag.type, value: tag.value }));
}

// ---- status --------------------------------------------------------------------------------------------

export function parseBuildInfoResponse(body: unknown): TempoBuildInfo {
  return parseBuildInfo('tempo', body);
}

const VERSION_LINE = /\bversion\s+v?(\d[^\s(]*)(?:\s+\(branch:\s*([^,)]*),\s*revision:\s*([^)\s]*)\))?/;
const GO_VERSION_LINE = /go version:\s+(\S+)/;

/** Tempo 2.0's text page /status/version ("tempo, version 2.0.1 (branch: HEAD, revision: 2349...)"). */
export function parseStatusVersionText(text: string): TempoBuildInfo {
  const match = VERSION_LINE.exec(text);
  if (!match) throw badResponse('tempo sent a version page without a version');
  const info: TempoBuildInfo = { version: match[1] };
  if (match[2]) info.branch = match[2].trim();
  if (match[3]) info.revision = match[3];
  const go = GO_VERSION_LINE.exec(text);
  if (go) info.goVersion = go[1];
  return info;
}

// ---- errors --------------------------------------------------------------------------------------------

/** Go's default mux answer for an unknown route: an endpoint this Tempo version does not have. */
export function isRouteNotFound(status: number, text: string): boolean {
  return status === 404 && text.trim() === '404 page not found';
}

/**
 * A 400 or 404 Tempo answered with a plain-text reason ("invalid TraceQL query: parse error at line 1,
 * col 19: ...", "trace not found") -> our error, keeping the reason because it tells the user what to fix.
 */
export function tempoHttpError(status: number, text: string, what: string): DatasourceError {
  const reason = errorExcerpt(extractErrorMessage(text));
  const kind = status === 404 ? 'not-found' : status === 400 || status === 422 ? 'bad-request' : 'http';
  const fallback = status === 404 ? `${what} was not found in Tempo` : `tempo answered HTTP ${status}`;
  // A rejected request's reason stands alone (it is the parse error); other reasons get their subject.
  const message = !reason ? fallback : kind === 'bad-request' ? reason : `${what}: ${reason}`;
  return new DatasourceError({ backend: 'tempo', kind, status, message });
}
