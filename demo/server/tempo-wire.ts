// Tempo's trace-by-id JSON, built by hand and streamed in chunks: a 100k-span trace is ~80 MB of JSON, so we never
// hold one giant object graph. Shape as recorded from Tempo 2.0.1 (fixtures/tempo/traces_by_id_*.json):
// OTLP JSON with base64 ids, enum-string kinds and status codes, int64 as strings, unset status as {}.
import type { SpanAttributeValue, StoredSpan, StoredTrace } from '../query/types';
import { hexToBase64 } from './wire';

const KIND: Record<StoredSpan['kind'], string | null> = {
  unspecified: null, // proto3 zero value: omitted, like Tempo's marshaller does
  internal: 'SPAN_KIND_INTERNAL',
  server: 'SPAN_KIND_SERVER',
  client: 'SPAN_KIND_CLIENT',
  producer: 'SPAN_KIND_PRODUCER',
  consumer: 'SPAN_KIND_CONSUMER',
};

const SCOPE_JSON = JSON.stringify({ name: 'weft-demo-sim', version: '1.0.0' });

/** OTLP AnyValue JSON. Integers become intValue strings (int64), other numbers doubleValue. */
export function anyValueJson(value: SpanAttributeValue): string {
  if (typeof value === 'string') return `{"stringValue":${quoted(value)}}`;
  if (typeof value === 'boolean') return value ? '{"boolValue":true}' : '{"boolValue":false}';
  if (Number.isInteger(value)) return `{"intValue":"${value}"}`;
  if (Number.isFinite(value)) return `{"doubleValue":${value}}`;
  return `{"stringValue":${JSON.stringify(String(value))}}`;
}

// Names, keys and many values repeat across spans (a 20,000-span trace has a handful of names): quote each once.
// Bounded, so free-form values (ids, SKUs) cannot grow it without limit.
const QUOTED_MAX = 20_000;
const quotedCache = new Map<string, string>();

function quoted(value: string): string {
  let out = quotedCache.get(value);
  if (out === undefined) {
    out = JSON.stringify(value);
    if (quotedCache.size < QUOTED_MAX) quotedCache.set(value, out);
  }
  return out;
}

// Attribute keys repeat across spans: serialise each once. Bounded, since keys come from the simulation's code.
const keyPrefixes = new Map<string, string>();

function keyPrefix(key: string): string {
  let prefix = keyPrefixes.get(key);
  if (prefix === undefined) {
    prefix = `{"key":${JSON.stringify(key)},"value":`;
    if (keyPrefixes.size < 10_000) keyPrefixes.set(key, prefix);
  }
  return prefix;
}

// Attribute objects shared by many spans (a resource, the batch job's two DB statements) are serialised once.
// Stored spans are read-only by contract, so an object's JSON cannot change.
const sharedAttributes = new WeakMap<object, string>();

export function attributesJson(attributes: Record<string, SpanAttributeValue>): string {
  const cached = sharedAttributes.get(attributes);
  if (cached !== undefined) return cached;
  let out = '[';
  let first = true;
  for (const key in attributes) {
    out += (first ? '' : ',') + keyPrefix(key) + anyValueJson(attributes[key]) + '}';
    first = false;
  }
  out += ']';
  sharedAttributes.set(attributes, out);
  return out;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Byte i of a hex string (two digits, 0-9 a-f A-F). Top-level, not a closure: this runs 16 times per span. */
function hexByte(hex: string, i: number): number {
  const hi = hex.charCodeAt(2 * i);
  const lo = hex.charCodeAt(2 * i + 1);
  return ((hi <= 57 ? hi - 48 : (hi | 32) - 87) << 4) | (lo <= 57 ? lo - 48 : (lo | 32) - 87);
}

/** Lowercase/uppercase hex (even length) -> standard base64, without allocating a Buffer (hot: two per span). */
export function hexToBase64Fast(hex: string): string {
  let out = '';
  const bytes = hex.length >> 1;
  let i = 0;
  for (; i + 2 < bytes; i += 3) {
    const n = (hexByte(hex, i) << 16) | (hexByte(hex, i + 1) << 8) | hexByte(hex, i + 2);
    out += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63] + BASE64[(n >> 6) & 63] + BASE64[n & 63];
  }
  if (bytes - i === 1) {
    const n = hexByte(hex, i) << 16;
    out += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63] + '==';
  } else if (bytes - i === 2) {
    const n = (hexByte(hex, i) << 16) | (hexByte(hex, i + 1) << 8);
    out += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63] + BASE64[(n >> 6) & 63] + '=';
  }
  return out;
}

