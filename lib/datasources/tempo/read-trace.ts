// Tempo's trace JSON (OTLP, as Tempo serialises it) -> our model, checked while it is converted. A trace can
// hold 100k spans and millions of attribute values: a schema library walking it first cost more than the
// conversion itself (a z.lazy schema per value), so this one pass checks every field the schemas in
// api-types.ts describe, with the same rules, and builds the spans. A wrong shape is a bad-response error
// naming the path of the first bad field. Pure: input never mutated. Cost: O(spans + attribute values).
// Equivalence with the schema-checked conversion is tested on every recorded trace (read-trace.test.ts).
import { normaliseSpanId, normaliseTraceId } from '../../model/ids';
import type { AttributeValue, Attributes, Span, SpanEvent, SpanLink, Trace, TraceId } from '../../model/trace';
import { DatasourceError } from '../errors';
import { errorExcerpt } from '../http';
import { spanKindOf, statusCodeOf } from './enums';

const UNKNOWN_SERVICE = 'unknown_service';

/** A trace as Tempo returned it; `partial` is set when Tempo said it cut the trace (v2 status PARTIAL). */
export type TempoTrace = Trace & { partial?: { message: string } };

// ---- shape errors ------------------------------------------------------------------------------------

/** Thrown inside the walk; each level adds its path segment on the way out (only when something failed). */
class ShapeError extends Error {
  readonly path: (string | number)[] = [];
  constructor(readonly expected: string) {
    super(expected);
  }
}

/** Rethrows `error`, a ShapeError getting the path segments of the level it passes (outermost first). */
function within(error: unknown, ...segments: (string | number)[]): never {
  if (error instanceof ShapeError) error.path.unshift(...segments);
  throw error;
}

function badResponse(message: string): DatasourceError {
  return new DatasourceError({ backend: 'tempo', kind: 'bad-response', message });
}

function shapeFailure(error: ShapeError): DatasourceError {
  const where = error.path.length > 0 ? ` at ${error.path.join('.')}` : '';
  return badResponse(`tempo sent an unexpected trace response${where}: expected ${error.expected}`);
}

type Wire = Record<string, unknown>;

function isObject(value: unknown): value is Wire {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectOrThrow(value: unknown): Wire {
  if (!isObject(value)) throw new ShapeError('an object');
  return value;
}

function withPath(error: ShapeError, field: string): never {
  error.path.push(field);
  throw error;
}

/** Field `key` of `wire`: undefined, or an object. */
function optionalObject(wire: Wire, key: string): Wire | undefined {
  const value = wire[key];
  if (value === undefined) return undefined;
  if (!isObject(value)) withPath(new ShapeError('an object'), key);
  return value;
}

function optionalArray(wire: Wire, key: string): unknown[] | undefined {
  const value = wire[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) withPath(new ShapeError('an array'), key);
  return value;
}

function requiredString(wire: Wire, key: string): string {
  const value = wire[key];
  if (typeof value !== 'string') withPath(new ShapeError('a string'), key);
  return value;
}

function optionalString(wire: Wire, key: string): string | undefined {
  const value = wire[key];
  if (value === undefined || typeof value === 'string') return value;
  return withPath(new ShapeError('a string'), key);
}

/** protojson enums: the name ("SPAN_KIND_SERVER") or the number. */
function optionalEnum(wire: Wire, key: string): string | number | undefined {
  const value = wire[key];
  if (value === undefined || typeof value === 'string' || Number.isSafeInteger(value)) return value as string | number | undefined;
  return withPath(new ShapeError('an enum name or number'), key);
}

// ---- nanoseconds -------------------------------------------------------------------------------------

/**
 * A uint64 ns value: a decimal string of 1 to 20 digits (protojson) or a non-negative safe integer. Kept as
 * its canonical string (no leading zeros) plus the parts that make milliseconds and durations cheap: whole
 * milliseconds and the ns within them, whole seconds and the ns within them.
 */
interface Nanos {
  text: string;
  /** Epoch ms with its sub-ms fraction, exactly as nanosToMs (lib/model/nanos) computes it. */
  ms: number;
  sec: number;
  nanoOfSec: number;
}

const NANOS_EXPECTED = 'nanoseconds as a decimal string of at most 20 digits or a non-negative integer';

function nanosOf(value: unknown, key: string): Nanos {
  if (typeof value === 'string') {
    const len = value.length;
    if (len === 0 || len > 20) withPath(new ShapeError(NANOS_EXPECTED), key);
    let start = 0;
    while (start < len - 1 && value.charCodeAt(start) === 48) start++;
    let msWhole = 0;
    let msFraction = 0;
    let sec = 0;
    let nanoOfSec = 0;
    for (let i = 0; i < len; i++) {
      const digit = value.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) withPath(new ShapeError(NANOS_EXPECTED), key);
      if (i < len - 6) msWhole = msWhole * 10 + digit;
      else msFraction = msFraction * 10 + digit;
      if (i < len - 9) sec = sec * 10 + digit;
      else nanoOfSec = nanoOfSec * 10 + digit;
    }
    return { text: start === 0 ? value : value.slice(start), ms: msWhole + msFraction / 1e6, sec, nanoOfSec };
  }
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    const msFraction = value % 1e6;
    return { text: String(value), ms: (value - msFraction) / 1e6 + msFraction / 1e6, sec: Math.floor(value / 1e9), nanoOfSec: value % 1e9 };
  }
  return withPath(new ShapeError(NANOS_EXPECTED), key);
}

