// Trace search: the TraceQL of the form (or the user's own) against Tempo over the window, and beside it the
// same search narrowed to traces holding an error span, so the scatter can colour them. Both run in parallel;
// the second one failing only leaves the colours out.
import type { TempoClient } from '../../datasources/tempo/client';
import { settleSource, type SourceResult } from '../../correlate/source-result';
import type { SourceFailure } from '../../datasources/errors';
import type { TraceSearchHit } from '../../model/trace';
import { traceHref } from '../alerts/alert-window';
import { errorTraceql, searchFormToTraceql, type ParsedSearchForm } from './search-form';

export type SearchTempo = Pick<TempoClient, 'search'>;

export interface SearchTraceRow {
  traceId: string;
  rootServiceName: string;
  rootTraceName: string;
  startMs: number;
  durationMs: number;
  /** Spans that matched, as many as Tempo returned (at most SPANS_PER_TRACE: then "at least"). */
  matchedSpans: number;
  /** Holds an error span; null when that is unknown. */
  error: boolean | null;
  href: string;
}

export type ErrorMarking =
  | { kind: 'all' } // status = error: every result matched on an error span
  | { kind: 'marked'; complete: boolean } // complete: the error search was not cut by its limit
  | { kind: 'failed'; error: SourceFailure };

export interface TraceSearchResponse {
  query: string;
  /** False: the user's own TraceQL. */
  generated: boolean;
  window: { fromMs: number; toMs: number };
  limit: number;
  result: SourceResult<{
    traces: SearchTraceRow[];
    /** Tempo had more matches than the limit. */
    truncated: boolean;
    /** Hits Tempo returned outside the duration bounds (a version that ignores them with TraceQL): left out. */
    outsideBounds: number;
  }>;
  errorMarking: ErrorMarking | null;
}

export interface SearchRequest {
  form: ParsedSearchForm;
  fromMs: number;
  toMs: number;
}

/** Spans Tempo returns per matching trace (its spss; Tempo's default is 3): counts up to this are exact. */
export const SPANS_PER_TRACE = 20;

/** The error search looks further than the page so most error traces among the results are found. */
const ERROR_SEARCH_FACTOR = 4;
const MAX_ERROR_SEARCH_LIMIT = 2000;

function withinBounds(hit: TraceSearchHit, form: ParsedSearchForm): boolean {
  if (form.minDurationMs !== null && hit.durationMs < form.minDurationMs) return false;
  if (form.maxDurationMs !== null && hit.durationMs > form.maxDurationMs) return false;
  return true;
}

export async function loadTraceSearch(tempo: SearchTempo, request: SearchRequest, signal?: AbortSignal): Promise<TraceSearchResponse> {
  const { form, fromMs, toMs } = request;
  const { query, generated } = searchFormToTraceql(form);
  const common = {
    startMs: fromMs,
    endMs: toMs,
    ...(form.minDurationMs !== null ? { minDurationMs: form.minDurationMs } : {}),
    ...(form.maxDurationMs !== null ? { maxDurationMs: form.maxDurationMs } : {}),
  };
  const errorsQuery = errorTraceql(form);
  const errorLimit = Math.min(MAX_ERROR_SEARCH_LIMIT, form.limit * ERROR_SEARCH_FACTOR);

  const [main, errors] = await Promise.all([
    settleSource('tempo', () => tempo.search({ ...common, traceql: query, limit: form.limit, spansPerSpanSet: SPANS_PER_TRACE }, { signal })),
    errorsQuery === null ? Promise.resolve(null) : settleSource('tempo', () => tempo.search({ ...common, traceql: errorsQuery, limit: errorLimit }, { signal })),
  ]);

  const errorIds = errors?.status === 'ok' ? new Set<string>(errors.data.traces.map((hit) => hit.traceId)) : null;
  const errorMarking: ErrorMarking | null =
    errors === null ? { kind: 'all' } : errors.status === 'ok' ? { kind: 'marked', complete: !errors.data.truncated } : { kind: 'failed', error: errors.error };

  const result: TraceSearchResponse['result'] =
    main.status === 'ok'
      ? {
          ...main,
          data: (() => {
            const kept = main.data.traces.filter((hit) => withinBounds(hit, form));
            return {
              traces: kept.map((hit) => toRow(hit, errors === null ? true : errorIds === null ? null : errorIds.has(hit.traceId))),
              truncated: main.data.truncated,
              outsideBounds: main.data.traces.length - kept.length,
            };
          })(),
        }
      : main;
  return { query, generated, window: { fromMs, toMs }, limit: form.limit, result, errorMarking: main.status === 'ok' ? errorMarking : null };
}

function toRow(hit: TraceSearchHit, error: boolean | null): SearchTraceRow {
  return {
    traceId: hit.traceId,
    rootServiceName: hit.rootServiceName,
    rootTraceName: hit.rootTraceName,
    startMs: hit.startMs,
    durationMs: hit.durationMs,
    matchedSpans: hit.matchedSpans.length,
    error,
    href: traceHref(hit.traceId, hit.startMs, hit.durationMs),
  };
}

export interface ServicesResponse {
  services: SourceResult<string[]>;
}

/** Service names Tempo knows (the resource attribute service.name), sorted. */
export async function loadSearchServices(tempo: Pick<TempoClient, 'searchTagValues'>, signal?: AbortSignal): Promise<ServicesResponse> {
  const services = await settleSource('tempo', async () => {
    const values = await tempo.searchTagValues('resource.service.name', { signal });
    return [...new Set(values.map((value) => value.value).filter((value) => value !== ''))].sort((a, b) => a.localeCompare(b));
  });
  return { services };
}
