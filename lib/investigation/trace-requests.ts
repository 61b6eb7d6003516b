// Input validation for the trace view's route handlers: path and query parameters -> typed requests, or a
// message that says what is wrong (the handler answers 400 with it). Pure: the clock is passed in.
import { z } from 'zod';
import { isSpanId, normaliseTraceId } from '../model/ids';
import type { SpanId, TraceId } from '../model/trace';
import { HOUR_MS, parseTimeRange, DAY_MS } from '../time-range';
import { singleParams, type Parsed } from './params';
import { isProfileTypeId, parseBaselineSpec, type BaselineSpec } from './trace-url';

export type { Parsed };

export interface RangeMs {
  startMs: number;
  endMs: number;
}

export interface TimelineRequest {
  traceId: TraceId;
  range: RangeMs | null;
}

export interface ContextRequest {
  traceId: TraceId;
  services: string[];
  window: RangeMs;
  /** The trace's start, marked on the charts. */
  atMs: number | null;
}

export interface ProfileRequest {
  traceId: TraceId;
  spanId: SpanId;
  profileTypeId: string | null;
  baseline: BaselineSpec;
  range: RangeMs | null;
}

export const MAX_CONTEXT_SERVICES = 20;
export const MAX_CONTEXT_WINDOW_MS = DAY_MS;
/** A baseline longer than this would make Pyroscope merge days of profiles for one comparison. */
export const MAX_BASELINE_MS = 24 * HOUR_MS;
const MAX_SERVICE_NAME = 200;

const TRACE_ID_MESSAGE =
  'Not a trace id: expected 32 hexadecimal characters (or a 16-character Jaeger id, or a W3C traceparent 00-<trace id>-<span id>-<flags>)';
const HEX_ID = /^\s*(?:[0-9A-Fa-f]{16}|[0-9A-Fa-f]{32})\s*$/;
const TRACEPARENT_SHAPE = /^\s*[0-9A-Fa-f]{2}-[0-9A-Fa-f]{32}-[0-9A-Fa-f]{16}-[0-9A-Fa-f]{2}\s*$/;

/**
 * A trace id typed by a person or carried in a link: 32 or 16 hex (any case) or a traceparent. Base64, which
 * only Tempo 2.0's API writes, is not accepted here: too many ordinary words decode as 8 or 16 bytes.
 */
export function traceIdFromUserInput(raw: string): TraceId | null {
  if (typeof raw !== 'string' || raw.length > 128) return null;
  if (!HEX_ID.test(raw) && !TRACEPARENT_SHAPE.test(raw)) return null;
  return normaliseTraceId(raw);
}

function fail<T>(error: string): Parsed<T> {
  return { ok: false, error };
}

function decodePathSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function parseTraceIdParam(segment: string): Parsed<TraceId> {
  const decoded = decodePathSegment(segment);
  const traceId = decoded === null ? null : traceIdFromUserInput(decoded);
  return traceId ? { ok: true, value: traceId } : fail(TRACE_ID_MESSAGE);
}

const optionalText = z.string().max(200).optional();

function parseOptionalRange(from: string | undefined, to: string | undefined, nowMs: number, maxRangeMs?: number): Parsed<RangeMs | null> {
  const hasFrom = from !== undefined && from.trim() !== '';
  const hasTo = to !== undefined && to.trim() !== '';
  if (!hasFrom && !hasTo) return { ok: true, value: null };
  if (!hasFrom || !hasTo) return fail('Give both "from" and "to", or neither');
  const parsed = parseTimeRange({ from: from ?? '', to: to ?? '' }, nowMs, maxRangeMs ? { maxRangeMs } : undefined);
  return parsed.ok ? { ok: true, value: { startMs: parsed.value.fromMs, endMs: parsed.value.toMs } } : parsed;
}

const timelineQuery = z.object({ from: optionalText, to: optionalText });

export function parseTimelineRequest(traceIdSegment: string, search: URLSearchParams, nowMs: number): Parsed<TimelineRequest> {
  const traceId = parseTraceIdParam(traceIdSegment);
  if (!traceId.ok) return traceId;
  const values = singleParams(search, ['from', 'to']);
  if (!values.ok) return values;
  const query = timelineQuery.safeParse(values.value);
  if (!query.success) return fail('"from" and "to" are at most 200 characters');
  const range = parseOptionalRange(query.data.from, query.data.to, nowMs);
  if (!range.ok) return range;
  return { ok: true, value: { traceId: traceId.value, range: range.value } };
}