/** end - start in ns, 0 when negative; exact (BigInt only past ~104 days, where doubles stop being exact). */
function durationNs(start: Nanos, end: Nanos | undefined): number {
  if (end === undefined) return 0;
  const secDiff = end.sec - start.sec;
  if (Math.abs(secDiff) < 9_000_000) {
    const diff = secDiff * 1e9 + (end.nanoOfSec - start.nanoOfSec);
    return diff > 0 ? diff : 0;
  }
  const diff = BigInt(end.text) - BigInt(start.text);
  return diff > 0n ? Number(diff) : 0;
}

// ---- attributes --------------------------------------------------------------------------------------

const INT_STRING = /^-?\d+$/;

/**
 * OTLP AnyValue -> our attribute value, as flattenAnyValue (parse.ts) does, after checking every field it
 * may carry: intValue an int64 string (a number when it fits a double exactly) or safe integer, doubleValue
 * a number or "NaN"/"Infinity"/"-Infinity", bytes kept as base64, an empty AnyValue null.
 */
function readAnyValue(value: unknown): AttributeValue {
  if (!isObject(value)) throw new ShapeError('an object');
  const { stringValue, boolValue, intValue, doubleValue, bytesValue, arrayValue, kvlistValue } = value;
  if (stringValue !== undefined && typeof stringValue !== 'string') withPath(new ShapeError('a string'), 'stringValue');
  if (boolValue !== undefined && typeof boolValue !== 'boolean') withPath(new ShapeError('a boolean'), 'boolValue');
  if (intValue !== undefined && !(typeof intValue === 'string' ? INT_STRING.test(intValue) : Number.isSafeInteger(intValue))) {
    withPath(new ShapeError('an integer or a decimal integer string'), 'intValue');
  }
  if (
    doubleValue !== undefined &&
    typeof doubleValue !== 'number' &&
    doubleValue !== 'NaN' &&
    doubleValue !== 'Infinity' &&
    doubleValue !== '-Infinity'
  ) {
    withPath(new ShapeError('a number, "NaN", "Infinity" or "-Infinity"'), 'doubleValue');
  }
  if (bytesValue !== undefined && typeof bytesValue !== 'string') withPath(new ShapeError('a string'), 'bytesValue');
  let array: AttributeValue[] | undefined;
  if (arrayValue !== undefined) {
    try {
      const values = optionalArray(objectOrThrow(arrayValue), 'values') ?? [];
      array = new Array<AttributeValue>(values.length);
      for (let i = 0; i < values.length; i++) {
        try {
          array[i] = readAnyValue(values[i]);
        } catch (error) {
          within(error, 'values', i);
        }
      }
    } catch (error) {
      within(error, 'arrayValue');
    }
  }
  let kvlist: Attributes | undefined;
  if (kvlistValue !== undefined) {
    try {
      kvlist = readAttributes(objectOrThrow(kvlistValue), 'values');
    } catch (error) {
      within(error, 'kvlistValue');
    }
  }
  if (stringValue !== undefined) return stringValue as string;
  if (boolValue !== undefined) return boolValue as boolean;
  if (intValue !== undefined) {
    if (typeof intValue === 'number') return intValue;
    const parsed = Number(intValue);
    return Number.isSafeInteger(parsed) ? parsed : (intValue as string);
  }
  if (doubleValue !== undefined) return typeof doubleValue === 'number' ? doubleValue : Number(doubleValue);
  if (array !== undefined) return array;
  if (kvlist !== undefined) return kvlist;
  if (bytesValue !== undefined) return bytesValue as string;
  return null;
}

