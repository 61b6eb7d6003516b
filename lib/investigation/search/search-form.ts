// The trace search form and its URL: /traces?service=&minDuration=&maxDuration=&status=&q=&limit=&from=&to=.
// Generated TraceQL goes through the escaper (lib/query-lang/traceql); a TraceQL query the user typed is sent
// to Tempo as written: running a person's own query is what that box is for. Pure.
import { z } from 'zod';
import { attributeCondition, spansetFilter, statusCondition, type TraceqlCondition } from '../../query-lang/traceql';
import { singleParams, type Parsed } from '../params';

export type StatusFilter = 'any' | 'error' | 'ok';
export const STATUS_FILTERS: readonly StatusFilter[] = ['any', 'error', 'ok'];

export interface SearchForm {
  service: string | null;
  /** As typed ("500ms", "1.5s"), kept so the URL reads as the person wrote it; null when empty. */
  minDuration: string | null;
  maxDuration: string | null;
  status: StatusFilter;
  /** Free TraceQL: when present it is the query, and service/status are not used. */
  q: string | null;
  limit: number;
}

export interface ParsedSearchForm extends SearchForm {
  minDurationMs: number | null;
  maxDurationMs: number | null;
}

export type { Parsed };

export const DEFAULT_SEARCH_LIMIT = 50;
export const MAX_SEARCH_LIMIT = 500;
export const MAX_SERVICE_LENGTH = 256;
export const MAX_TRACEQL_LENGTH = 8192;
export const SEARCH_PARAMS = ['service', 'minDuration', 'maxDuration', 'status', 'q', 'limit'] as const;

export const EMPTY_SEARCH_FORM: SearchForm = { service: null, minDuration: null, maxDuration: null, status: 'any', q: null, limit: DEFAULT_SEARCH_LIMIT };

const DURATION = /^(\d+(?:\.\d+)?|\.\d+)\s*(ns|us|µs|ms|s|m|h)?$/;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const MAX_DURATION_MS = 7 * 24 * 3_600_000;

/** "500ms", "1.5s", "2m", "250us"; a bare number is milliseconds. Null when it is not a duration. */
export function parseDurationMs(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match) return null;
  const ms = Number(match[1]) * UNIT_MS[match[2] ?? 'ms'];
  return Number.isFinite(ms) && ms <= MAX_DURATION_MS ? ms : null;
}

const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const optionalText = (max: number, what: string) =>
  z
    .string()
    .max(max, `${what} is longer than ${max} characters`)
    .refine((value) => !LONE_SURROGATE.test(value), `${what} is not valid Unicode`)
    .optional();

const formSchema = z.object({
  service: optionalText(MAX_SERVICE_LENGTH, 'The service').refine((value) => value === undefined || !CONTROL.test(value), 'The service contains a control character'),
  minDuration: optionalText(32, 'The minimum duration'),
  maxDuration: optionalText(32, 'The maximum duration'),
  status: z.enum(['any', 'error', 'ok'], { error: 'The status is any, error or ok' }).optional(),
  // A query may span lines (TraceQL allows it); a NUL is never part of one.
  q: optionalText(MAX_TRACEQL_LENGTH, 'The TraceQL query').refine((value) => value === undefined || !value.includes('\u0000'), 'The TraceQL query contains a NUL character'),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, `The limit is a whole number from 1 to ${MAX_SEARCH_LIMIT}`)
    .optional(),
});

function blankToUndefined(value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return value.trim() === '' ? undefined : value;
}

/** The form from URL parameters (each at most once), checked; a message says what is wrong. */
export function parseSearchForm(search: URLSearchParams): Parsed<ParsedSearchForm> {
  const single = singleParams(search, SEARCH_PARAMS);
  if (!single.ok) return single;
  const raw: Record<string, string | undefined> = {};
  for (const name of SEARCH_PARAMS) raw[name] = blankToUndefined(single.value[name]);
  const parsed = formSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? 'Invalid search' };
  const data = parsed.data;

  const durations: Record<'minDuration' | 'maxDuration', number | null> = { minDuration: null, maxDuration: null };
  for (const name of ['minDuration', 'maxDuration'] as const) {
    const text = data[name];
    if (text === undefined) continue;
    const ms = parseDurationMs(text);
    if (ms === null) return { ok: false, error: `The ${name === 'minDuration' ? 'minimum' : 'maximum'} duration "${text}" is not a duration: write it like 500ms, 1.5s or 2m` };
    durations[name] = ms;
  }
  if (durations.minDuration !== null && durations.maxDuration !== null && durations.maxDuration < durations.minDuration) {
    return { ok: false, error: 'The maximum duration is below the minimum' };
  }
  const limit = data.limit === undefined ? DEFAULT_SEARCH_LIMIT : Number(data.limit);
  if (limit < 1 || limit > MAX_SEARCH_LIMIT) return { ok: false, error: `The limit is a whole number from 1 to ${MAX_SEARCH_LIMIT}` };

  return {
    ok: true,
    value: {
      service: data.service?.trim() || null,
      minDuration: data.minDuration?.trim() ?? null,
      maxDuration: data.maxDuration?.trim() ?? null,
      minDurationMs: durations.minDuration,
      maxDurationMs: durations.maxDuration,
      status: data.status ?? 'any',
      q: data.q?.trim() ? data.q.trim() : null,
      limit,
    },
  };
}

/** The conditions the form's fields stand for (service, status), each built by the escaper. */
export function formConditions(form: Pick<SearchForm, 'service' | 'status'>): TraceqlCondition[] {
  const conditions: TraceqlCondition[] = [];
  if (form.service !== null) conditions.push(attributeCondition('resource', 'service.name', '=', form.service));
  if (form.status === 'error') conditions.push(statusCondition('error'));
  if (form.status === 'ok') conditions.push(statusCondition('error', '!='));
  return conditions;
}

/** The TraceQL to run: the user's own query when given, else the one the fields make (`{}` for none). */
export function searchFormToTraceql(form: Pick<SearchForm, 'service' | 'status' | 'q'>): { query: string; generated: boolean } {
  if (form.q !== null) return { query: form.q, generated: false };
  return { query: spansetFilter(formConditions(form)), generated: true };
}

/**
 * The query that finds which of the results hold an error span: the search AND a spanset with an error. Null
 * when every result matches on an error already (status = error on the generated query).
 */
export function errorTraceql(form: Pick<SearchForm, 'service' | 'status' | 'q'>): string | null {
  const { query, generated } = searchFormToTraceql(form);
  if (generated && form.status === 'error') return null;
  const errorSpans = spansetFilter([statusCondition('error')]);
  // A user's query may be a pipeline (`{ } | count() > 2`): parentheses keep it one operand.
  return generated ? `${query} && ${errorSpans}` : `(${query}) && ${errorSpans}`;
}

/** The canonical URL parameters of a form (defaults left out) plus the time range. */
export function searchFormParams(form: SearchForm, range?: { from: string; to: string }): URLSearchParams {
  const params = new URLSearchParams();
  if (form.service !== null) params.set('service', form.service);
  if (form.minDuration !== null) params.set('minDuration', form.minDuration);
  if (form.maxDuration !== null) params.set('maxDuration', form.maxDuration);
  if (form.status !== 'any') params.set('status', form.status);
  if (form.q !== null) params.set('q', form.q);
  if (form.limit !== DEFAULT_SEARCH_LIMIT) params.set('limit', String(form.limit));
  if (range) {
    params.set('from', range.from);
    params.set('to', range.to);
  }
  return params;
}