// Control characters never occur in a service name and would only make log lines and queries confusing.
const serviceName = z
  .string()
  .min(1, 'a service name is empty')
  .max(MAX_SERVICE_NAME, `a service name is longer than ${MAX_SERVICE_NAME} characters`)
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'a service name contains control characters');

const contextQuery = z.object({
  services: z.string({ error: 'Give the services: services=a,b' }).max(MAX_CONTEXT_SERVICES * (MAX_SERVICE_NAME + 1)),
  from: z.string({ error: 'Give "from" and "to"' }),
  to: z.string({ error: 'Give "from" and "to"' }),
  at: z
    .string()
    .regex(/^\d{1,16}$/, '"at" is epoch milliseconds')
    .optional(),
});

export function parseContextRequest(traceIdSegment: string, search: URLSearchParams, nowMs: number): Parsed<ContextRequest> {
  const traceId = parseTraceIdParam(traceIdSegment);
  if (!traceId.ok) return traceId;
  const values = singleParams(search, ['services', 'from', 'to', 'at']);
  if (!values.ok) return values;
  const query = contextQuery.safeParse(values.value);
  if (!query.success) return fail(query.error.issues[0]?.message ?? 'Invalid query');
  const names = [...new Set(query.data.services.split(',').map((s) => s.trim()))].filter((s) => s !== '');
  if (names.length === 0) return fail('Give at least one service: services=a,b');
  if (names.length > MAX_CONTEXT_SERVICES) return fail(`At most ${MAX_CONTEXT_SERVICES} services at once`);
  for (const name of names) {
    const checked = serviceName.safeParse(name);
    if (!checked.success) return fail(`Invalid service: ${checked.error.issues[0]?.message ?? 'bad name'}`);
  }
  const range = parseOptionalRange(query.data.from, query.data.to, nowMs, MAX_CONTEXT_WINDOW_MS);
  if (!range.ok) return range;
  if (range.value === null) return fail('Give "from" and "to"');
  const atMs = query.data.at === undefined ? null : Number(query.data.at);
  return { ok: true, value: { traceId: traceId.value, services: names, window: range.value, atMs } };
}

const profileQuery = z.object({
  span: z.string({ error: 'Give the span: span=<16 hex span id>' }),
  profileType: optionalText,
  baseline: z.string().max(40).optional(),
  from: optionalText,
  to: optionalText,
});

export function parseProfileRequest(traceIdSegment: string, search: URLSearchParams, nowMs: number): Parsed<ProfileRequest> {
  const traceId = parseTraceIdParam(traceIdSegment);
  if (!traceId.ok) return traceId;
  const values = singleParams(search, ['span', 'profileType', 'baseline', 'from', 'to']);
  if (!values.ok) return values;
  const query = profileQuery.safeParse(values.value);
  if (!query.success) return fail(query.error.issues[0]?.message ?? 'Invalid query');
  const spanId = query.data.span.trim().toLowerCase();
  if (!isSpanId(spanId)) return fail('Not a span id: expected 16 hexadecimal characters');
  const profileType = query.data.profileType?.trim() || null;
  if (profileType !== null && !isProfileTypeId(profileType)) {
    return fail('Not a profile type: expected name:sampleType:sampleUnit:periodType:periodUnit, e.g. process_cpu:cpu:nanoseconds:cpu:nanoseconds');
  }
  const baseline = parseBaselineSpec(query.data.baseline);
  if (baseline === null) return fail('"baseline" is hour, none, or <fromMs>-<toMs> with from before to');
  if (baseline.kind === 'range' && baseline.endMs - baseline.startMs > MAX_BASELINE_MS) {
    return fail('The baseline is longer than 24 hours: choose a shorter range');
  }
  const range = parseOptionalRange(query.data.from, query.data.to, nowMs);
  if (!range.ok) return range;
  return { ok: true, value: { traceId: traceId.value, spanId, profileTypeId: profileType, baseline, range: range.value } };
}