/** Field `key` of `wire`: an optional OTLP key/value list -> a plain object; a repeated key keeps its last value. */
function readAttributes(wire: Wire, key: string): Attributes {
  const attributes: Attributes = {};
  const list = wire[key];
  if (list === undefined) return attributes;
  if (!Array.isArray(list)) withPath(new ShapeError('an array'), key);
  for (let i = 0; i < list.length; i++) {
    const pair: unknown = list[i];
    try {
      if (!isObject(pair)) throw new ShapeError('an object');
      const name = requiredString(pair, 'key');
      const value = pair.value;
      let flat: AttributeValue = null;
      if (value !== undefined) {
        try {
          flat = readAnyValue(value);
        } catch (error) {
          within(error, 'value');
        }
      }
      attributes[name] = flat;
    } catch (error) {
      within(error, key, i);
    }
  }
  return attributes;
}

// ---- ids ---------------------------------------------------------------------------------------------

const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
/** Sextet of a base64 character code (standard and URL-safe alphabets), -1 for anything else. */
const SEXTET = new Int8Array(128).fill(-1);
[...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].forEach((char, index) => {
  SEXTET[char.charCodeAt(0)] = index;
});
SEXTET['-'.charCodeAt(0)] = 62;
SEXTET['_'.charCodeAt(0)] = 63;

/**
 * normaliseSpanId (lib/model/ids) with a fast path for the two spellings a trace is made of: base64 of 8
 * bytes ("MBsKx8acVsE=", Tempo 2.0) and 16 lowercase hex (OTLP JSON). Same answers; anything else goes
 * through normaliseSpanId itself.
 */
function spanIdOf(raw: string): Span['spanId'] | null {
  if (raw.length === 16 && isLowerHex(raw)) return raw as Span['spanId'];
  if (raw.length === 12 && raw.charCodeAt(11) === 61) {
    let hex = '';
    let buffer = 0;
    let bits = 0;
    let nonZero = false;
    for (let i = 0; i < 11; i++) {
      const code = raw.charCodeAt(i);
      const sextet = code < 128 ? SEXTET[code] : -1;
      if (sextet < 0) return normaliseSpanId(raw);
      buffer = ((buffer << 6) | sextet) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        const byte = (buffer >> bits) & 0xff;
        if (byte !== 0) nonZero = true;
        hex += HEX_BYTE[byte];
      }
    }
    return nonZero ? (hex as Span['spanId']) : null;
  }
  return normaliseSpanId(raw);
}

/** 16 lowercase hex digits, not all zero (normaliseSpanId's answer is then the input itself). */
function isLowerHex(raw: string): boolean {
  let nonZero = false;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code === 48) continue;
    if ((code > 48 && code <= 57) || (code >= 97 && code <= 102)) nonZero = true;
    else return false;
  }
  return nonZero;
}

/** Roots carry no parent, an empty string, or an all-zero id (hex or base64 "AAAAAAAAAAA="). */
const ROOT_PARENT = /^A*=*$|^0+$/;

// ---- spans -------------------------------------------------------------------------------------------

interface SpanContext {
  traceId: TraceId;
  resource: Attributes;
  serviceName: string;
  scope: Span['scope'];
  /** The raw trace id of the previous span and whether it was this trace's: a trace repeats one spelling. */
  lastRawTraceId: string | null;
}

