// Prometheus HTTP API v1 (as Prometheus 2.42 answers it, see fixtures/prometheus) over the simulated fleet.
// https://prometheus.io/docs/prometheus/latest/querying/api/
import type http from 'node:http';
import type { Fleet } from '../contract';
import { QueryError, type LabelMatcher, type Labels, type MetricStore, type RawSeries } from '../query/types';
import { withAlertSeries, type AlertEvaluator, type RuleStatus } from './alerts';
import type { EvalBudget, Engines } from './engines';
import { createDemoServer, HttpError, json, rawJson, text, type DemoRequest, type DemoResponse, type Route } from './http-util';
import { labelsKey, matchesOne, sortedLabels } from './matchers';
import { inferFamilies } from './metric-families';
import { exportOpenMetrics, OPENMETRICS_CONTENT_TYPE, renderExposition } from './openmetrics';
import { formatGoExp, formatPromFloat, parseDecimal, parsePromDurationMs, parseRfc3339Ns, promResultToWire, rfc3339Nano } from './wire';

export interface PrometheusServerOptions {
  fleet: Fleet;
  engines: Engines;
  alerts: AlertEvaluator;
  now: () => number;
  /** Prometheus' --query.timeout. */
  queryTimeoutMs?: number;
  /** How far back the simulation holds data (series/labels without start use it). */
  retentionMs?: number;
  /**
   * How far back exemplars reach. A real Prometheus keeps a ring buffer (storage.exemplars.max-exemplars, 100,000):
   * with this fleet's ~3,000 exemplars an hour that is about a day.
   */
  exemplarWindowMs?: number;
  startedAtMs?: number;
}

const MAX_POINTS = 11_000;
const MAX_EXEMPLARS = 100_000;
const DEFAULT_RETENTION_MS = 35 * 86_400_000;
/** /api/v1/series, /labels without start/end look at this recent window (not all of history) to stay cheap. */
const DEFAULT_METADATA_WINDOW_MS = 3_600_000;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const BUILD_INFO = {
  version: '2.42.0',
  revision: 'weft-demo',
  branch: 'weft-demo',
  buildUser: 'weft',
  buildDate: '20260101-00:00:00',
  goVersion: 'go1.19.8',
};

type ErrorType = 'bad_data' | 'execution' | 'timeout' | 'canceled' | 'internal' | 'not_found' | 'unavailable';

class PromApiError extends HttpError {
  constructor(
    readonly errorType: ErrorType,
    message: string,
  ) {
    super(statusFor(errorType), message, errorType);
  }
}

function statusFor(errorType: ErrorType): number {
  switch (errorType) {
    case 'bad_data':
      return 400;
    case 'execution':
      return 422;
    case 'timeout':
    case 'unavailable':
      return 503;
    case 'canceled':
      return 499;
    case 'not_found':
      return 404;
    default:
      return 500;
  }
}

function invalidParam(name: string, message: string): PromApiError {
  return new PromApiError('bad_data', `invalid parameter "${name}": ${message}`);
}

export function renderPromError(error: unknown): DemoResponse {
  if (error instanceof PromApiError) {
    return json(error.status, { status: 'error', errorType: error.errorType, error: error.message });
  }
  if (error instanceof HttpError) {
    return json(error.status, { status: 'error', errorType: error.status === 413 ? 'bad_data' : 'internal', error: error.message });
  }
  if (error instanceof QueryError) {
    const mapped = queryErrorToApi(error);
    return json(mapped.status, { status: 'error', errorType: mapped.errorType, error: mapped.message });
  }
  return json(500, { status: 'error', errorType: 'internal', error: 'internal error in the demo Prometheus' });
}

function queryErrorToApi(error: QueryError): PromApiError {
  if (error.kind === 'execution') {
    if (/deadline|timed? ?out/i.test(error.message)) return new PromApiError('timeout', `query timed out in expression evaluation`);
    return new PromApiError('execution', error.message);
  }
  // Parse errors and constructs the demo engine does not support: Prometheus reports both as bad_data.
  return invalidParam('query', error.message);
}

function success(data: unknown): DemoResponse {
  return json(200, { status: 'success', data });
}

/** Prometheus parseTime: float unix seconds or RFC3339(Nano). */
export function parsePromTime(value: string, name: string): number {
  const seconds = parseDecimal(value);
  if (seconds !== null) {
    const whole = Math.trunc(seconds);
    return whole * 1000 + Math.round((seconds - whole) * 1000);
  }
  const ns = parseRfc3339Ns(value);
  if (ns !== null) return Number(ns / 1_000_000n);
  throw invalidParam(name, `cannot parse ${JSON.stringify(value)} to a valid timestamp`);
}

