// Prometheus wire JSON -> our metric model. Pure: validates at the boundary, never mutates its input.
import type { z } from 'zod';
import type { Alert, AlertState, Exemplar, Labels, PromQueryResult, Rule, Sample, Series } from '../../model/metrics';
import { traceIdFromHex } from '../../model/ids';
import { DatasourceError } from '../errors';
import { validateWire } from '../validate';
import {
  alertsResponse,
  buildInfoResponse,
  exemplarsResponse,
  queryResponse,
  rulesResponse,
  seriesResponse,
  stringListResponse,
  tsdbStatusResponse,
  type QueryData,
} from './api-types';
import { labelSetFingerprint } from './fingerprint';

const BACKEND = 'prometheus';

export interface PrometheusBuildInfo {
  version: string;
  revision: string;
  branch: string;
  buildUser: string;
  buildDate: string;
  goVersion: string;
}

export interface NameCount {
  name: string;
  value: number;
}

export interface TsdbStatus {
  headStats?: { numSeries: number; numLabelPairs?: number; chunkCount?: number; minTimeMs: number; maxTimeMs: number };
  seriesCountByMetricName: NameCount[];
  labelValueCountByLabelName: NameCount[];
  memoryInBytesByLabelName: NameCount[];
  seriesCountByLabelValuePair: NameCount[];
}

/** The grid a range query was evaluated on; timestamps are snapped to it so charts can look them up exactly. */
export interface StepGrid {
  startMs: number;
  stepMs: number;
}

/** "1", "1e+00", "NaN", "+Inf", "-Inf" -> number. The schema has already checked the shape. */
export function parsePromValue(value: string): number {
  switch (value) {
    case 'NaN':
      return Number.NaN;
    case '+Inf':
    case 'Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
    default:
      return Number(value);
  }
}

/** Prometheus times are float seconds with millisecond precision; round away the float noise. */
export function secondsToMs(seconds: number): number {
  return Math.round(seconds * 1000);
}

function snap(timeMs: number, grid: StepGrid | undefined): number {
  if (!grid || !(grid.stepMs > 0)) return timeMs;
  const steps = Math.round((timeMs - grid.startMs) / grid.stepMs);
  return grid.startMs + steps * grid.stepMs;
}

type Envelope<D> = { status: 'success'; data: D } | { status: 'error'; errorType?: string; error: string };

/** Checks the envelope and returns `data`, or throws: status "error" becomes the kind its errorType says. */
function unwrap<D>(schema: z.ZodType<Envelope<D>>, value: unknown, what: string): D {
  const envelope = validateWire(BACKEND, schema, value, what);
  if (envelope.status === 'error') throw promApiError(envelope.errorType, envelope.error, undefined);
  return envelope.data;
}

/** Prometheus' errorType -> our error kind. bad_data and execution errors are the query's fault. */
export function promApiError(errorType: string | undefined, message: string, status: number | undefined): DatasourceError {
  const kind = errorType === 'bad_data' || errorType === 'execution' ? 'bad-request' : errorType === 'not_found' ? 'not-found' : 'http';
  const prefix = status !== undefined ? `prometheus answered HTTP ${status}` : 'prometheus answered an error';
  return new DatasourceError({ backend: BACKEND, kind, status, message: `${prefix}: ${message}` });
}

function toSamples(values: readonly (readonly [number, string])[], grid: StepGrid | undefined): Sample[] {
  return values.map(([seconds, value]) => ({ timeMs: snap(secondsToMs(seconds), grid), value: parsePromValue(value) }));
}

function toQueryResult(data: QueryData, grid: StepGrid | undefined): PromQueryResult {
  switch (data.resultType) {
    case 'matrix':
      return {
        type: 'matrix',
        series: data.result.map((s): Series => ({ labels: { ...s.metric }, samples: toSamples(s.values, grid) })),
      };
    case 'vector':
      return {
        type: 'vector',
        // A native-histogram-only sample has no float value; it is not part of our model yet.
        samples: data.result.flatMap((s) =>
          s.value ? [{ labels: { ...s.metric }, timeMs: secondsToMs(s.value[0]), value: parsePromValue(s.value[1]) }] : [],
        ),
      };
    case 'scalar':
      return { type: 'scalar', sample: { timeMs: secondsToMs(data.result[0]), value: parsePromValue(data.result[1]) } };
    case 'string':
      return { type: 'string', timeMs: secondsToMs(data.result[0]), value: data.result[1] };
  }
}

/** /api/v1/query response -> PromQueryResult. */
export function parseQueryResponse(value: unknown): PromQueryResult {
  return toQueryResult(unwrap(queryResponse, value, 'query'), undefined);
}

/** /api/v1/query_range response -> matrix with every timestamp on the start + k*step grid. */
export function parseQueryRangeResponse(value: unknown, grid: StepGrid): PromQueryResult {
  const data = unwrap(queryResponse, value, 'query_range');
  if (data.resultType !== 'matrix') {
    throw new DatasourceError({ backend: BACKEND, kind: 'bad-response', message: `prometheus answered a range query with ${data.resultType}` });
  }
  return toQueryResult(data, grid);
}

const TRACE_ID_LABELS = ['trace_id', 'traceID', 'traceId', 'TraceID', 'traceid'];

/**
 * The trace id an exemplar label carries, as 32 lowercase hex. Jaeger clients write 64-bit ids as 16 hex
 * (or fewer: `%x` drops leading zeros), which Tempo stores left-padded. Only hex is accepted: a base64
 * reading would turn ordinary words ("not-a-trace") into ids.
 */
