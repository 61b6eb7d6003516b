// Prometheus HTTP API client: HTTP only, through the shared request helper; parse.ts turns the JSON
// into our model. API reference: https://prometheus.io/docs/prometheus/latest/querying/api/
import type { Alert, Exemplar, Labels, PromQueryResult, Rule } from '../../model/metrics';
import { isValidLabelName } from '../../query-lang/promql';
import { DatasourceError } from '../errors';
import { parseJsonBody, request, type CallOptions, type DatasourceConnection } from '../http';
import {
  parseAlertsResponse,
  parseBuildInfoResponse,
  parseExemplarsResponse,
  parseQueryRangeResponse,
  parseQueryResponse,
  parseRulesResponse,
  parseSeriesResponse,
  parseStringListResponse,
  parseTsdbStatusResponse,
  type PrometheusBuildInfo,
  type TsdbStatus,
} from './parse';

export type { CallOptions } from '../http';

export interface LabelQueryOptions extends CallOptions {
  /** Series selectors (match[]) restricting which series' labels count. Build them with query-lang/promql. */
  matchers?: readonly string[];
}

export interface PrometheusClient {
  /** Instant query at timeMs (POST form, so long expressions fit). */
  query(expr: string, timeMs: number, opts?: CallOptions): Promise<PromQueryResult>;
  /** Range query; the matrix's timestamps lie exactly on startMs + k * stepMs. */
  queryRange(expr: string, startMs: number, endMs: number, stepMs: number, opts?: CallOptions): Promise<PromQueryResult>;
  queryExemplars(expr: string, startMs: number, endMs: number, opts?: CallOptions): Promise<Exemplar[]>;
  series(matchers: readonly string[], startMs: number, endMs: number, opts?: CallOptions): Promise<Labels[]>;
  labelNames(startMs?: number, endMs?: number, opts?: LabelQueryOptions): Promise<string[]>;
  labelValues(name: string, startMs?: number, endMs?: number, opts?: LabelQueryOptions): Promise<string[]>;
  alerts(opts?: CallOptions): Promise<Alert[]>;
  rules(filter?: { type?: 'alert' | 'record' }, opts?: CallOptions): Promise<Rule[]>;
  buildInfo(opts?: CallOptions): Promise<PrometheusBuildInfo>;
  tsdbStatus(opts?: CallOptions): Promise<TsdbStatus>;
}

// Every call here is a read, POST form queries included, so transient 502/503/504 are retried. Queries get
// one retry only: Prometheus also answers 503 for a query that timed out, and repeating it costs the server.
const READ_RETRIES = 2;
const QUERY_RETRIES = 1;

/** Epoch ms -> the float seconds Prometheus takes ("1795302974", "1795302974.5"). */
export function formatPromTime(ms: number): string {
  if (!Number.isFinite(ms)) throw new TypeError(`Invalid time: ${ms}`);
  return String(ms / 1000);
}

/** Step in ms -> "15s" for whole seconds (as Grafana sends), float seconds otherwise. */
export function formatPromStep(stepMs: number): string {
  if (!(stepMs > 0) || !Number.isFinite(stepMs)) throw new TypeError(`Invalid step: ${stepMs}`);
  return stepMs % 1000 === 0 ? `${stepMs / 1000}s` : String(stepMs / 1000);
}

function badLabelName(name: string): DatasourceError {
  return new DatasourceError({ backend: 'prometheus', kind: 'bad-request', message: `Invalid label name ${JSON.stringify(name)}` });
}

function rangeParams(params: URLSearchParams, startMs: number | undefined, endMs: number | undefined): URLSearchParams {
  if (startMs !== undefined) params.append('start', formatPromTime(startMs));
  if (endMs !== undefined) params.append('end', formatPromTime(endMs));
  return params;
}

export function createPrometheusClient(conn: DatasourceConnection): PrometheusClient {
  async function getJson(path: string, query: URLSearchParams, opts: CallOptions | undefined): Promise<unknown> {
    const raw = await request(conn, { path, query, retries: READ_RETRIES, signal: opts?.signal, timeoutMs: opts?.timeoutMs });
    return parseJsonBody('prometheus', raw);
  }

  async function postForm(path: string, form: URLSearchParams, opts: CallOptions | undefined): Promise<unknown> {
    const raw = await request(conn, { method: 'POST', path, form, retries: QUERY_RETRIES, signal: opts?.signal, timeoutMs: opts?.timeoutMs });
    return parseJsonBody('prometheus', raw);
  }

  function withMatchers(params: URLSearchParams, matchers: readonly string[] | undefined): URLSearchParams {
    for (const matcher of matchers ?? []) params.append('match[]', matcher);
    return params;
  }

  return {
    async query(expr, timeMs, opts) {
      const form = new URLSearchParams({ query: expr, time: formatPromTime(timeMs) });
      return parseQueryResponse(await postForm('/api/v1/query', form, opts));
    },

    async queryRange(expr, startMs, endMs, stepMs, opts) {
      const form = new URLSearchParams({ query: expr, start: formatPromTime(startMs), end: formatPromTime(endMs), step: formatPromStep(stepMs) });
      return parseQueryRangeResponse(await postForm('/api/v1/query_range', form, opts), { startMs, stepMs });
    },

    async queryExemplars(expr, startMs, endMs, opts) {
      const params = rangeParams(new URLSearchParams({ query: expr }), startMs, endMs);
      const raw = await request(conn, { path: '/api/v1/query_exemplars', query: params, retries: READ_RETRIES, signal: opts?.signal, timeoutMs: opts?.timeoutMs });
      // Prometheus answers 204 No Content when the expression reads no series at all (e.g. vector(1)).
      if (raw.status === 204) return [];
      return parseExemplarsResponse(parseJsonBody('prometheus', raw));
    },

    async series(matchers, startMs, endMs, opts) {
      if (matchers.length === 0) {
        throw new DatasourceError({ backend: 'prometheus', kind: 'bad-request', message: 'A series lookup needs at least one selector' });
      }
      const params = rangeParams(withMatchers(new URLSearchParams(), matchers), startMs, endMs);
      return parseSeriesResponse(await getJson('/api/v1/series', params, opts));
    },

    async labelNames(startMs, endMs, opts) {
      const params = rangeParams(withMatchers(new URLSearchParams(), opts?.matchers), startMs, endMs);
      return parseStringListResponse(await getJson('/api/v1/labels', params, opts), 'labels');
    },

    async labelValues(name, startMs, endMs, opts) {
      // The name goes into the URL path: only classic label names, never anything that could add segments.
      if (!isValidLabelName(name)) throw badLabelName(name);
      const params = rangeParams(withMatchers(new URLSearchParams(), opts?.matchers), startMs, endMs);
      return parseStringListResponse(await getJson(`/api/v1/label/${name}/values`, params, opts), 'label values');
    },

    async alerts(opts) {
      return parseAlertsResponse(await getJson('/api/v1/alerts', new URLSearchParams(), opts));
    },

    async rules(filter, opts) {
      const params = new URLSearchParams();
      if (filter?.type) params.set('type', filter.type);
      return parseRulesResponse(await getJson('/api/v1/rules', params, opts));
    },

    async buildInfo(opts) {
      return parseBuildInfoResponse(await getJson('/api/v1/status/buildinfo', new URLSearchParams(), opts));
    },

    async tsdbStatus(opts) {
      return parseTsdbStatusResponse(await getJson('/api/v1/status/tsdb', new URLSearchParams(), opts));
    },
  };
}