function timeParam(request: DemoRequest, name: string, fallbackMs: number): number {
  const value = request.params.get(name);
  if (value === undefined || value === '') return fallbackMs;
  return parsePromTime(value, name);
}

/** Prometheus parseDuration: float seconds or a Prometheus duration ("15s", "1m30s"). */
export function parsePromDurationParam(value: string, name: string): number {
  const seconds = parseDecimal(value);
  if (seconds !== null) return Math.round(seconds * 1000);
  const ms = parsePromDurationMs(value);
  if (ms !== null) return ms;
  throw invalidParam(name, `cannot parse ${JSON.stringify(value)} to a valid duration`);
}

function formatAlert(alert: RuleStatus['alerts'][number]) {
  return {
    labels: alert.labels,
    annotations: alert.annotations,
    state: alert.state,
    activeAt: rfc3339Nano(alert.activeAtMs),
    value: formatGoExp(alert.value),
  };
}

export function createPrometheusRoutes(options: PrometheusServerOptions): Route[] {
  const { fleet, engines, alerts, now } = options;
  const queryTimeoutMs = options.queryTimeoutMs ?? 120_000;
  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  const exemplarWindowMs = options.exemplarWindowMs ?? 86_400_000;
  const startedAtMs = options.startedAtMs ?? now();
  const store: MetricStore = withAlertSeries(fleet.metrics, alerts);

  const budgetFor = (request: DemoRequest): EvalBudget => {
    const timeout = request.params.get('timeout');
    const ms = timeout ? Math.min(parsePromDurationParam(timeout, 'timeout'), queryTimeoutMs) : queryTimeoutMs;
    return { deadlineMs: Date.now() + ms, signal: request.signal };
  };

  const requireQuery = (request: DemoRequest): string => {
    const query = request.params.get('query') ?? '';
    if (query.trim() === '') throw invalidParam('query', '1:1: parse error: no expression found in input');
    return query;
  };

  const parseMatchers = (request: DemoRequest): LabelMatcher[][] =>
    request.params.getAll('match[]').map((m) => {
      try {
        const matchers = engines.parseSelector(m);
        if (!matchers.some((x) => !matchesOne('', x))) {
          throw new PromApiError('bad_data', 'match[] must contain at least one non-empty matcher');
        }
        return matchers;
      } catch (error) {
        if (error instanceof QueryError) throw invalidParam('match[]', error.message);
        throw error;
      }
    });

  const metadataRange = (request: DemoRequest): { startMs: number; endMs: number } => {
    const nowMs = now();
    const endMs = Math.min(timeParam(request, 'end', nowMs), nowMs);
    const defaultStart = request.params.get('end') ? endMs - DEFAULT_METADATA_WINDOW_MS : nowMs - DEFAULT_METADATA_WINDOW_MS;
    const startMs = Math.max(timeParam(request, 'start', defaultStart), nowMs - retentionMs);
    if (endMs < startMs) return { startMs: endMs, endMs };
    return { startMs, endMs };
  };

  /**
   * Series for /series, /labels and /label/values with match[]. A real Prometheus answers from its index; here the
   * simulation's catalogue of series is the same at every moment, so its series are read from the last hour of the
   * range only (not a month of samples), while the ALERTS series, which come and go, are read over the whole range.
   */
  const alertSeriesOnly = withAlertSeries({ select: () => [], labelNames: () => [], labelValues: () => [] }, alerts);
  const selectMany = (selectors: LabelMatcher[][], startMs: number, endMs: number): RawSeries[] => {
    const seen = new Map<string, RawSeries>();
    for (const matchers of selectors) {
      for (const s of fleet.metrics.select(matchers, Math.max(startMs, endMs - DEFAULT_METADATA_WINDOW_MS), endMs)) seen.set(labelsKey(s.labels), s);
      for (const s of alertSeriesOnly.select(matchers, startMs, endMs)) seen.set(labelsKey(s.labels), s);
    }
    return [...seen.values()];
  };

  const routes: Route[] = [
    {
      methods: ['GET', 'POST'],
      path: '/api/v1/query',
      handler: (request) => {
        const query = requireQuery(request);
        const timeMs = timeParam(request, 'time', now());
        return success(promResultToWire(engines.promInstant(query, timeMs, store, budgetFor(request))));
      },
    },
    {
      methods: ['GET', 'POST'],
      path: '/api/v1/query_range',
      handler: async (request) => {
        const startMs = parsePromTime(request.params.get('start') ?? '', 'start');
        const endMs = parsePromTime(request.params.get('end') ?? '', 'end');
        if (endMs < startMs) throw new PromApiError('bad_data', 'end timestamp must not be before start time');
        const stepMs = parsePromDurationParam(request.params.get('step') ?? '', 'step');
        if (stepMs <= 0) {
          throw new PromApiError('bad_data', 'zero or negative query resolution step widths are not accepted. Try a positive integer');
        }
        if ((endMs - startMs) / stepMs > MAX_POINTS) {
          throw new PromApiError(
            'bad_data',
            'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
          );
        }
        const query = requireQuery(request);
        const result = await engines.promRange(query, startMs, endMs, stepMs, store, budgetFor(request));
        return success(promResultToWire(result));
      },
    },
    {
      methods: ['GET', 'POST'],
      path: '/api/v1/query_exemplars',
      handler: (request) => {
        const nowMs = now();
        const requestedStartMs = timeParam(request, 'start', nowMs - retentionMs);
        const endMs = timeParam(request, 'end', nowMs);
        if (endMs < requestedStartMs) throw new PromApiError('bad_data', 'end timestamp must not be before start time');
        // Older exemplars have left the ring buffer.
        const startMs = Math.max(requestedStartMs, nowMs - exemplarWindowMs);
        const query = requireQuery(request);
        let selectors: LabelMatcher[][];
        try {
          selectors = engines.extractSelectors(query);
        } catch (error) {
          if (error instanceof QueryError) throw invalidParam('query', error.message);
          throw error;
        }
        const merged = new Map<string, { seriesLabels: Labels; exemplars: { labels: Labels; value: string; timestamp: number }[] }>();
        let count = 0;
        for (const matchers of endMs >= startMs ? selectors : []) {
          for (const entry of fleet.exemplars(matchers, startMs, endMs)) {
            const key = labelsKey(entry.seriesLabels);
            if (merged.has(key)) continue;
            const exemplars = entry.exemplars
              .filter((e) => e.timestampMs >= startMs && e.timestampMs <= endMs)
              .sort((a, b) => a.timestampMs - b.timestampMs)
              .map((e) => ({ labels: e.labels, value: formatPromFloat(e.value), timestamp: e.timestampMs / 1000 }));
            if (exemplars.length === 0 || count >= MAX_EXEMPLARS) continue;
            const kept = exemplars.slice(Math.max(0, exemplars.length - (MAX_EXEMPLARS - count)));
            count += kept.length;
            merged.set(key, { seriesLabels: sortedLabels(entry.seriesLabels), exemplars: kept });
          }
        }
        return success([...merged.values()]);
      },
    },
    {
      methods: ['GET', 'POST'],
      path: '/api/v1/series',
      handler: (request) => {
        if (request.params.getAll('match[]').length === 0) throw new PromApiError('bad_data', 'no match[] parameter provided');
        const selectors = parseMatchers(request);
        const { startMs, endMs } = metadataRange(request);
        const series = selectMany(selectors, startMs, endMs)
          .map((s) => sortedLabels(s.labels))
          .sort((a, b) => compareLabelSets(a, b));
        return success(series);
      },
    },
    {
      methods: ['GET', 'POST'],
      path: '/api/v1/labels',
      handler: (request) => {
        const { startMs, endMs } = metadataRange(request);
        if (request.params.getAll('match[]').length === 0) return success(store.labelNames(startMs, endMs).slice().sort());
        const names = new Set<string>();
        for (const s of selectMany(parseMatchers(request), startMs, endMs)) for (const name of Object.keys(s.labels)) names.add(name);
        return success([...names].sort());
      },
    },
    {
      methods: ['GET'],
      path: /^\/api\/v1\/label\/([^/]+)\/values$/,
      handler: (request) => {
        const name = request.pathParams[0];
        if (!LABEL_NAME.test(name)) throw new PromApiError('bad_data', `invalid label name: ${JSON.stringify(name)}`);
        const { startMs, endMs } = metadataRange(request);
        if (request.params.getAll('match[]').length === 0) return success(store.labelValues(name, startMs, endMs).slice().sort());
        const values = new Set<string>();
        for (const s of selectMany(parseMatchers(request), startMs, endMs)) if (s.labels[name] !== undefined) values.add(s.labels[name]);
        return success([...values].sort());
      },
    },
    {
      methods: ['GET'],
      path: '/api/v1/alerts',
      handler: () => success({ alerts: alerts.current().flatMap((r) => r.alerts.map(formatAlert)) }),
    },
    {
      methods: ['GET'],
      path: '/api/v1/rules',
      handler: (request) => {
        const type = (request.params.get('type') ?? '').toLowerCase();
        if (type !== '' && type !== 'alert' && type !== 'record') throw invalidParam('type', `not supported value ${JSON.stringify(type)}`);
        const ruleNames = new Set(request.params.getAll('rule_name[]'));
        const groupNames = new Set(request.params.getAll('rule_group[]'));
        const excludeAlerts = request.params.get('exclude_alerts') === 'true';
        if (type === 'record') return success({ groups: [] });
        const groups = new Map<string, RuleStatus[]>();
        for (const status of alerts.current()) {
          if (ruleNames.size > 0 && !ruleNames.has(status.rule.name)) continue;
          if (groupNames.size > 0 && !groupNames.has(status.rule.group)) continue;
          const list = groups.get(status.rule.group) ?? [];
          list.push(status);
          groups.set(status.rule.group, list);
        }
        return success({
          groups: [...groups.entries()].map(([name, statuses]) => ({
            name,
            file: '/etc/weft-demo/rules.yml',
            rules: statuses.map((s) => ({
              state: s.state,
              name: s.rule.name,
              query: s.rule.expr,
              duration: s.rule.forSeconds,
              keepFiringFor: 0,
              labels: s.rule.labels,
              annotations: s.rule.annotations,
              ...(excludeAlerts ? {} : { alerts: s.alerts.map(formatAlert) }),
              health: s.health,
              ...(s.lastError ? { lastError: s.lastError } : {}),
              evaluationTime: s.evaluationTimeSeconds,
              lastEvaluation: rfc3339Nano(s.lastEvaluationMs),
              type: 'alerting',
            })),
            interval: alerts.intervalMs / 1000,
            limit: 0,
            evaluationTime: statuses.reduce((sum, s) => sum + s.evaluationTimeSeconds, 0),
            lastEvaluation: rfc3339Nano(statuses[0]?.lastEvaluationMs ?? alerts.nowTickMs()),
          })),
        });
      },
    },
    { methods: ['GET'], path: '/api/v1/status/buildinfo', handler: () => success(BUILD_INFO) },
    {
      methods: ['GET'],
      path: '/api/v1/status/runtimeinfo',
      handler: () =>
        success({
          startTime: rfc3339Nano(startedAtMs),
          CWD: process.cwd(),
          reloadConfigSuccess: true,
          lastConfigTime: rfc3339Nano(Math.floor(startedAtMs / 1000) * 1000),
          corruptionCount: 0,
          goroutineCount: 42,
          GOMAXPROCS: 2,
          GOGC: '',
          GODEBUG: '',
          storageRetention: `${Math.round(retentionMs / 86_400_000)}d`,
        }),
    },
    {
      methods: ['GET'],
      path: '/api/v1/status/flags',
      handler: () =>
        success({
          'enable-feature': 'exemplar-storage',
          'query.lookback-delta': '5m',
          'query.max-samples': '50000000',
          'query.timeout': `${Math.round(queryTimeoutMs / 1000)}s`,
          'rules.alert.for-grace-period': '10m',
          'storage.tsdb.retention.time': `${Math.round(retentionMs / 86_400_000)}d`,
        }),
    },
    {
      methods: ['GET'],
      path: '/api/v1/status/config',
      handler: () =>
        success({
          yaml:
            `global:\n  scrape_interval: 15s\n  scrape_timeout: 10s\n  evaluation_interval: ${alerts.intervalMs / 1000}s\n` +
            `rule_files:\n- /etc/weft-demo/rules.yml\n`,
        }),
    },
    {
      methods: ['GET'],
      path: '/api/v1/status/tsdb',
      handler: () => success(tsdbStatus(fleet, now())),
    },
    {
      methods: ['GET'],
      path: '/api/v1/metadata',
      handler: (request) => {
        const nowMs = now();
        const series = fleet.metrics.select([{ name: '__name__', type: '=~', value: '.+' }], nowMs - 5 * 60_000, nowMs);
        const families = inferFamilies(series);
        const limitText = request.params.get('limit');
        const limit = limitText ? Number(limitText) : -1;
        if (limitText && !Number.isInteger(limit)) throw new PromApiError('bad_data', 'limit must be a number');
        const metric = request.params.get('metric');
        const out: Record<string, { type: string; help: string; unit: string }[]> = {};
        for (const name of [...families.keys()].sort()) {
          if (metric && metric !== name) continue;
          if (limit >= 0 && Object.keys(out).length >= limit) break;
          const family = families.get(name);
          if (family) out[name] = [{ type: family.type, help: family.help, unit: '' }];
        }
        return success(out);
      },
    },
    {
      methods: ['GET'],
      path: '/metrics',
      handler: (request) => {
        const withTimestamps = request.params.get('timestamps') === 'true' || request.params.get('timestamps') === '1';
        return text(200, renderExposition(fleet, now(), { withTimestamps }), OPENMETRICS_CONTENT_TYPE);
      },
    },
    {
      methods: ['GET'],
      path: '/api/v1/export/openmetrics',
      handler: (request) => {
        const nowMs = now();
        const endMs = Math.min(timeParam(request, 'end', nowMs), nowMs);
        const startMs = timeParam(request, 'start', endMs - 3_600_000);
        if (endMs < startMs) throw new PromApiError('bad_data', 'end timestamp must not be before start time');
        if (startMs < nowMs - retentionMs - 86_400_000) throw invalidParam('start', 'before the start of the simulated history');
        const stepText = request.params.get('step');
        const stepMs = stepText ? parsePromDurationParam(stepText, 'step') : undefined;
        if (stepMs !== undefined && stepMs <= 0) throw invalidParam('step', 'must be positive');
        const matchers = request.params.getAll('match[]').length > 0 ? parseMatchers(request) : undefined;
        return rawJson(200, exportOpenMetrics(fleet, { startMs, endMs, stepMs, matchers }), OPENMETRICS_CONTENT_TYPE);
      },
    },
    { methods: ['GET', 'HEAD'], path: '/-/ready', handler: () => text(200, 'Prometheus Server is Ready.\n') },
    { methods: ['GET', 'HEAD'], path: '/-/healthy', handler: () => text(200, 'Prometheus Server is Healthy.\n') },
  ];
  return routes;
}

