// The demo answers in the real backends' wire formats: for every recorded fixture of an endpoint the demo serves,
// ask the demo the analogous question (same endpoint and parameters, the simulation's own metric names, services
// and trace ids) and check that its answer has the recorded answer's shape: every key, with the same JSON types,
// recursively (arrays by the union of their elements). The demo may add keys. The console's parsers
// (lib/datasources/*/parse.ts) must accept every demo answer too.
//
// Deliberate differences (the `ignore` lists below say where):
// - Tempo traces: the simulation's spans carry string/int/float attributes only, no booleans (`boolValue`);
//   Loki's own Jaeger self-traces in the fixture have them. And it leaves successful spans' status unset, as OTel
//   Go's HTTP instrumentation does, where the recorded sample's frontend set STATUS_CODE_OK: an ok trace has no
//   `status.code` (error spans do have one, see traces_by_id_error).
// - Fixtures of endpoints the demo does not serve are listed in NOT_SERVED with the reason.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture, readFixtureJson, fixturePath } from '../test/fixtures';
import { parseAlertsResponse as parseAmAlerts, parseStatusResponse as parseAmStatus } from '../lib/datasources/alertmanager/parse';
import * as lokiParse from '../lib/datasources/loki/parse';
import * as promParse from '../lib/datasources/prometheus/parse';
import * as pyroParse from '../lib/datasources/pyroscope/parse';
import * as tempoParse from '../lib/datasources/tempo/parse';
import { traceIdFromHex } from '../lib/model/ids';
import type { IncidentWindow } from './contract';
import { startDemoStack, type DemoStack } from './index';
import type { StoredTrace } from './query/types';
import { missingFromShape, shapeOf } from './server/testing/shape';

const MIN = 60_000;
const HOUR = 60 * MIN;

let stack: DemoStack;
let nowMs: number;
let incident: IncidentWindow;
let sampleTrace: StoredTrace;
let errorTrace: StoredTrace;

/** A moment 70% into a major incident of the last week: alerts are firing, profiles and traces show it. */
function pickNow(): { nowMs: number; incident: IncidentWindow } {
  const probe = Date.UTC(2026, 10, 21, 12, 0, 0);
  // Any fleet will do for the schedule: it is a pure function of (seed, time).
  return { nowMs: probe, incident: { kind: 'payment-latency', severity: 'major', service: 'payment', startMs: probe - HOUR, endMs: probe } };
}

