// Loki HTTP API client: HTTP only, through the shared request helper; parse.ts turns the JSON into our model.
// API reference: https://grafana.com/docs/loki/latest/reference/loki-http-api/
import type { Labels } from '../../model/metrics';
import { isValidLogqlLabelName } from '../../query-lang/logql';
import { DatasourceError } from '../errors';
import { parseJsonBody, request, type CallOptions, type DatasourceConnection, type RawResponse } from '../http';
import {
  LOKI_DEFAULT_LIMIT,
  parseBuildInfoResponse,
  parseQueryResponse,
  parseSeriesResponse,
  parseStringListResponse,
  queryRejectedError,
  type LokiBuildInfo,
  type LokiDirection,
  type LokiQueryResult,
} from './parse';

export type { LokiBuildInfo, LokiDirection, LokiQueryResult } from './parse';

export type { CallOptions } from '../http';

export interface LokiTimeRange {
  startMs: number;
  endMs: number;
}

export interface LokiQueryRangeParams extends LokiTimeRange {
  /** LogQL, built with lib/query-lang/logql. */
  query: string;
  /** Most lines to return (log queries); Loki's default is 100. */
  limit?: number;
  /** Loki's default is backward (newest first). */
  direction?: LokiDirection;
  /** Metric queries: resolution step. */
  stepMs?: number;
}

export interface LokiInstantParams {
  query: string;
  timeMs: number;
  limit?: number;
  direction?: LokiDirection;
}

export type LokiRangeResult = Extract<LokiQueryResult, { kind: 'streams' | 'matrix' }>;
export type LokiInstantResult = Extract<LokiQueryResult, { kind: 'streams' | 'vector' }>;

export interface LokiClient {
  queryRange(params: LokiQueryRangeParams, opts?: CallOptions): Promise<LokiRangeResult>;
  query(params: LokiInstantParams, opts?: CallOptions): Promise<LokiInstantResult>;
  labelNames(range: LokiTimeRange, opts?: CallOptions): Promise<string[]>;
  labelValues(name: string, range: LokiTimeRange, opts?: CallOptions): Promise<string[]>;
  /** Label sets of the streams matching any of the selectors (build them with streamSelector). */
  series(matchers: readonly string[], range: LokiTimeRange, opts?: CallOptions): Promise<Labels[]>;
  buildInfo(opts?: CallOptions): Promise<LokiBuildInfo>;
}

export interface LokiClientSettings {
  /**
   * Ask Loki 3 to keep structured metadata and parser-extracted labels apart from stream labels (Grafana
   * does the same); older Lokis ignore the header. Default true.
   */
  categorizeLabels?: boolean;
}

// Every Loki call here is a read: retry transient 502/503/504 with backoff.
const READ_RETRIES = 2;
const MAX_LIMIT = 100_000;

function badRequest(message: string): DatasourceError {
  return new DatasourceError({ backend: 'loki', kind: 'bad-request', message });
}

/** Epoch ms -> epoch ns as a decimal string, exactly (BigInt: ns do not fit a double). */
export function msToNanosString(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw badRequest(`Invalid time: ${ms}`);
  const wholeMs = Math.floor(ms);
  const fractionNs = Math.round((ms - wholeMs) * 1e6);
  return (BigInt(wholeMs) * 1_000_000n + BigInt(fractionNs)).toString();
}

/** Step in ms -> float seconds ("60", "0.5"), which Loki accepts like Prometheus. */
export function formatLokiStep(stepMs: number): string {
  if (!Number.isFinite(stepMs) || stepMs <= 0) throw badRequest(`Invalid step: ${stepMs}`);
  return String(stepMs / 1000);
}

function checkRange(range: LokiTimeRange): void {
  if (!(range.endMs >= range.startMs)) throw badRequest('The end of the time range must not be before its start');
}

function checkLimit(limit: number | undefined): void {
  if (limit === undefined) return;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw badRequest(`Invalid line limit: ${limit}`);
}

function checkDirection(direction: LokiDirection | undefined): void {
  if (direction !== undefined && direction !== 'forward' && direction !== 'backward') throw badRequest(`Invalid direction: ${String(direction)}`);
}

