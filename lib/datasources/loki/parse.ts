// Loki wire JSON -> our model. Pure: no I/O, input never mutated. Exact nanosecond strings are kept and
// milliseconds derived from them without going through a double for the whole value.
import type { LogLine, LogQueryResult } from '../../model/logs';
import { canonicalNanos, compareCanonicalNanos, nanosToMs } from '../../model/nanos';
import type { Labels, Sample, Series } from '../../model/metrics';
import { parseBuildInfo, type BuildInfo } from '../build-info';
import { DatasourceError } from '../errors';
import { errorExcerpt, extractErrorMessage } from '../http';
import { validateWire } from '../validate';
import {
  categorizedLabelsSchema,
  queryResponseSchema,
  seriesResponseSchema,
  stringListResponseSchema,
  type LokiStream,
} from './api-types';

export type LokiDirection = 'forward' | 'backward';

/** Loki's default line limit when a query sends none (loki/pkg/loghttp: defaultQueryLimit). */
export const LOKI_DEFAULT_LIMIT = 100;

export type LokiQueryResult =
  | { kind: 'streams'; result: LogQueryResult }
  | { kind: 'matrix'; series: Series[] }
  | { kind: 'vector'; samples: (Sample & { labels: Labels })[] };

export type LokiBuildInfo = BuildInfo;

const CATEGORIZE_LABELS = 'categorize-labels';

/** Prometheus-style sample values: "NaN", "+Inf", "-Inf" are strings Number() does not read. */
export function parseSampleValue(value: string): number {
  switch (value) {
    case 'NaN':
      return Number.NaN;
    case '+Inf':
    case 'Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
    default: {
      const parsed = Number(value);
      if (value.trim() === '' || Number.isNaN(parsed)) {
        throw new DatasourceError({ backend: 'loki', kind: 'bad-response', message: `loki sent a sample value that is not a number: ${errorExcerpt(value)}` });
      }
      return parsed;
    }
  }
}

/** Float seconds (Loki's metric timestamps) -> epoch ms, rounded to the millisecond. */
function secondsToMs(seconds: number): number {
  return Math.round(seconds * 1000);
}

type StreamEntry = LokiStream['values'][number];

function entryMetadata(entry: StreamEntry, categorized: boolean): { parsed?: Labels; structuredMetadata?: Labels } {
  if (entry.length !== 3) return {};
  const extra = entry[2];
  // With the flag the third element is {structuredMetadata, parsed}; Loki 2.9 sent structured metadata flat.
  if (categorized) {
    const result = categorizedLabelsSchema.safeParse(extra);
    if (result.success) return { parsed: result.data.parsed, structuredMetadata: result.data.structuredMetadata };
  }
  const flat: Labels = {};
  for (const [key, value] of Object.entries(extra)) if (typeof value === 'string') flat[key] = value;
  return { structuredMetadata: flat };
}

/**
 * Streams -> one list of lines in the query's direction (backward: newest first), each line keeping its own
 * labels (stream labels plus labels parsers extracted). O(n log n) for the merge sort of all lines.
 * `truncated` is true when Loki returned as many lines as the limit allowed: more may exist.
 */
export function flattenStreams(
  streams: readonly LokiStream[],
  options: { limit: number; direction: LokiDirection; encodingFlags?: readonly string[] },
): LogQueryResult {
  const categorized = options.encodingFlags?.includes(CATEGORIZE_LABELS) ?? false;
  const lines: LogLine[] = [];
  for (const stream of streams) {
    for (const entry of stream.values) {
      const timestampNs = canonicalNanos(entry[0]);
      const { parsed, structuredMetadata } = entryMetadata(entry, categorized);
      const line: LogLine = {
        timestampNs,
        timeMs: nanosToMs(timestampNs),
        line: entry[1],
        labels: parsed && Object.keys(parsed).length > 0 ? { ...stream.stream, ...parsed } : { ...stream.stream },
      };
      if (structuredMetadata && Object.keys(structuredMetadata).length > 0) line.structuredMetadata = { ...structuredMetadata };
      lines.push(line);
    }
  }
  const sign = options.direction === 'forward' ? 1 : -1;
  lines.sort((a, b) => sign * compareCanonicalNanos(a.timestampNs, b.timestampNs));
  return { lines, truncated: lines.length >= options.limit, limit: options.limit };
}

/** Answer of /loki/api/v1/query_range or /loki/api/v1/query -> streams, matrix or vector. */
export function parseQueryResponse(body: unknown, options: { limit: number; direction: LokiDirection }): LokiQueryResult {
  const { data } = validateWire('loki', queryResponseSchema, body, 'query');
  switch (data.resultType) {
    case 'streams':
      return { kind: 'streams', result: flattenStreams(data.result, { ...options, encodingFlags: data.encodingFlags }) };
    case 'matrix':
      return {
        kind: 'matrix',
        series: data.result.map((series) => ({
          labels: { ...series.metric },
          samples: series.values.map(([seconds, value]) => ({ timeMs: secondsToMs(seconds), value: parseSampleValue(value) })),
        })),
      };
    case 'vector':
      return {
        kind: 'vector',
        samples: data.result.map((sample) => ({
          labels: { ...sample.metric },
          timeMs: secondsToMs(sample.value[0]),
          value: parseSampleValue(sample.value[1]),
        })),
      };
    case 'scalar':
      // A scalar (e.g. `vector(1)` folded) is one unlabelled sample.
      return { kind: 'vector', samples: [{ labels: {}, timeMs: secondsToMs(data.result[0]), value: parseSampleValue(data.result[1]) }] };
  }
}

export function parseStringListResponse(body: unknown, what: string): string[] {
  return [...(validateWire('loki', stringListResponseSchema, body, what).data ?? [])];
}

export function parseSeriesResponse(body: unknown): Labels[] {
  return (validateWire('loki', seriesResponseSchema, body, 'series').data ?? []).map((labels) => ({ ...labels }));
}

export function parseBuildInfoResponse(body: unknown): LokiBuildInfo {
  return parseBuildInfo('loki', body);
}

/**
 * A rejected query. Loki 2.8 answers 400 with `Content-Type: application/json` and a plain-text body
 * ("parse error at line 1, col 12: ..."); newer versions may send {"error": ...}. Either way the reason is
 * the message, since it tells the user what to fix in the query.
 */
export function queryRejectedError(status: number, body: string): DatasourceError {
  const reason = errorExcerpt(extractErrorMessage(body));
  return new DatasourceError({
    backend: 'loki',
    kind: 'bad-request',
    status,
    message: reason || `loki rejected the query (HTTP ${status})`,
  });
}