beforeAll(async () => {
  const probe = pickNow();
  const scout = await startDemoStack({ ports: zeroPorts(), now: () => probe.nowMs });
  // Major incidents come every ~3 days (incidents.ts): a week holds one of each kind.
  const incidents = scout.fleet.incidentsBetween(probe.nowMs - 7 * 24 * HOUR, probe.nowMs).filter((w) => w.severity === 'major');
  await scout.close();
  const chosen = incidents.filter((w) => w.endMs - w.startMs >= 30 * MIN).at(-1) ?? incidents.at(-1);
  if (!chosen) throw new Error('the simulation scheduled no major incident in a week');
  incident = chosen;
  nowMs = Math.floor((incident.startMs + 0.7 * (incident.endMs - incident.startMs)) / 1000) * 1000;
  stack = await startDemoStack({ ports: zeroPorts(), now: () => nowMs });
  const recent = [...stack.fleet.traces.tracesInRange(BigInt(nowMs - 15 * MIN) * 1_000_000n, BigInt(nowMs) * 1_000_000n)];
  sampleTrace = recent.find((t) => t.spans.length >= 3 && !t.spans.some((s) => s.statusCode === 'error')) ?? recent[0];
  errorTrace = recent.find((t) => t.spans.some((s) => s.statusCode === 'error' && s.statusMessage)) ?? recent[0];
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

function zeroPorts() {
  return { prometheus: 0, loki: 0, tempo: 0, pyroscope: 0, alertmanager: 0 };
}

type Backend = 'prometheus' | 'loki' | 'tempo' | 'pyroscope';

interface Case {
  fixture: string;
  method?: 'GET' | 'POST';
  path: string | (() => string);
  params?: () => Record<string, string | string[]>;
  body?: () => unknown;
  /** Paths of objects with data-dependent keys (label sets...). */
  mapPaths?: string[];
  /** Deliberate, documented differences. */
  ignore?: string[];
  /** The recorded answer must equal the demo's exactly (deterministic error bodies). */
  exact?: boolean;
  /** Run the demo's answer through the console's parser. */
  parse?: (body: unknown) => unknown;
}

const sec = (ms: number) => String(ms / 1000);
const ns = (ms: number) => `${BigInt(ms) * 1_000_000n}`;
const last15m = () => ({ start: sec(nowMs - 15 * MIN), end: sec(nowMs) });
const lastHourNs = () => ({ start: ns(nowMs - HOUR), end: ns(nowMs) });
const lastHourS = () => ({ start: String(Math.floor((nowMs - HOUR) / 1000)), end: String(Math.floor(nowMs / 1000)) });
const grid = (stepMs: number) => ({ startMs: nowMs - 15 * MIN, endMs: nowMs, stepMs });
const PROM_RESULT_MAPS = ['data.result[].metric'];
const CPU = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';

const PROMETHEUS: Case[] = [
  {
    fixture: 'query_range_matrix.json',
    path: '/api/v1/query_range',
    params: () => ({ query: 'sum by (http_route) (rate(http_server_requests_total[1m]))', ...last15m(), step: '15s' }),
    mapPaths: PROM_RESULT_MAPS,
    parse: (b) => promParse.parseQueryRangeResponse(b, grid(15_000)),
  },
  {
    fixture: 'query_range_spanmetrics_p95.json',
    path: '/api/v1/query_range',
    params: () => ({ query: 'histogram_quantile(0.95, sum by (le, service) (rate(http_server_request_duration_seconds_bucket[1m])))', ...last15m(), step: '30s' }),
    mapPaths: PROM_RESULT_MAPS,
    parse: (b) => promParse.parseQueryRangeResponse(b, grid(30_000)),
  },
  {
    fixture: 'query_range_empty.json',
    path: '/api/v1/query_range',
    params: () => ({ query: 'up{job="does-not-exist"}', ...last15m(), step: '15s' }),
    exact: true,
  },
  { fixture: 'query_instant_vector.json', path: '/api/v1/query', params: () => ({ query: 'up', time: sec(nowMs) }), mapPaths: PROM_RESULT_MAPS, parse: promParse.parseQueryResponse },
  { fixture: 'query_instant_scalar.json', path: '/api/v1/query', params: () => ({ query: 'scalar(sum(up))', time: sec(nowMs) }), parse: promParse.parseQueryResponse },
  { fixture: 'query_instant_string.json', path: '/api/v1/query', params: () => ({ query: '"hello"', time: sec(nowMs) }), parse: promParse.parseQueryResponse },
  {
    fixture: 'query_instant_matrix.json',
    path: '/api/v1/query',
    params: () => ({ query: 'up{job="weft-demo/payment"}[1m]', time: sec(nowMs) }),
    mapPaths: PROM_RESULT_MAPS,
    parse: promParse.parseQueryResponse,
  },
  {
    fixture: 'query_instant_spanmetrics_calls.json',
    path: '/api/v1/query',
    params: () => ({ query: 'sum by (service, http_route, http_response_status_code) (http_server_requests_total{service=~"gateway|payment"})', time: sec(nowMs) }),
    mapPaths: PROM_RESULT_MAPS,
    parse: promParse.parseQueryResponse,
  },
  { fixture: 'query_error_bad_syntax.json', path: '/api/v1/query', params: () => ({ query: 'sum(rate(up[1m])', time: sec(nowMs) }), exact: true },
  {
    fixture: 'query_exemplars_spanmetrics.json',
    path: '/api/v1/query_exemplars',
    params: () => ({ query: `http_server_request_duration_seconds_bucket{service=~"gateway|${incident.service}"}`, ...last15m() }),
    mapPaths: ['data[].seriesLabels', 'data[].exemplars[].labels'],
    parse: promParse.parseExemplarsResponse,
  },
  {
    fixture: 'query_exemplars_loki_scrape.json',
    path: '/api/v1/query_exemplars',
    params: () => ({ query: 'http_server_requests_total', ...last15m() }),
    mapPaths: ['data[].seriesLabels', 'data[].exemplars[].labels'],
    parse: promParse.parseExemplarsResponse,
  },
  { fixture: 'query_exemplars_none.json', path: '/api/v1/query_exemplars', params: () => ({ query: 'up', ...last15m() }), exact: true },
  {
    fixture: 'series.json',
    path: '/api/v1/series',
    params: () => ({ 'match[]': ['up', 'http_server_requests_total{service="payment"}'], ...last15m() }),
    mapPaths: ['data[]'],
    parse: promParse.parseSeriesResponse,
  },
  { fixture: 'labels.json', path: '/api/v1/labels', params: last15m, parse: (b) => promParse.parseStringListResponse(b, 'labels') },
  {
    fixture: 'labels_matched.json',
    path: '/api/v1/labels',
    params: () => ({ 'match[]': 'http_server_requests_total', ...last15m() }),
    parse: (b) => promParse.parseStringListResponse(b, 'labels'),
  },
  { fixture: 'label_job_values.json', path: '/api/v1/label/job/values', params: last15m, parse: (b) => promParse.parseStringListResponse(b, 'values') },
  { fixture: 'label___name___values.json', path: '/api/v1/label/__name__/values', parse: (b) => promParse.parseStringListResponse(b, 'values') },
  { fixture: 'alerts.json', path: '/api/v1/alerts', mapPaths: ['data.alerts[].labels', 'data.alerts[].annotations'], parse: promParse.parseAlertsResponse },
  {
    fixture: 'rules.json',
    path: '/api/v1/rules',
    mapPaths: ['data.groups[].rules[].labels', 'data.groups[].rules[].annotations', 'data.groups[].rules[].alerts[].labels', 'data.groups[].rules[].alerts[].annotations'],
    parse: promParse.parseRulesResponse,
  },
  {
    fixture: 'rules_type_alert.json',
    path: '/api/v1/rules',
    params: () => ({ type: 'alert' }),
    mapPaths: ['data.groups[].rules[].labels', 'data.groups[].rules[].annotations', 'data.groups[].rules[].alerts[].labels', 'data.groups[].rules[].alerts[].annotations'],
    parse: promParse.parseRulesResponse,
  },
  { fixture: 'status_tsdb.json', path: '/api/v1/status/tsdb', parse: promParse.parseTsdbStatusResponse },
  { fixture: 'status_buildinfo.json', path: '/api/v1/status/buildinfo', parse: promParse.parseBuildInfoResponse },
  { fixture: 'status_runtimeinfo.json', path: '/api/v1/status/runtimeinfo' },
  { fixture: 'status_flags.json', path: '/api/v1/status/flags', mapPaths: ['data'] },
  { fixture: 'status_config.json', path: '/api/v1/status/config' },
  { fixture: 'metadata.json', path: '/api/v1/metadata', params: () => ({ limit: '20' }), mapPaths: ['data'] },
  {
    fixture: 'query_post_form.json',
    method: 'POST',
    path: '/api/v1/query',
    body: () => new URLSearchParams({ query: 'up', time: sec(nowMs) }),
    mapPaths: PROM_RESULT_MAPS,
    parse: promParse.parseQueryResponse,
  },
];

const LOKI_STREAM_MAPS = ['data.result[].stream'];
const LOKI: Case[] = [
  {
    fixture: 'query_range_streams.json',
    path: '/loki/api/v1/query_range',
    params: () => ({ query: `{service="${incident.service}"}`, limit: '50', direction: 'backward', ...lastHourNs() }),
    mapPaths: LOKI_STREAM_MAPS,
    parse: (b) => lokiParse.parseQueryResponse(b, { limit: 50, direction: 'backward' }),
  },
  {
    fixture: 'query_range_streams_forward.json',
    path: '/loki/api/v1/query_range',
    params: () => ({ query: '{service="gateway"}', limit: '10', direction: 'forward', ...lastHourNs() }),
    mapPaths: LOKI_STREAM_MAPS,
    parse: (b) => lokiParse.parseQueryResponse(b, { limit: 10, direction: 'forward' }),
  },
  {
    fixture: 'query_range_streams_traceid.json',
    path: '/loki/api/v1/query_range',
    params: () => ({ query: `{service=~".+"} |= "${errorTrace.traceId}"`, limit: '100', ...lastHourNs() }),
    mapPaths: LOKI_STREAM_MAPS,
    parse: (b) => lokiParse.parseQueryResponse(b, { limit: 100, direction: 'backward' }),
  },
  {
    fixture: 'query_range_streams_traceid_round2.json',
    path: '/loki/api/v1/query_range',
    params: () => ({ query: `{service=~".+"} |= "${sampleTrace.traceId}"`, limit: '100', ...lastHourNs() }),
    mapPaths: LOKI_STREAM_MAPS,
    parse: (b) => lokiParse.parseQueryResponse(b, { limit: 100, direction: 'backward' }),
  },
  {
    fixture: 'query_range_streams_json_parser.json',
    path: '/loki/api/v1/query_range',
    params: () => ({ query: `{service="${incident.service}"} | json | level="error"`, limit: '20', ...lastHourNs() }),
    mapPaths: LOKI_STREAM_MAPS,
    parse: (b) => lokiParse.parseQueryResponse(b, { limit: 20, direction: 'backward' }),
  },
  {
    fixture: 'query_range_streams_logfmt.json',
    path: '/loki/api/v1/query_range',
    params: () => ({ query: '{service="order"} | logfmt', limit: '20', ...lastHourNs() }),
    mapPaths: LOKI_STREAM_MAPS,
    parse: (b) => lokiParse.parseQueryResponse(b, { limit: 20, direction: 'backward' }),
  },
  {
    fixture: 'query_range_matrix.json',
    path: '/loki/api/v1/query_range',
    params: () => ({ query: 'sum by (service) (count_over_time({service=~".+"}[1m]))', step: '60', ...lastHourNs() }),
    mapPaths: PROM_RESULT_MAPS,
    parse: (b) => lokiParse.parseQueryResponse(b, { limit: 100, direction: 'backward' }),
  },
  {
    fixture: 'query_range_matrix_rate.json',
    path: '/loki/api/v1/query_range',
    params: () => ({ query: 'sum by (level) (rate({service=~".+"}[5m]))', step: '120', ...lastHourNs() }),
    mapPaths: PROM_RESULT_MAPS,
    parse: (b) => lokiParse.parseQueryResponse(b, { limit: 100, direction: 'backward' }),
  },
  {
    fixture: 'query_instant_vector.json',
    path: '/loki/api/v1/query',
    params: () => ({ query: 'sum by (level) (count_over_time({service=~".+"}[1h]))', time: ns(nowMs) }),
    mapPaths: PROM_RESULT_MAPS,
    parse: (b) => lokiParse.parseQueryResponse(b, { limit: 100, direction: 'backward' }),
  },
  {
    fixture: 'query_instant_streams.json',
    path: '/loki/api/v1/query',
    params: () => ({ query: '{service="gateway"}', limit: '5', time: ns(nowMs + MIN) }),
    mapPaths: LOKI_STREAM_MAPS,
    parse: (b) => lokiParse.parseQueryResponse(b, { limit: 5, direction: 'backward' }),
  },
  { fixture: 'labels.json', path: '/loki/api/v1/labels', params: lastHourNs, parse: (b) => lokiParse.parseStringListResponse(b, 'labels') },
  { fixture: 'label_service_values.json', path: '/loki/api/v1/label/service/values', params: lastHourNs, parse: (b) => lokiParse.parseStringListResponse(b, 'values') },
  { fixture: 'label_level_values.json', path: '/loki/api/v1/label/level/values', params: lastHourNs, parse: (b) => lokiParse.parseStringListResponse(b, 'values') },
  { fixture: 'series.json', path: '/loki/api/v1/series', params: () => ({ 'match[]': '{service=~".+"}', ...lastHourNs() }), mapPaths: ['data[]'], parse: lokiParse.parseSeriesResponse },
  {
    fixture: 'series_two_matchers.json',
    path: '/loki/api/v1/series',
    params: () => ({ 'match[]': ['{service="order"}', '{level="error"}'], ...lastHourNs() }),
    mapPaths: ['data[]'],
    parse: lokiParse.parseSeriesResponse,
  },
  { fixture: 'index_stats.json', path: '/loki/api/v1/index/stats', params: () => ({ query: '{service=~".+"}', ...lastHourNs() }) },
  { fixture: 'status_buildinfo.json', path: '/loki/api/v1/status/buildinfo', parse: lokiParse.parseBuildInfoResponse },
];

const traceParse = (trace: () => StoredTrace) => (b: unknown) => {
  const id = traceIdFromHex(trace().traceId);
  if (!id) throw new Error('bad trace id');
  return tempoParse.parseTraceByIdV1(b, id);
};
const TEMPO_TRACE_IGNORE = ['batches[].scopeSpans[].spans[].attributes[].value.boolValue'];
const STATUS_OK_IGNORE = ['batches[].scopeSpans[].spans[].status.code'];
const TEMPO: Case[] = [
  { fixture: 'traces_by_id_ok.json', path: () => `/api/traces/${sampleTrace.traceId}`, ignore: STATUS_OK_IGNORE, parse: traceParse(() => sampleTrace) },
  { fixture: 'traces_by_id_error.json', path: () => `/api/traces/${errorTrace.traceId}`, parse: traceParse(() => errorTrace) },
  { fixture: 'traces_by_id_browse.json', path: () => `/api/traces/${sampleTrace.traceId}`, ignore: STATUS_OK_IGNORE, parse: traceParse(() => sampleTrace) },
  { fixture: 'traces_by_id_round2_error.json', path: () => `/api/traces/${errorTrace.traceId}`, parse: traceParse(() => errorTrace) },
  {
    fixture: 'traces_by_id_ok_with_range.json',
    path: () => `/api/traces/${sampleTrace.traceId}`,
    params: lastHourS,
    ignore: STATUS_OK_IGNORE,
    parse: traceParse(() => sampleTrace),
  },
  {
    fixture: 'traces_by_id_loki_selftrace_from_exemplar.json',
    path: () => `/api/traces/${sampleTrace.traceId}`,
    ignore: TEMPO_TRACE_IGNORE,
    parse: traceParse(() => sampleTrace),
  },
  {
    fixture: 'search_tags_service.json',
    path: '/api/search',
    params: () => ({ tags: 'service.name=gateway', limit: '20', ...lastHourS() }),
    parse: (b) => tempoParse.parseSearchResponse(b, 20),
  },
  {
    fixture: 'search_tags_multi.json',
    path: '/api/search',
    params: () => ({ tags: `service.name=${incident.service} http.response.status_code=502`, limit: '20', ...lastHourS() }),
    parse: (b) => tempoParse.parseSearchResponse(b, 20),
  },
  {
    fixture: 'search_min_duration.json',
    path: '/api/search',
    params: () => ({ tags: 'service.name=gateway', minDuration: '250ms', limit: '20', ...lastHourS() }),
    parse: (b) => tempoParse.parseSearchResponse(b, 20),
  },
  { fixture: 'search_recent_no_params.json', path: '/api/search', parse: (b) => tempoParse.parseSearchResponse(b, 20) },
  {
    fixture: 'search_traceql_error_status.json',
    path: '/api/search',
    params: () => ({ q: `{ resource.service.name = "${incident.service}" && status = error }`, limit: '20', ...lastHourS() }),
    parse: (b) => tempoParse.parseSearchResponse(b, 20),
  },
  {
    fixture: 'search_traceql_http_500.json',
    path: '/api/search',
    params: () => ({ q: '{ span.http.response.status_code >= 500 }', limit: '20', ...lastHourS() }),
    parse: (b) => tempoParse.parseSearchResponse(b, 20),
  },
  { fixture: 'search_tags.json', path: '/api/search/tags', parse: tempoParse.parseTagNamesResponse },
  { fixture: 'search_tag_service_name_values.json', path: '/api/search/tag/service.name/values', parse: tempoParse.parseTagValuesV1Response },
  { fixture: 'search_tag_http_status_code_values.json', path: '/api/search/tag/http.response.status_code/values', parse: tempoParse.parseTagValuesV1Response },
  { fixture: 'v2_search_tag_service_name_values.json', path: '/api/v2/search/tag/.service.name/values', parse: tempoParse.parseTagValuesV2Response },
  { fixture: 'v2_search_tag_resource_service_name_values.json', path: '/api/v2/search/tag/resource.service.name/values', parse: tempoParse.parseTagValuesV2Response },
  {
    fixture: 'v2_search_tag_span_http_status_code_values.json',
    path: '/api/v2/search/tag/span.http.response.status_code/values',
    parse: tempoParse.parseTagValuesV2Response,
  },
  { fixture: 'v2_search_tag_status_values.json', path: '/api/v2/search/tag/status/values', parse: tempoParse.parseTagValuesV2Response },
  { fixture: 'before-flush/v2_search_tag_service_name_values.json', path: '/api/v2/search/tag/.service.name/values' },
];

const connect = (method: string, body: () => unknown, extra: Partial<Case> = {}): Case => ({
  fixture: `connect_${method}.json`,
  method: 'POST',
  path: `/querier.v1.QuerierService/${method.split('_')[0]}`,
  body,
  ...extra,
});
const pyroRange = () => ({ start: nowMs - HOUR, end: nowMs });
const PYROSCOPE: Case[] = [
  connect('ProfileTypes', () => ({}), { parse: pyroParse.parseProfileTypesResponse }),
  connect('LabelNames', () => ({}), { parse: (b) => pyroParse.parseNamesResponse(b, 'label names') }),
  connect('LabelNames_matchers', () => ({ matchers: [`{service_name="${incident.service}"}`] }), { parse: (b) => pyroParse.parseNamesResponse(b, 'label names') }),
  connect('LabelValues_service_name', () => ({ name: 'service_name' }), { parse: (b) => pyroParse.parseNamesResponse(b, 'label values') }),
  connect('LabelValues_env', () => ({ name: '__profile_type__', matchers: [`{service_name="${incident.service}"}`] }), {
    parse: (b) => pyroParse.parseNamesResponse(b, 'label values'),
  }),
  connect('Series', () => ({ matchers: ['{service_name=~"payment|order|gateway"}'] }), { parse: pyroParse.parseSeriesResponse }),
  connect('Series_labelNames', () => ({ matchers: ['{service_name=~"payment|order|gateway"}'], labelNames: ['service_name', '__profile_type__'] }), {
    parse: pyroParse.parseSeriesResponse,
  }),
  connect('SelectMergeStacktraces_checkout_cpu', () => ({ profileTypeID: CPU, labelSelector: `{service_name="${incident.service}"}`, ...pyroRange() }), {
    parse: (b) => pyroParse.parseSelectMergeResponse(b, 'nanoseconds'),
  }),
  connect('SelectMergeStacktraces_loki_cpu', () => ({ profileTypeID: CPU, labelSelector: '{service_name="gateway"}', ...pyroRange(), maxNodes: 512 }), {
    parse: (b) => pyroParse.parseSelectMergeResponse(b, 'nanoseconds'),
  }),
  connect(
    'SelectMergeStacktraces_tempo_inuse_space',
    () => ({ profileTypeID: memoryType(), labelSelector: `{service_name="${incident.service}"}`, ...pyroRange(), maxNodes: 256 }),
    { parse: (b) => pyroParse.parseSelectMergeResponse(b, 'bytes') },
  ),
  connect('SelectMergeStacktraces_empty', () => ({ profileTypeID: CPU, labelSelector: '{service_name="nope"}', ...pyroRange() }), { exact: true }),
  connect('SelectMergeStacktraces_bad_selector', () => ({ profileTypeID: CPU, labelSelector: '{service_name=', ...pyroRange() }), { exact: true }),
  connect('SelectSeries_cpu_by_service', () => ({ profileTypeID: CPU, labelSelector: '{}', ...pyroRange(), groupBy: ['service_name'], step: 15 }), {
    mapPaths: [],
    parse: pyroParse.parseSelectSeriesResponse,
  }),
  {
    fixture: 'render_checkout_cpu.json',
    path: '/pyroscope/render',
    params: () => ({ query: `${CPU}{service_name="${incident.service}"}`, from: 'now-1h', until: 'now', format: 'json' }),
    parse: (b) => pyroParse.parseRenderResponse(b),
  },
  {
    fixture: 'render_loki_cpu_maxnodes.json',
    path: '/pyroscope/render',
    params: () => ({ query: `${CPU}{service_name="gateway"}`, from: 'now-1h', until: 'now', format: 'json', 'max-nodes': '256' }),
    parse: (b) => pyroParse.parseRenderResponse(b),
  },
  {
    fixture: 'render_pyroscope_self_cpu.json',
    path: '/pyroscope/render',
    params: () => ({ query: `${CPU}{service_name="order"}`, from: 'now-15m', until: 'now', format: 'json', 'max-nodes': '256' }),
    parse: (b) => pyroParse.parseRenderResponse(b),
  },
  { fixture: 'label_values_legacy.json', path: '/pyroscope/label-values', params: () => ({ label: 'service_name' }), exact: true },
  { fixture: 'label_values_legacy_name.json', path: '/pyroscope/label-values', params: () => ({ label: '__name__' }), parse: pyroParse.parseLegacyLabelValuesResponse },
  { fixture: 'status_buildinfo.json', path: '/api/v1/status/buildinfo', parse: pyroParse.parseBuildInfoResponse },
];

function memoryType(): string {
  const types = stack.fleet.profiles.profileTypes();
  return (types.find((t) => t.sampleType === 'inuse_space') ?? types.find((t) => t.name === 'memory') ?? types[0]).id;
}

/** Recorded error bodies that are not JSON despite the name: compared in 'demo error bodies' below. */
const CHECKED_AS_TEXT: Record<Backend, string[]> = { prometheus: [], loki: ['query_error_bad_logql.json'], tempo: [], pyroscope: [] };

/** Recorded files the demo has no endpoint for, and why. */
const NOT_SERVED: Record<Backend, Record<string, string>> = {
  prometheus: {
    'targets.json': 'the demo has no scrape targets',
    'targets_metadata.json': 'the demo has no scrape targets',
  },
  loki: {
    'prometheus_rules.json': "Loki's ruler API: the demo's alert rules live in its Prometheus",
    'prometheus_alerts.json': "Loki's ruler API: the demo's alerts live in its Prometheus",
  },
  tempo: {},
  pyroscope: {
    'connect_SelectMergeProfile_checkout_cpu.json': 'pprof export is not served',
    'connect_Diff_checkout_1h_vs_last35s.json': 'diff flame graphs are not served',
    'render_diff.json': 'diff flame graphs are not served',
  },
};

const CASES: Record<Backend, Case[]> = { prometheus: PROMETHEUS, loki: LOKI, tempo: TEMPO, pyroscope: PYROSCOPE };

async function ask(backend: Backend, c: Case): Promise<{ status: number; contentType: string; text: string }> {
  const path = typeof c.path === 'function' ? c.path() : c.path;
  const url = new URL(stack.urls[backend] + path);
  for (const [key, value] of Object.entries(c.params?.() ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, v);
  }
  const init: RequestInit = { method: c.method ?? 'GET' };
  if (c.body) {
    const body = c.body();
    if (body instanceof URLSearchParams) init.body = body;
    else {
      init.body = JSON.stringify(body);
      init.headers = { 'Content-Type': 'application/json' };
    }
  }
  const response = await fetch(url, init);
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

function manifestStatus(backend: Backend, fixture: string): number {
  const dir = fixture.includes('/') ? `${backend}/${fixture.split('/')[0]}` : backend;
  const file = fixture.split('/').at(-1);
  const manifest = readFixtureJson(dir, 'manifest.json') as { file: string; status: number }[];
  const entry = manifest.find((e) => e.file === file);
  if (!entry) throw new Error(`${fixture} is not in the ${dir} manifest`);
  return entry.status;
}

describe.each(Object.keys(CASES) as Backend[])('demo %s answers like the real one', (backend) => {
  it('covers every recorded JSON fixture (or says why not)', () => {
    const covered = new Set(CASES[backend].map((c) => c.fixture));
    const recorded = readdirSync(fixturePath(backend)).filter((f) => f.endsWith('.json') && f !== 'manifest.json');
    const uncovered = recorded.filter((f) => !covered.has(f) && !(f in NOT_SERVED[backend]) && !CHECKED_AS_TEXT[backend].includes(f));
    expect(uncovered).toEqual([]);
  });

  it.each(CASES[backend].map((c) => [c.fixture, c] as const))('%s', async (_name, c) => {
    const real = readFixtureJson(backend, ...c.fixture.split('/'));
    const demo = await ask(backend, c);
    expect(demo.status, demo.text.slice(0, 500)).toBe(manifestStatus(backend, c.fixture));
    const demoJson: unknown = JSON.parse(demo.text);
    if (c.exact) {
      expect(demoJson).toEqual(real);
      return;
    }
    const options = { mapPaths: c.mapPaths ?? [] };
    expect(missingFromShape(shapeOf(real, options), shapeOf(demoJson, options), c.ignore)).toEqual([]);
    if (c.parse) expect(() => c.parse?.(demoJson)).not.toThrow();
  });
});

describe('demo error bodies match the recorded text formats', () => {
  it('Loki: 400 with a JSON content type and a plain-text body', async () => {
    const demo = await ask('loki', { fixture: '', path: '/loki/api/v1/query_range', params: () => ({ query: '{job="shop"', ...lastHourNs() }) });
    expect(demo.status).toBe(400);
    expect(demo.contentType).toBe('application/json; charset=UTF-8');
    expect(() => JSON.parse(demo.text)).toThrow();
    expect(demo.text).toMatch(/^parse error/);
    expect(readFixture('loki', 'query_error_bad_logql.json')).toMatch(/^parse error/);
  });

  it('Tempo: trace not found, bad id and bad TraceQL', async () => {
    const missing = await ask('tempo', { fixture: '', path: '/api/traces/0123456789abcdef0123456789abcdef' });
    expect([missing.status, missing.text]).toEqual([404, readFixture('tempo', 'traces_by_id_not_found.txt')]);
    const badId = await ask('tempo', { fixture: '', path: '/api/traces/not-a-trace-id' });
    expect([badId.status, badId.text]).toEqual([400, readFixture('tempo', 'traces_by_id_bad_id.txt')]);
    const badQuery = await ask('tempo', { fixture: '', path: '/api/search', params: () => ({ q: '{ .service.name = ', ...lastHourS() }) });
    expect([badQuery.status, badQuery.text]).toEqual([400, readFixture('tempo', 'search_traceql_bad.txt')]);
    expect((await ask('tempo', { fixture: '', path: '/api/echo' })).text).toBe(readFixture('tempo', 'echo.txt'));
    expect((await ask('tempo', { fixture: '', path: '/ready' })).text).toBe(readFixture('tempo', 'ready.txt'));
  });

  it('Pyroscope: render without a query; readiness', async () => {
    const demo = await ask('pyroscope', { fixture: '', path: '/pyroscope/render', params: () => ({ from: 'now-1h', until: 'now' }) });
    expect([demo.status, demo.text]).toEqual([400, readFixture('pyroscope', 'render_missing_query.txt')]);
    expect((await ask('pyroscope', { fixture: '', path: '/ready' })).text).toBe(readFixture('pyroscope', 'ready.txt'));
    expect((await ask('loki', { fixture: '', path: '/ready' })).text).toBe(readFixture('loki', 'ready.txt'));
  });
});

describe('demo Alertmanager answers what the console parses', () => {
  it('alerts and status', async () => {
    const alerts = JSON.parse((await fetch(`${stack.urls.alertmanager}/api/v2/alerts`).then((r) => r.text())) || 'null') as unknown;
    const parsed = parseAmAlerts(alerts);
    expect(parsed.length).toBeGreaterThan(0);
    expect(parsed.every((a) => a.source === 'alertmanager')).toBe(true);
    const status = JSON.parse(await fetch(`${stack.urls.alertmanager}/api/v2/status`).then((r) => r.text())) as unknown;
    expect(() => parseAmStatus(status)).not.toThrow();
  });
});