function readSpan(wire: unknown, context: SpanContext): Span {
  if (!isObject(wire)) throw new ShapeError('an object');
  const rawTraceId = requiredString(wire, 'traceId');
  const rawSpanId = requiredString(wire, 'spanId');
  const rawParent = optionalString(wire, 'parentSpanId');
  optionalString(wire, 'traceState');
  const name = optionalString(wire, 'name');
  const kind = optionalEnum(wire, 'kind');
  const start = nanosOf(wire.startTimeUnixNano, 'startTimeUnixNano');
  const end = wire.endTimeUnixNano === undefined ? undefined : nanosOf(wire.endTimeUnixNano, 'endTimeUnixNano');
  const attributes = readAttributes(wire, 'attributes');
  const events = readEvents(wire, start.text);
  const links = readLinks(wire);
  const statusWire = optionalObject(wire, 'status');
  let statusCode: string | number | undefined;
  let statusMessage: string | undefined;
  if (statusWire) {
    try {
      statusCode = optionalEnum(statusWire, 'code');
      statusMessage = optionalString(statusWire, 'message');
    } catch (error) {
      within(error, 'status');
    }
  }

  if (rawTraceId !== context.lastRawTraceId) {
    const traceId = normaliseTraceId(rawTraceId);
    if (traceId === null) throw badResponse(`tempo sent a span with an invalid trace id (${errorExcerpt(rawTraceId)})`);
    if (traceId !== context.traceId) throw badResponse(`tempo sent a span of trace ${traceId} while trace ${context.traceId} was asked for`);
    context.lastRawTraceId = rawTraceId;
  }
  const spanId = spanIdOf(rawSpanId);
  if (spanId === null) throw badResponse(`tempo sent a span with an invalid span id (${errorExcerpt(rawSpanId)})`);
  let parentSpanId: Span['parentSpanId'] = null;
  if (rawParent && !ROOT_PARENT.test(rawParent)) {
    parentSpanId = spanIdOf(rawParent);
    if (parentSpanId === null) throw badResponse(`tempo sent a span with an invalid parent span id (${errorExcerpt(rawParent)})`);
  }
  const status: Span['status'] = { code: statusCodeOf(statusCode) };
  if (statusMessage) status.message = statusMessage;
  const span: Span = {
    traceId: context.traceId,
    spanId,
    parentSpanId,
    name: name ?? '',
    serviceName: context.serviceName,
    kind: spanKindOf(kind),
    startUnixNano: start.text,
    startMs: start.ms,
    durationNs: durationNs(start, end),
    status,
    attributes,
    resource: context.resource,
    events,
    links,
  };
  if (context.scope) span.scope = context.scope;
  return span;
}

function readEvents(wire: Wire, spanStartNano: string): SpanEvent[] {
  const list = optionalArray(wire, 'events');
  if (!list) return [];
  const events: SpanEvent[] = [];
  for (let i = 0; i < list.length; i++) {
    try {
      const event = objectOrThrow(list[i]);
      const time = event.timeUnixNano === undefined ? undefined : nanosOf(event.timeUnixNano, 'timeUnixNano');
      const name = optionalString(event, 'name');
      events.push({ name: name ?? '', timeUnixNano: time === undefined ? spanStartNano : time.text, attributes: readAttributes(event, 'attributes') });
    } catch (error) {
      within(error, 'events', i);
    }
  }
  return events;
}

/** Links whose ids do not decode are dropped: a broken link must not cost the user the whole trace. */
function readLinks(wire: Wire): SpanLink[] {
  const list = optionalArray(wire, 'links');
  if (!list) return [];
  const links: SpanLink[] = [];
  for (let i = 0; i < list.length; i++) {
    try {
      const link = objectOrThrow(list[i]);
      const rawTraceId = requiredString(link, 'traceId');
      const rawSpanId = requiredString(link, 'spanId');
      optionalString(link, 'traceState');
      const attributes = readAttributes(link, 'attributes');
      const traceId = normaliseTraceId(rawTraceId);
      const spanId = normaliseSpanId(rawSpanId);
      if (traceId && spanId) links.push({ traceId, spanId, attributes });
    } catch (error) {
      within(error, 'links', i);
    }
  }
  return links;
}

function readScope(wire: Wire, key: string): Span['scope'] {
  const scope = optionalObject(wire, key);
  if (!scope) return undefined;
  let name: string | undefined;
  let version: string | undefined;
  try {
    name = optionalString(scope, 'name');
    version = optionalString(scope, 'version');
  } catch (error) {
    within(error, key);
  }
  if (!name) return undefined;
  return version ? { name, version } : { name };
}

