// Grafana Pyroscope client: Connect JSON RPCs (POST /querier.v1.QuerierService/<Method>) and the legacy
// /pyroscope/render API. HTTP only, through the shared request helper; parse.ts builds our model.
// API reference: https://grafana.com/docs/pyroscope/latest/reference-server-api/
// RPCs: https://github.com/grafana/pyroscope/blob/main/api/querier/v1/querier.proto
import type { Labels, Series } from '../../model/metrics';
import type { FlameGraph, ProfileType } from '../../model/profile';
import { isValidLabelName, selector, type LabelMatcherSpec } from '../../query-lang/promql';
import { DatasourceError } from '../errors';
import { parseJsonBody, request, type CallOptions, type DatasourceConnection } from '../http';
import {
  parseBuildInfoResponse,
  parseLegacyLabelValuesResponse,
  parseNamesResponse,
  parseProfileTypesResponse,
  parseRenderResponse,
  parseSelectMergeResponse,
  parseSelectSeriesResponse,
  parseSeriesResponse,
  unitOfProfileType,
  type PyroscopeBuildInfo,
} from './parse';

export type { CallOptions } from '../http';

/** A ready selector string `{a="b"}` built with query-lang/promql, or the matchers to build it from. */
export type LabelSelectorInput = string | readonly LabelMatcherSpec[];

export interface TimeRangeMs {
  startMs: number;
  endMs: number;
}

export interface LabelQueryOptions extends CallOptions {
  /** Sent to servers that support it (1.1+); Pyroscope 1.0 has no time range on label queries. */
  range?: TimeRangeMs;
}

export interface SelectMergeParams extends TimeRangeMs {
  /** name:sampleType:sampleUnit:periodType:periodUnit, e.g. process_cpu:cpu:nanoseconds:cpu:nanoseconds */
  profileTypeId: string;
  labelSelector: LabelSelectorInput;
  maxNodes?: number;
}

export interface SelectSpanProfileParams extends SelectMergeParams {
  /** Span ids (16 hex) whose samples make up the profile. */
  spanSelector: readonly string[];
}

export interface SelectSeriesParams extends TimeRangeMs {
  profileTypeId: string;
  labelSelector: LabelSelectorInput;
  stepMs: number;
  groupBy?: readonly string[];
}

export interface RenderParams {
  /** `<profileTypeId>{selector}`: build it with profileQuery(). */
  query: string;
  fromMs: number;
  untilMs: number;
  maxNodes?: number;
}

export interface PyroscopeClient {
  profileTypes(range?: TimeRangeMs, opts?: CallOptions): Promise<ProfileType[]>;
  labelNames(matchers?: readonly LabelSelectorInput[], opts?: LabelQueryOptions): Promise<string[]>;
  labelValues(name: string, matchers?: readonly LabelSelectorInput[], opts?: LabelQueryOptions): Promise<string[]>;
  series(matchers: readonly LabelSelectorInput[], labelNames?: readonly string[], opts?: LabelQueryOptions): Promise<Labels[]>;
  selectMergeStacktraces(params: SelectMergeParams, opts?: CallOptions): Promise<FlameGraph>;
  /** The profile of the given spans only (needs services that tag samples with span ids). */
  selectMergeSpanProfile(params: SelectSpanProfileParams, opts?: CallOptions): Promise<FlameGraph>;
  /** Totals of the selected profiles over time, one series per groupBy label set. */
  selectSeries(params: SelectSeriesParams, opts?: CallOptions): Promise<Series[]>;
  /** Legacy flamebearer API (still served by Pyroscope 1.x). */
  render(params: RenderParams, opts?: CallOptions): Promise<FlameGraph>;
  /** Legacy label values; in 1.0.0 only `__name__` (profile type ids) answers, anything else is empty. */
  legacyLabelValues(name: string, opts?: CallOptions): Promise<string[]>;
  buildInfo(opts?: CallOptions): Promise<PyroscopeBuildInfo>;
}

const QUERIER = '/querier.v1.QuerierService';
// Querier RPCs are reads, so retrying their POSTs is safe.
const READ_RETRIES = 2;
const PROFILE_TYPE_ID = /^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]*:[A-Za-z0-9_.-]*$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

function invalid(message: string): DatasourceError {
  return new DatasourceError({ backend: 'pyroscope', kind: 'bad-request', message });
}

export function isValidProfileTypeId(id: string): boolean {
  return PROFILE_TYPE_ID.test(id);
}

function checkProfileTypeId(id: string): string {
  if (!isValidProfileTypeId(id)) throw invalid(`Invalid profile type ${JSON.stringify(id)}`);
  return id;
}

/** A selector string from matchers (escaped) or a given selector (checked to be one `{...}`). */
export function toLabelSelector(input: LabelSelectorInput): string {
  if (typeof input !== 'string') {
    try {
      return selector(undefined, input);
    } catch (error) {
      throw invalid(error instanceof Error ? error.message : 'Invalid label matcher');
    }
  }
  const trimmed = input.trim();
  if (!/^\{[\s\S]*\}$/.test(trimmed)) throw invalid(`Invalid label selector ${JSON.stringify(input)}`);
  return trimmed;
}

/** `process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="x"}`, the legacy render query. */
export function profileQuery(profileTypeId: string, matchers: LabelSelectorInput): string {
  return checkProfileTypeId(profileTypeId) + toLabelSelector(matchers);
}

function epochMs(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0) throw invalid(`Invalid ${what}: ${value}`);
  return Math.round(value);
}

function timeRange(range: TimeRangeMs): { start: number; end: number } {
  const start = epochMs(range.startMs, 'start');
  const end = epochMs(range.endMs, 'end');
  if (end < start) throw invalid('The time range ends before it starts');
  return { start, end };
}