function statusJson(span: StoredSpan): string {
  if (span.statusCode === 'unset') return '{}';
  const message = span.statusMessage ? `"message":${quoted(span.statusMessage)},` : '';
  return `{${message}"code":"${span.statusCode === 'ok' ? 'STATUS_CODE_OK' : 'STATUS_CODE_ERROR'}"}`;
}

/**
 * The span's events. Spans without any (the contract makes them optional) that end in error with a message get the
 * "exception" event an OpenTelemetry SDK records, as in Tempo's recorded error trace.
 */
function eventsJson(span: StoredSpan, endNs: bigint): string | null {
  if (span.events && span.events.length > 0) {
    const events = span.events.map((e) => `{"timeUnixNano":"${e.timeNs}","name":${JSON.stringify(e.name)},"attributes":${attributesJson(e.attributes)}}`);
    return `[${events.join(',')}]`;
  }
  if (span.statusCode !== 'error' || !span.statusMessage) return null;
  const attributes = attributesJson({ 'exception.message': span.statusMessage });
  return `[{"timeUnixNano":"${endNs}","name":"exception","attributes":${attributes}}]`;
}

function hasKeys(object: object): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return true;
  return false;
}

export function spanJson(span: StoredSpan, traceIdBase64: string): string {
  const endNs = span.startNs + span.durationNs;
  let out = `{"traceId":"${traceIdBase64}","spanId":"${hexToBase64Fast(span.spanId)}"`;
  if (span.parentSpanId) out += `,"parentSpanId":"${hexToBase64Fast(span.parentSpanId)}"`;
  out += `,"name":${quoted(span.name)}`;
  const kind = KIND[span.kind];
  if (kind) out += `,"kind":"${kind}"`;
  out += `,"startTimeUnixNano":"${span.startNs}","endTimeUnixNano":"${endNs}"`;
  if (hasKeys(span.attributes)) out += `,"attributes":${attributesJson(span.attributes)}`;
  const events = eventsJson(span, endNs);
  if (events) out += `,"events":${events}`;
  out += `,"status":${statusJson(span)}}`;
  return out;
}

/** Spans grouped by resource (one OTLP ResourceSpans per distinct resource), in first-seen order. O(n). */
export function groupByResource(spans: StoredSpan[]): { resourceJson: string; spans: StoredSpan[] }[] {
  const groups = new Map<string, { resourceJson: string; spans: StoredSpan[] }>();
  // Spans of one service usually share one resource object: serialise it once.
  const byObject = new Map<object, Map<string, string>>();
  for (const span of spans) {
    let perService = byObject.get(span.resourceAttributes);
    if (!perService) {
      perService = new Map();
      byObject.set(span.resourceAttributes, perService);
    }
    let resourceJson = perService.get(span.serviceName);
    if (resourceJson === undefined) {
      const resource = { ...span.resourceAttributes };
      if (resource['service.name'] === undefined) resource['service.name'] = span.serviceName;
      resourceJson = `{"attributes":${attributesJson(resource)}}`;
      perService.set(span.serviceName, resourceJson);
    }
    let group = groups.get(resourceJson);
    if (!group) {
      group = { resourceJson, spans: [] };
      groups.set(resourceJson, group);
    }
    group.spans.push(span);
  }
  return [...groups.values()];
}

const CHUNK_CHARS = 256 * 1024;

/**
 * The trace as a stream of JSON text chunks (~256 KB each), built lazily.
 * `wrapper` "batches" gives Tempo 2.0's `{"batches":[...]}`; "v2" gives newer Tempo's `{"trace":{"resourceSpans":[...]}}`.
 */
export function* traceJsonChunks(trace: StoredTrace, wrapper: 'batches' | 'v2'): Generator<string> {
  const traceIdBase64 = hexToBase64(trace.traceId);
  // Pieces joined once per chunk: one flat string instead of a deep rope of `+=`, which costs as much again to
  // flatten and encode when written out.
  let pieces: string[] = [wrapper === 'batches' ? '{"batches":[' : '{"trace":{"resourceSpans":['];
  let chars = 0;
  const groups = groupByResource(trace.spans);
  for (let gi = 0; gi < groups.length; gi++) {
    const group = groups[gi];
    pieces.push(`${gi > 0 ? ',' : ''}{"resource":${group.resourceJson},"scopeSpans":[{"scope":${SCOPE_JSON},"spans":[`);
    for (let si = 0; si < group.spans.length; si++) {
      const span = spanJson(group.spans[si], traceIdBase64);
      pieces.push(si > 0 ? ',' + span : span);
      chars += span.length + 1;
      if (chars >= CHUNK_CHARS) {
        yield pieces.join('');
        pieces = [];
        chars = 0;
      }
    }
    pieces.push(']}]}');
  }
  pieces.push(wrapper === 'batches' ? ']}' : ']}}');
  yield pieces.join('');
}