function compareLabelSets(a: Labels, b: Labels): number {
  const ka = labelsKey(a);
  const kb = labelsKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function topTen(counts: Map<string, number>): { name: string; value: number }[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 10)
    .map(([name, value]) => ({ name, value }));
}

function tsdbStatus(fleet: Fleet, nowMs: number) {
  const headStartMs = Math.floor(nowMs / 7_200_000) * 7_200_000 - 3_600_000;
  const series = fleet.metrics.select([{ name: '__name__', type: '=~', value: '.+' }], nowMs - 5 * 60_000, nowMs);
  const byName = new Map<string, number>();
  const valuesByLabel = new Map<string, Set<string>>();
  const bytesByLabel = new Map<string, number>();
  const byPair = new Map<string, number>();
  for (const s of series) {
    byName.set(s.labels.__name__, (byName.get(s.labels.__name__) ?? 0) + 1);
    for (const [name, value] of Object.entries(s.labels)) {
      let values = valuesByLabel.get(name);
      if (!values) {
        values = new Set();
        valuesByLabel.set(name, values);
      }
      if (!values.has(value)) {
        values.add(value);
        bytesByLabel.set(name, (bytesByLabel.get(name) ?? 0) + value.length);
      }
      const pair = `${name}=${value}`;
      byPair.set(pair, (byPair.get(pair) ?? 0) + 1);
    }
  }
  const maxTime = series.reduce((max, s) => Math.max(max, s.timestampsMs[s.timestampsMs.length - 1] ?? 0), 0);
  return {
    headStats: {
      numSeries: series.length,
      numLabelPairs: byPair.size,
      chunkCount: series.length,
      minTime: headStartMs,
      maxTime: maxTime || nowMs,
    },
    seriesCountByMetricName: topTen(byName),
    labelValueCountByLabelName: topTen(new Map([...valuesByLabel.entries()].map(([k, v]) => [k, v.size]))),
    memoryInBytesByLabelName: topTen(bytesByLabel),
    seriesCountByLabelValuePair: topTen(byPair),
  };
}

export function createPrometheusServer(options: PrometheusServerOptions): http.Server {
  return createDemoServer({ name: 'prometheus', routes: createPrometheusRoutes(options), renderError: renderPromError });
}
