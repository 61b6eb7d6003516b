// Trace and span ids arrive in many spellings: 32 or 16 hex in any case (Prometheus exemplars, logs, user
// input), base64 (Tempo 2.0 /api/traces), W3C traceparent headers, and hex with its leading zeros dropped
// (Tempo search results and Jaeger clients print `%x`). They are normalised once, here, to the model's
// form: a trace id is 32 lowercase hex, a span id 16 lowercase hex, and neither is ever all zeros.
// W3C Trace Context: https://www.w3.org/TR/trace-context/#traceparent-header
import type { SpanId, TraceId } from './trace';

const TRACE_HEX = /^[0-9a-f]{32}$/;
const SPAN_HEX = /^[0-9a-f]{16}$/;
const HEX = /^[0-9a-fA-F]+$/;
const ALL_ZEROS = /^0+$/;
/** Longer input is never an id; checked first so hostile megabyte strings cost nothing. */
const MAX_INPUT_LENGTH = 128;
const TRACEPARENT = /^([0-9a-fA-F]{2})-([0-9a-fA-F]{32})-([0-9a-fA-F]{16})-([0-9a-fA-F]{2})(-.*)?$/;

/** True when `value` is already a normalised trace id (32 lowercase hex, not all zeros). */
export function isTraceId(value: unknown): value is TraceId {
  return typeof value === 'string' && TRACE_HEX.test(value) && !ALL_ZEROS.test(value);
}

/** True when `value` is already a normalised span id (16 lowercase hex, not all zeros). */
export function isSpanId(value: unknown): value is SpanId {
  return typeof value === 'string' && SPAN_HEX.test(value) && !ALL_ZEROS.test(value);
}

/**
 * A trace id from hex that may have lost its leading zeros (1 to 32 hex digits, any case), left-padded to
 * 32 like Tempo does. Use only where the source is known to hold a trace id (a `traceID` field, a Tempo
 * search hit); for free-form input use normaliseTraceId, which insists on 16 or 32 digits.
 */
export function traceIdFromHex(hex: string): TraceId | null {
  if (typeof hex !== 'string' || hex.length === 0 || hex.length > 32 || !HEX.test(hex)) return null;
  const id = hex.toLowerCase().padStart(32, '0');
  return isTraceId(id) ? id : null;
}

/** A span id from 1 to 16 hex digits (any case), left-padded to 16. */
export function spanIdFromHex(hex: string): SpanId | null {
  if (typeof hex !== 'string' || hex.length === 0 || hex.length > 16 || !HEX.test(hex)) return null;
  const id = hex.toLowerCase().padStart(16, '0');
  return isSpanId(id) ? id : null;
}

export interface Traceparent {
  version: number;
  traceId: TraceId;
  /** The caller's span (W3C "parent-id"). */
  spanId: SpanId;
  flags: number;
  sampled: boolean;
}

/**
 * Parses a W3C traceparent header value: `00-<32 hex>-<16 hex>-<2 hex>`. Version ff is invalid; version 00
 * has exactly four fields; later versions may append fields (kept forward compatible as the spec asks).
 * Upper-case hex is accepted and lowered (the spec mandates lowercase, but logs are written by people).
 */
export function parseTraceparent(input: string): Traceparent | null {
  if (typeof input !== 'string' || input.length > MAX_INPUT_LENGTH * 4) return null;
  const match = TRACEPARENT.exec(input.trim());
  if (!match) return null;
  const [, versionHex, traceHex, spanHex, flagsHex, rest] = match;
  const version = parseInt(versionHex, 16);
  if (version === 0xff) return null;
  if (version === 0 && rest !== undefined) return null;
  const traceId = traceHex.toLowerCase();
  const spanId = spanHex.toLowerCase();
  if (!isTraceId(traceId) || !isSpanId(spanId)) return null;
  const flags = parseInt(flagsHex, 16);
  return { version, traceId, spanId, flags, sampled: (flags & 1) === 1 };
}

/**
 * Normalises a trace id from user input or a backend: 32 hex (any case); 16 hex (a 64-bit Jaeger/Zipkin id,
 * left-padded to 32 as Tempo does); base64 (standard or URL-safe, padded as protojson writes bytes) of 16 or 8 bytes; a W3C
 * traceparent. Surrounding whitespace is ignored. Returns null for anything else and for the all-zero id,
 * which the W3C spec and OTLP define as invalid.
 */
export function normaliseTraceId(input: string): TraceId | null {
  if (typeof input !== 'string' || input.length > MAX_INPUT_LENGTH) return null;
  const value = input.trim();
  if (value.length === 32 || value.length === 16) {
    if (HEX.test(value)) return traceIdFromHex(value);
  }
  if (value.length === 55 && value[2] === '-') return parseTraceparent(value)?.traceId ?? null;
  const bytes = decodeBase64(value);
  if (bytes && (bytes.length === 16 || bytes.length === 8)) return traceIdFromHex(bytesToHex(bytes));
  return null;
}

/** Normalises a span id: 16 hex (any case) or base64 of 8 bytes; whitespace ignored; all zeros rejected. */
export function normaliseSpanId(input: string): SpanId | null {
  if (typeof input !== 'string' || input.length > MAX_INPUT_LENGTH) return null;
  const value = input.trim();
  if (value.length === 16 && HEX.test(value)) return spanIdFromHex(value);
  const bytes = decodeBase64(value);
  if (bytes && bytes.length === 8) return spanIdFromHex(bytesToHex(bytes));
  return null;
}

/** The id without its leading zeros: how Jaeger clients and Tempo search results print it. */
export function unpaddedHex(id: TraceId | SpanId): string {
  const stripped = id.replace(/^0+/, '');
  return stripped === '' ? '0' : stripped;
}

const BASE64_VALUES: ReadonlyMap<string, number> = new Map([
  ...[...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((char, index): [string, number] => [char, index]),
  ['-', 62],
  ['_', 63],
]);
const BASE64_SHAPE = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Strict base64 decoding (standard or URL-safe alphabet) without Buffer or atob, so the module also runs in
 * the browser. Padding is required: ids of 8 or 16 bytes always end in '=' when encoded, and without it
 * ordinary words ("not-a-trace") would decode as ids. Returns null for anything malformed.
 */
function decodeBase64(value: string): Uint8Array | null {
  if (value.length < 4 || value.length % 4 !== 0 || !value.endsWith('=') || !BASE64_SHAPE.test(value)) return null;
  const body = value.replace(/=+$/, '');
  const padding = value.length - body.length;
  if (padding > 0 && value.length % 4 !== 0) return null;
  if (body.length % 4 === 1) return null;
  const bytes = new Uint8Array(Math.floor((body.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const char of body) {
    const sextet = BASE64_VALUES.get(char);
    if (sextet === undefined) return null;
    buffer = ((buffer << 6) | sextet) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[index++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes;
}

function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