/** One resourceSpans entry (either generation of the format): its spans, appended in wire order. */
function readResourceSpans(wire: unknown, traceId: TraceId, spans: Span[]): void {
  if (!isObject(wire)) throw new ShapeError('an object');
  const resourceWire = optionalObject(wire, 'resource');
  let resource: Attributes = {};
  if (resourceWire) {
    try {
      resource = readAttributes(resourceWire, 'attributes');
    } catch (error) {
      within(error, 'resource');
    }
  }
  const service = resource['service.name'];
  const serviceName = typeof service === 'string' && service !== '' ? service : UNKNOWN_SERVICE;
  // OTLP >= 0.15 says scopeSpans; older OTLP (Tempo 1.x, some exporters) instrumentationLibrarySpans.
  for (const [groupsKey, scopeKey] of [
    ['scopeSpans', 'scope'],
    ['instrumentationLibrarySpans', 'instrumentationLibrary'],
  ] as const) {
    const groups = optionalArray(wire, groupsKey);
    if (!groups) continue;
    for (let g = 0; g < groups.length; g++) {
      try {
        const group = objectOrThrow(groups[g]);
        const context: SpanContext = { traceId, resource, serviceName, scope: readScope(group, scopeKey), lastRawTraceId: null };
        const list = optionalArray(group, 'spans');
        if (!list) continue;
        for (let s = 0; s < list.length; s++) {
          try {
            spans.push(readSpan(list[s], context));
          } catch (error) {
            within(error, 'spans', s);
          }
        }
      } catch (error) {
        within(error, groupsKey, g);
      }
    }
  }
}

/** A trace body's resource spans (`batches` in Tempo 1.x/2.x /api/traces, `resourceSpans` in OTLP). */
function readTraceBody(body: Wire, traceId: TraceId, preferred: 'batches' | 'resourceSpans'): Trace {
  const other = preferred === 'batches' ? 'resourceSpans' : 'batches';
  // The list not read is not checked either.
  const key = body[preferred] !== undefined ? preferred : other;
  const list = optionalArray(body, key) ?? [];
  const spans: Span[] = [];
  for (let i = 0; i < list.length; i++) {
    try {
      readResourceSpans(list[i], traceId, spans);
    } catch (error) {
      within(error, key, i);
    }
  }
  return { traceId, spans };
}

function checked<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ShapeError) throw shapeFailure(error);
    throw error;
  }
}

export function traceNotFound(traceId: TraceId): DatasourceError {
  return new DatasourceError({ backend: 'tempo', kind: 'not-found', status: 404, message: `Trace ${traceId} was not found in Tempo` });
}

/**
 * GET /api/traces/<id> answer ({"batches": [...]}, or OTLP's {"resourceSpans": [...]}) -> Trace. Tempo
 * versions have answered an unknown id with an empty trace instead of 404: no spans is reported as not found.
 */
export function readTraceByIdV1(body: unknown, traceId: TraceId): TempoTrace {
  const trace = checked(() => {
    if (!isObject(body)) throw new ShapeError('an object');
    return readTraceBody(body, traceId, 'batches');
  });
  if (trace.spans.length === 0) throw traceNotFound(traceId);
  return trace;
}

/**
 * GET /api/v2/traces/<id> (Tempo 2.6+): {"trace": {...}, "status": "PARTIAL", "message": "..."}.
 * https://grafana.com/docs/tempo/latest/api_docs/#query-v2
 */
export function readTraceByIdV2(body: unknown, traceId: TraceId): TempoTrace {
  const { trace, status, message } = checked(() => {
    if (!isObject(body)) throw new ShapeError('an object');
    const status = optionalEnum(body, 'status');
    const message = optionalString(body, 'message');
    const inner = optionalObject(body, 'trace');
    let trace: Trace = { traceId, spans: [] };
    if (inner) {
      try {
        trace = readTraceBody(inner, traceId, 'resourceSpans');
      } catch (error) {
        within(error, 'trace');
      }
    }
    return { trace, status, message };
  });
  if (trace.spans.length === 0) throw traceNotFound(traceId);
  const result: TempoTrace = trace;
  if (status === 'PARTIAL' || status === 1) result.partial = { message: message ?? 'Tempo returned part of this trace' };
  return result;
}