function unexpectedKind(kind: string, endpoint: string): DatasourceError {
  return new DatasourceError({ backend: 'loki', kind: 'bad-response', message: `loki answered ${endpoint} with an unexpected ${kind} result` });
}

export function createLokiClient(conn: DatasourceConnection, settings: LokiClientSettings = {}): LokiClient {
  if (conn.backend !== 'loki') throw new TypeError(`createLokiClient needs a loki connection, got ${conn.backend}`);
  const categorize = settings.categorizeLabels ?? true;

  async function get(path: string, query: URLSearchParams, opts: CallOptions | undefined, headers?: Record<string, string>): Promise<RawResponse> {
    return request(conn, {
      path,
      query,
      headers,
      retries: READ_RETRIES,
      // A rejected query is answered, not thrown: its body is the parse error the user needs to see.
      acceptStatuses: [400],
      signal: opts?.signal,
      timeoutMs: opts?.timeoutMs,
    });
  }

  async function getJson(path: string, query: URLSearchParams, opts: CallOptions | undefined, headers?: Record<string, string>): Promise<unknown> {
    const raw = await get(path, query, opts, headers);
    if (raw.status === 400) throw queryRejectedError(raw.status, raw.text);
    return parseJsonBody('loki', raw);
  }

  function logQueryHeaders(): Record<string, string> | undefined {
    return categorize ? { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' } : undefined;
  }

  function rangeParams(range: LokiTimeRange): URLSearchParams {
    checkRange(range);
    return new URLSearchParams({ start: msToNanosString(range.startMs), end: msToNanosString(range.endMs) });
  }

  return {
    async queryRange(params, opts) {
      checkLimit(params.limit);
      checkDirection(params.direction);
      const query = new URLSearchParams({ query: params.query });
      // Loki's defaults (limit 100, backward) apply when these are absent; we only send what was asked.
      if (params.limit !== undefined) query.set('limit', String(params.limit));
      if (params.direction !== undefined) query.set('direction', params.direction);
      rangeParams(params).forEach((value, key) => query.set(key, value));
      if (params.stepMs !== undefined) query.set('step', formatLokiStep(params.stepMs));
      const body = await getJson('/loki/api/v1/query_range', query, opts, logQueryHeaders());
      const result = parseQueryResponse(body, { limit: params.limit ?? LOKI_DEFAULT_LIMIT, direction: params.direction ?? 'backward' });
      if (result.kind === 'vector') throw unexpectedKind('vector', 'query_range');
      return result;
    },

    async query(params, opts) {
      checkLimit(params.limit);
      checkDirection(params.direction);
      const query = new URLSearchParams({ query: params.query });
      if (params.limit !== undefined) query.set('limit', String(params.limit));
      if (params.direction !== undefined) query.set('direction', params.direction);
      query.set('time', msToNanosString(params.timeMs));
      const body = await getJson('/loki/api/v1/query', query, opts, logQueryHeaders());
      const result = parseQueryResponse(body, { limit: params.limit ?? LOKI_DEFAULT_LIMIT, direction: params.direction ?? 'backward' });
      if (result.kind === 'matrix') throw unexpectedKind('matrix', 'query');
      return result;
    },

    async labelNames(range, opts) {
      return parseStringListResponse(await getJson('/loki/api/v1/labels', rangeParams(range), opts), 'labels');
    },

    async labelValues(name, range, opts) {
      // The name goes into the URL path: only valid label names, never anything that could add segments.
      if (!isValidLogqlLabelName(name)) throw badRequest(`Invalid label name ${JSON.stringify(name)}`);
      return parseStringListResponse(await getJson(`/loki/api/v1/label/${name}/values`, rangeParams(range), opts), 'label values');
    },

    async series(matchers, range, opts) {
      if (matchers.length === 0 || matchers.some((matcher) => matcher.trim() === '')) {
        throw badRequest('A series lookup needs at least one non-empty stream selector');
      }
      const query = new URLSearchParams();
      for (const matcher of matchers) query.append('match[]', matcher);
      rangeParams(range).forEach((value, key) => query.set(key, value));
      return parseSeriesResponse(await getJson('/loki/api/v1/series', query, opts));
    },

    async buildInfo(opts) {
      return parseBuildInfoResponse(await getJson('/loki/api/v1/status/buildinfo', new URLSearchParams(), opts));
    },
  };
}