function maxNodesField(maxNodes: number | undefined): { maxNodes?: number } {
  if (maxNodes === undefined) return {};
  if (!Number.isInteger(maxNodes) || maxNodes <= 0) throw invalid(`Invalid maxNodes: ${maxNodes}`);
  return { maxNodes };
}

function spanIds(ids: readonly string[]): string[] {
  if (ids.length === 0) throw invalid('A span profile needs at least one span id');
  return ids.map((id) => {
    const normalised = id.trim().toLowerCase();
    if (!SPAN_ID.test(normalised)) throw invalid(`Invalid span id ${JSON.stringify(id)}`);
    return normalised;
  });
}

export function createPyroscopeClient(conn: DatasourceConnection): PyroscopeClient {
  async function rpc(method: string, body: Record<string, unknown>, opts: CallOptions | undefined): Promise<unknown> {
    const raw = await request(conn, {
      method: 'POST',
      path: `${QUERIER}/${method}`,
      json: body,
      retries: READ_RETRIES,
      signal: opts?.signal,
      timeoutMs: opts?.timeoutMs,
    });
    return parseJsonBody('pyroscope', raw);
  }

  async function get(path: string, query: URLSearchParams, opts: CallOptions | undefined): Promise<unknown> {
    const raw = await request(conn, { path, query, retries: READ_RETRIES, signal: opts?.signal, timeoutMs: opts?.timeoutMs });
    return parseJsonBody('pyroscope', raw);
  }

  function labelQueryBody(matchers: readonly LabelSelectorInput[] | undefined, opts: LabelQueryOptions | undefined): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    if (matchers && matchers.length > 0) body.matchers = matchers.map(toLabelSelector);
    if (opts?.range) Object.assign(body, timeRange(opts.range));
    return body;
  }

  return {
    async profileTypes(range, opts) {
      return parseProfileTypesResponse(await rpc('ProfileTypes', range ? timeRange(range) : {}, opts));
    },

    async labelNames(matchers, opts) {
      return parseNamesResponse(await rpc('LabelNames', labelQueryBody(matchers, opts), opts), 'label names');
    },

    async labelValues(name, matchers, opts) {
      if (!isValidLabelName(name)) throw invalid(`Invalid label name ${JSON.stringify(name)}`);
      return parseNamesResponse(await rpc('LabelValues', { name, ...labelQueryBody(matchers, opts) }, opts), 'label values');
    },

    async series(matchers, labelNames, opts) {
      for (const name of labelNames ?? []) if (!isValidLabelName(name)) throw invalid(`Invalid label name ${JSON.stringify(name)}`);
      const body = labelQueryBody(matchers, opts);
      if (labelNames && labelNames.length > 0) body.labelNames = [...labelNames];
      return parseSeriesResponse(await rpc('Series', body, opts));
    },

    async selectMergeStacktraces(params, opts) {
      const body = {
        profileTypeID: checkProfileTypeId(params.profileTypeId),
        labelSelector: toLabelSelector(params.labelSelector),
        ...timeRange(params),
        ...maxNodesField(params.maxNodes),
      };
      const unit = unitOfProfileType(params.profileTypeId) ?? 'samples';
      return parseSelectMergeResponse(await rpc('SelectMergeStacktraces', body, opts), unit);
    },

    async selectMergeSpanProfile(params, opts) {
      const body = {
        profileTypeID: checkProfileTypeId(params.profileTypeId),
        labelSelector: toLabelSelector(params.labelSelector),
        spanSelector: spanIds(params.spanSelector),
        ...timeRange(params),
        ...maxNodesField(params.maxNodes),
      };
      const unit = unitOfProfileType(params.profileTypeId) ?? 'samples';
      return parseSelectMergeResponse(await rpc('SelectMergeSpanProfile', body, opts), unit, 'span profile');
    },

    async selectSeries(params, opts) {
      if (!(params.stepMs > 0)) throw invalid(`Invalid step: ${params.stepMs}`);
      for (const name of params.groupBy ?? []) if (!isValidLabelName(name)) throw invalid(`Invalid label name ${JSON.stringify(name)}`);
      const body = {
        profileTypeID: checkProfileTypeId(params.profileTypeId),
        labelSelector: toLabelSelector(params.labelSelector),
        ...timeRange(params),
        groupBy: [...(params.groupBy ?? [])],
        step: params.stepMs / 1000,
      };
      return parseSelectSeriesResponse(await rpc('SelectSeries', body, opts));
    },

    async render(params, opts) {
      const braceAt = params.query.indexOf('{');
      const profileTypeId = braceAt > 0 ? params.query.slice(0, braceAt) : '';
      checkProfileTypeId(profileTypeId);
      toLabelSelector(params.query.slice(braceAt));
      const { start, end } = timeRange({ startMs: params.fromMs, endMs: params.untilMs });
      const query = new URLSearchParams({ query: params.query, from: String(start), until: String(end), format: 'json' });
      if (params.maxNodes !== undefined) query.set('max-nodes', String(maxNodesField(params.maxNodes).maxNodes));
      return parseRenderResponse(await get('/pyroscope/render', query, opts), unitOfProfileType(profileTypeId));
    },

    async legacyLabelValues(name, opts) {
      if (!isValidLabelName(name)) throw invalid(`Invalid label name ${JSON.stringify(name)}`);
      return parseLegacyLabelValuesResponse(await get('/pyroscope/label-values', new URLSearchParams({ label: name }), opts));
    },

    async buildInfo(opts) {
      return parseBuildInfoResponse(await get('/api/v1/status/buildinfo', new URLSearchParams(), opts));
    },
  };
}