export function exemplarTraceId(raw: string): string | undefined {
  return traceIdFromHex(raw.trim()) ?? undefined;
}

function traceIdOf(labels: Labels): string | undefined {
  for (const key of TRACE_ID_LABELS) {
    const value = labels[key];
    if (value !== undefined) return exemplarTraceId(value);
  }
  return undefined;
}

/** /api/v1/query_exemplars -> one Exemplar per point, trace id normalised where a label carries one. */
export function parseExemplarsResponse(value: unknown): Exemplar[] {
  const data = unwrap(exemplarsResponse, value, 'query_exemplars');
  return data.flatMap((group) =>
    group.exemplars.map((e): Exemplar => {
      const exemplar: Exemplar = {
        seriesLabels: { ...group.seriesLabels },
        labels: { ...e.labels },
        value: parsePromValue(e.value),
        timeMs: secondsToMs(e.timestamp),
      };
      const traceId = traceIdOf(e.labels);
      if (traceId) exemplar.traceId = traceId;
      return exemplar;
    }),
  );
}

/** /api/v1/series -> label sets. */
export function parseSeriesResponse(value: unknown): Labels[] {
  return (unwrap(seriesResponse, value, 'series') ?? []).map((labels) => ({ ...labels }));
}

/** /api/v1/labels and /api/v1/label/<name>/values -> names or values (null means none). */
export function parseStringListResponse(value: unknown, what: string): string[] {
  return [...(unwrap(stringListResponse, value, what) ?? [])];
}

/** RFC 3339 (nanoseconds allowed) -> epoch ms; Go's zero time means "not set". */
export function parseRfc3339Ms(value: string | undefined): number | undefined {
  if (!value || value.startsWith('0001-01-01')) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The states Prometheus gives an alert; our model's others come from Alertmanager. */
function isPromAlertState(state: string): state is Extract<AlertState, 'firing' | 'pending' | 'inactive'> {
  return state === 'firing' || state === 'pending' || state === 'inactive';
}

function toAlert(wire: { labels: Labels; annotations: Labels; state: string; activeAt?: string; value?: string }): Alert {
  const state = wire.state;
  if (!isPromAlertState(state)) {
    throw new DatasourceError({ backend: BACKEND, kind: 'bad-response', message: `prometheus sent an alert in unknown state "${state}"` });
  }
  const alert: Alert = {
    name: wire.labels.alertname ?? '',
    state,
    labels: { ...wire.labels },
    annotations: { ...wire.annotations },
    source: 'prometheus',
    fingerprint: labelSetFingerprint(wire.labels),
  };
  const activeAtMs = parseRfc3339Ms(wire.activeAt);
  if (activeAtMs !== undefined) alert.activeAtMs = activeAtMs;
  if (wire.value !== undefined) alert.value = parsePromValue(wire.value);
  return alert;
}

/** /api/v1/alerts -> firing and pending alerts. */
export function parseAlertsResponse(value: unknown): Alert[] {
  return unwrap(alertsResponse, value, 'alerts').alerts.map(toAlert);
}

/** /api/v1/rules -> rules with their group name, alerting rules with their current alerts. */
export function parseRulesResponse(value: unknown): Rule[] {
  return unwrap(rulesResponse, value, 'rules').groups.flatMap((group) =>
    group.rules.map((rule): Rule => {
      if (rule.type === 'recording') {
        return { type: 'recording', group: group.name, name: rule.name, query: rule.query, labels: { ...rule.labels }, health: rule.health };
      }
      const alerting: Rule = {
        type: 'alerting',
        group: group.name,
        name: rule.name,
        query: rule.query,
        durationSeconds: rule.duration,
        labels: { ...rule.labels },
        annotations: { ...rule.annotations },
        health: rule.health,
        alerts: rule.alerts.map(toAlert),
      };
      if (rule.state !== undefined) alerting.state = rule.state;
      return alerting;
    }),
  );
}

/** /api/v1/status/buildinfo -> version and build details. */
export function parseBuildInfoResponse(value: unknown): PrometheusBuildInfo {
  const data = unwrap(buildInfoResponse, value, 'buildinfo');
  return {
    version: data.version,
    revision: data.revision,
    branch: data.branch,
    buildUser: data.buildUser,
    buildDate: data.buildDate,
    goVersion: data.goVersion,
  };
}

/** /api/v1/status/tsdb -> head stats (times in ms) and the top-cardinality lists. */
export function parseTsdbStatusResponse(value: unknown): TsdbStatus {
  const data = unwrap(tsdbStatusResponse, value, 'status/tsdb');
  const list = (items: readonly NameCount[] | null) => (items ?? []).map(({ name, value: count }) => ({ name, value: count }));
  const status: TsdbStatus = {
    seriesCountByMetricName: list(data.seriesCountByMetricName),
    labelValueCountByLabelName: list(data.labelValueCountByLabelName),
    memoryInBytesByLabelName: list(data.memoryInBytesByLabelName),
    seriesCountByLabelValuePair: list(data.seriesCountByLabelValuePair),
  };
  if (data.headStats) {
    const head = data.headStats;
    status.headStats = { numSeries: head.numSeries, minTimeMs: head.minTime, maxTimeMs: head.maxTime };
    if (head.numLabelPairs !== undefined) status.headStats.numLabelPairs = head.numLabelPairs;
    if (head.chunkCount !== undefined) status.headStats.chunkCount = head.chunkCount;
  }
  return status;
}
