// Finds the trace and span a log line belongs to. Sources, most trustworthy first:
//   1. Loki structured metadata (OTLP logs land there as trace_id / span_id),
//   2. labels (stream labels, or labels a `| json` / `| logfmt` stage extracted),
//   3. a trace/span id field in the line itself: JSON ("traceID": "..."), logfmt (trace_id=...), also in
//      JSON escaped inside JSON (Docker's log driver),
//   4. a W3C traceparent in the line,
//   5. free text: one 32-hex token standing alone in prose, only when it is the only one (a value of some
//      other field, such as request_id=<32 hex>, never counts).
// Hex may have lost its leading zeros (Jaeger clients print %x; Loki's own logs do): it is left-padded.
// Cost: O(length of the line + number of labels) per line; every regex is compiled once, here.
import { spanIdFromHex, traceIdFromHex } from '../model/ids';
import type { LogLine } from '../model/logs';
import type { SpanId, TraceId } from '../model/trace';

export interface LogTraceContext {
  traceId: TraceId | null;
  spanId: SpanId | null;
}

/** Label / metadata keys: trace_id, traceID, traceId, otel_trace_id, span_id, spanID... (not parent_span_id). */
const ID_KEY = /^(?:otel[_.])?(trace|span)[_.-]?id$/i;
const TRACEPARENT_KEY = /^traceparent$/i;

/**
 * An id field inside the line. The key must start the field (not `dd.trace_id`, which Datadog writes in
 * decimal, nor `parent_span_id`); quotes may be escaped; the hex value must end the token.
 */
const KEYED_ID = /(?:^|[^A-Za-z0-9_.-])\\?"?(?:otel[_.])?(trace|span)[_.-]?id\\?"?\s*[:=]\s*\\?"?([0-9A-Fa-f]{1,32})(?![0-9A-Za-z_-])/gi;

/** A version-00 traceparent anywhere in the line. */
const TRACEPARENT_IN_TEXT = /(?:^|[^0-9A-Za-z-])00-([0-9A-Fa-f]{32})-([0-9A-Fa-f]{16})-[0-9A-Fa-f]{2}(?![0-9A-Za-z-])/;
const TRACEPARENT_VALUE = /^\s*00-([0-9A-Fa-f]{32})-([0-9A-Fa-f]{16})-[0-9A-Fa-f]{2}\s*$/;

/** A free-standing 32-hex token; group 1 is the character before it. */
const HEX32_TOKEN = /(^|[^0-9A-Za-z])([0-9A-Fa-f]{32})(?![0-9A-Za-z])/g;

interface Found {
  traceId: TraceId | null;
  spanId: SpanId | null;
}

function take(found: Found, kind: string, hex: string): void {
  if (kind.toLowerCase() === 'trace') {
    if (found.traceId === null) found.traceId = traceIdFromHex(hex);
  } else if (found.spanId === null) {
    found.spanId = spanIdFromHex(hex);
  }
}

function fromTraceparent(found: Found, match: RegExpExecArray | null): void {
  if (!match) return;
  const traceId = traceIdFromHex(match[1]);
  const spanId = spanIdFromHex(match[2]);
  // Both halves come from one header: take them together or not at all.
  if (traceId === null || spanId === null) return;
  if (found.traceId === null) found.traceId = traceId;
  if (found.spanId === null && found.traceId === traceId) found.spanId = spanId;
}

function fromLabels(found: Found, labels: Readonly<Record<string, string>> | undefined): void {
  if (!labels) return;
  for (const key in labels) {
    const keyMatch = ID_KEY.exec(key);
    if (keyMatch) take(found, keyMatch[1], labels[key].trim());
    else if (TRACEPARENT_KEY.test(key)) fromTraceparent(found, TRACEPARENT_VALUE.exec(labels[key]));
    if (found.traceId !== null && found.spanId !== null) return;
  }
}

function fromKeyedFields(found: Found, text: string): void {
  KEYED_ID.lastIndex = 0;
  for (let match = KEYED_ID.exec(text); match !== null; match = KEYED_ID.exec(text)) {
    take(found, match[1], match[2]);
    if (found.traceId !== null && found.spanId !== null) return;
  }
}

/** True when the token at `index` is the value of a field (`key=<hex>`, `"key": "<hex>"`), not prose. */
function isFieldValue(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && text[i] === ' ') i--;
  if (text[i] === '=') return true;
  if (text[i] !== '"') return false;
  i--;
  while (i >= 0 && text[i] === ' ') i--;
  return text[i] === ':' || text[i] === '=';
}

function fromFreeText(text: string): TraceId | null {
  let only: string | null = null;
  HEX32_TOKEN.lastIndex = 0;
  for (let match = HEX32_TOKEN.exec(text); match !== null; match = HEX32_TOKEN.exec(text)) {
    const start = match.index + match[1].length;
    if (isFieldValue(text, start)) continue;
    const token = match[2].toLowerCase();
    if (only !== null && only !== token) return null;
    only = token;
  }
  return only === null ? null : traceIdFromHex(only);
}

/** The trace and span a log line belongs to, or nulls. Pure; never throws. */
export function extractTraceContext(line: LogLine): LogTraceContext {
  const found: Found = { traceId: null, spanId: null };
  fromLabels(found, line.structuredMetadata);
  if (found.traceId === null || found.spanId === null) fromLabels(found, line.labels);
  if (found.traceId === null || found.spanId === null) fromKeyedFields(found, line.line);
  if (found.traceId === null || found.spanId === null) fromTraceparent(found, TRACEPARENT_IN_TEXT.exec(line.line));
  if (found.traceId === null) found.traceId = fromFreeText(line.line);
  return found;
}
