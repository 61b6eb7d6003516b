// The alert view's data, fanned out in parallel: the rule (Prometheus rules API), the instance's current state
// (alerts API), its firing episodes (ALERTS), the plotted expression and its exemplars (after the rule), and the
// slowest and failed traces of the alert's service from Tempo. Each part is ok or its own error.
import type { AlertmanagerClient } from '../../datasources/alertmanager/client';
import type { PrometheusClient } from '../../datasources/prometheus/client';
import type { TempoClient } from '../../datasources/tempo/client';
import { alignRange, stepForRange, toChartSeries } from '../../charts/series-data';
import { settleSource, type SourceResult } from '../../correlate/source-result';
import type { Alert, Labels } from '../../model/metrics';
import { isValidLabelName, labelMatcher, selector, type LabelMatcherSpec } from '../../query-lang/promql';
import { attributeCondition, spansetFilter, statusCondition } from '../../query-lang/traceql';
import { labelsInclude } from './alert-ref';
import { findAlertingRule, runbookUrl } from './alert-rule';
import { firingRuns } from './alert-runs';
import { chartSeriesOfExemplar, exemplarsOfAlert, expressionLabels, sampleExemplars, seriesOfAlert, valueOnSeries } from './alert-series';
import { serviceOfAlert } from './alert-service';
import { alertComparison } from './alert-threshold';
import { traceHref } from './alert-window';
import { exprUnit, metricUnit, readsSeries } from './expr-unit';
import type { AlertChartData, AlertDetailResponse, AlertExemplar, AlertExemplars, AlertInstanceInfo, AlertRuleInfo, AlertTraces } from './types';

export interface AlertDetailSources {
  prometheus: Pick<PrometheusClient, 'alerts' | 'rules' | 'queryRange' | 'queryExemplars'>;
  alertmanager: Pick<AlertmanagerClient, 'alerts'> | null;
  tempo: Pick<TempoClient, 'search'>;
}

export interface AlertDetailRequest {
  name: string;
  labels: Labels;
  fromMs: number;
  toMs: number;
}

export interface AlertDetailOptions {
  signal?: AbortSignal;
  /** Most series on the chart. */
  maxSeries?: number;
  /** Exemplars sent to the page: the highest few of each of this many time buckets. */
  exemplarBuckets?: number;
  exemplarsPerBucket?: number;
  /** Traces listed in each of "slowest" and "failed". */
  traceLimit?: number;
  /** Traces fetched to pick the slowest from (Tempo search does not sort by duration). */
  slowestPool?: number;
}

export const DEFAULT_MAX_SERIES = 20;
export const DEFAULT_EXEMPLAR_BUCKETS = 60;
export const DEFAULT_EXEMPLARS_PER_BUCKET = 4;
export const DEFAULT_TRACE_LIMIT = 10;
export const DEFAULT_SLOWEST_POOL = 100;

/** ALERTS{alertname="<name>", alertstate="firing", <the alert's labels>}: only names PromQL can hold go in. */
export function alertHistorySelector(name: string, labels: Labels): string {
  const matchers: LabelMatcherSpec[] = [
    { name: 'alertname', value: name },
    { name: 'alertstate', value: 'firing' },
  ];
  for (const [labelName, value] of Object.entries(labels)) {
    if (labelName === 'alertname' || labelName === 'alertstate' || !isValidLabelName(labelName)) continue;
    matchers.push({ name: labelName, value });
  }
  return selector('ALERTS', matchers);
}

/** TraceQL for the service's spans, or only its failed ones; the name goes through the escaper. */
export function serviceTraceql(service: string, failedOnly: boolean): string {
  const conditions = [attributeCondition('resource', 'service.name', '=', service)];
  if (failedOnly) conditions.push(statusCondition('error'));
  return spansetFilter(conditions);
}

function instanceOf(alerts: readonly Alert[], name: string, labels: Labels): AlertInstanceInfo | null {
  // The most urgent matching instance: firing before suppressed before pending.
  const rank = { firing: 0, suppressed: 1, pending: 2, resolved: 3, inactive: 4 } as const;
  const match = alerts
    .filter((alert) => alert.name === name && labelsInclude(alert.labels, labels))
    .sort((a, b) => rank[a.state] - rank[b.state])[0];
  if (!match) return null;
  return {
    state: match.state,
    source: match.source,
    labels: match.labels,
    annotations: match.annotations,
    activeAtMs: match.activeAtMs ?? null,
    value: match.value !== undefined && Number.isFinite(match.value) ? match.value : null,
  };
}

export async function loadAlertDetail(
  sources: AlertDetailSources,
  request: AlertDetailRequest,
  options: AlertDetailOptions = {},
): Promise<AlertDetailResponse> {
  const { name, labels, fromMs, toMs } = request;
  const opts = { signal: options.signal };
  const stepMs = stepForRange(fromMs, toMs, 240);
  const grid = alignRange(fromMs, toMs, stepMs);
  const service = serviceOfAlert(labels);
  const traceLimit = options.traceLimit ?? DEFAULT_TRACE_LIMIT;

  const rulePromise = settleSource('prometheus', async (): Promise<AlertRuleInfo | null> => {
    const match = findAlertingRule(await sources.prometheus.rules({ type: 'alert' }, opts), name, labels);
    if (!match) return null;
    const { rule } = match;
    return {
      group: rule.group,
      name: rule.name,
      query: rule.query,
      forSeconds: rule.durationSeconds,
      labels: rule.labels,
      annotations: rule.annotations,
      runbookUrl: runbookUrl(rule.annotations),
      health: rule.health,
      comparison: alertComparison(rule.query),
      alsoMatching: match.alsoMatching,
      labelsMatched: match.labelsMatched,
    };
  });

  const alertmanager = sources.alertmanager;
  const instancePromise = alertmanager
    ? settleSource('alertmanager', async () => instanceOf(await alertmanager.alerts({ filter: [labelMatcher('alertname', '=', name)] }, opts), name, labels))
    : settleSource('prometheus', async () => instanceOf(await sources.prometheus.alerts(opts), name, labels));

  const firingPromise = settleSource('prometheus', async () => {
    const result = await sources.prometheus.queryRange(alertHistorySelector(name, labels), grid.startMs, grid.endMs, stepMs, opts);
    const runs = firingRuns(result.type === 'matrix' ? result.series : [], { stepMs, rangeEndMs: grid.endMs });
    return runs
      .map((run) => ({ startMs: run.firstSeenMs, endMs: run.lastSeenMs, ongoing: run.ongoing }))
      .sort((a, b) => a.startMs - b.startMs);
  });

  const tracesPromise = service === null ? Promise.resolve([null, null] as const) : Promise.all([
    settleSource('tempo', () => slowestTraces(sources.tempo, service, request, traceLimit, options.slowestPool ?? DEFAULT_SLOWEST_POOL, opts.signal)),
    settleSource('tempo', () => failedTraces(sources.tempo, service, request, traceLimit, opts.signal)),
  ]);

  const rule = await rulePromise;
  let chart: SourceResult<AlertChartData> | null = null;
  let exemplars: SourceResult<AlertExemplars> | null = null;
  if (rule.status === 'ok' && rule.data !== null) {
    const info = rule.data;
    const plotted = info.comparison?.valueExpr ?? info.query;
    const wanted = expressionLabels(labels, info.labels);
    const chartPromise = settleSource('prometheus', async (): Promise<AlertChartData> => {
      const result = await sources.prometheus.queryRange(plotted, grid.startMs, grid.endMs, stepMs, opts);
      const all = result.type === 'matrix' ? result.series : [];
      const selected = seriesOfAlert(all, wanted);
      const maxSeries = options.maxSeries ?? DEFAULT_MAX_SERIES;
      return {
        query: plotted,
        unit: exprUnit(plotted),
        series: toChartSeries(selected.series.slice(0, maxSeries), grid.startMs, grid.endMs, stepMs),
        totalSeries: all.length,
        filtered: selected.filtered,
        truncated: selected.series.length > maxSeries,
      };
    });
    const rawExemplarsPromise = settleSource('prometheus', async () => (readsSeries(plotted) ? sources.prometheus.queryExemplars(plotted, fromMs, toMs, opts) : []));
    const [chartResult, rawExemplars] = await Promise.all([chartPromise, rawExemplarsPromise]);
    chart = chartResult;
    exemplars =
      rawExemplars.status === 'ok'
        ? {
            ...rawExemplars,
            data: toAlertExemplars(
              exemplarsOfAlert(rawExemplars.data, wanted),
              chartResult.status === 'ok' ? chartResult.data : null,
              (all) => sampleExemplars(all, fromMs, toMs, options.exemplarBuckets ?? DEFAULT_EXEMPLAR_BUCKETS, options.exemplarsPerBucket ?? DEFAULT_EXEMPLARS_PER_BUCKET),
            ),
          }
        : rawExemplars;
  }

  const [instance, firing, [slowest, failed]] = await Promise.all([instancePromise, firingPromise, tracesPromise]);
  return { name, labels, window: { fromMs, toMs, stepMs }, service, rule, instance, firing, chart, exemplars, slowest, failed };
}

function toAlertExemplars(
  exemplars: ReturnType<typeof exemplarsOfAlert>,
  chart: AlertChartData | null,
  sample: (all: ReturnType<typeof exemplarsOfAlert>) => ReturnType<typeof exemplarsOfAlert>,
): AlertExemplars {
  const kept = sample(exemplars);
  const items: AlertExemplar[] = kept.flatMap((exemplar) => {
    if (!exemplar.traceId) return [];
    const valueUnit = metricUnit(exemplar.seriesLabels.__name__ ?? '');
    const sameAxis = chart === null || (chart.unit !== 'none' && chart.unit === valueUnit);
    const line = chart ? chartSeriesOfExemplar(chart.series, exemplar) : null;
    const spanId = exemplar.labels.span_id ?? exemplar.labels.spanID ?? exemplar.labels.spanId ?? null;
    return [
      {
        traceId: exemplar.traceId,
        spanId,
        timeMs: exemplar.timeMs,
        value: exemplar.value,
        valueUnit,
        plotValue: sameAxis || line === null ? exemplar.value : valueOnSeries(line.points, exemplar.timeMs),
        href: traceHref(exemplar.traceId, exemplar.timeMs),
      },
    ];
  });
  return { items, total: exemplars.length, truncated: exemplars.length > kept.length };
}

async function slowestTraces(
  tempo: AlertDetailSources['tempo'],
  service: string,
  window: { fromMs: number; toMs: number },
  limit: number,
  pool: number,
  signal: AbortSignal | undefined,
): Promise<AlertTraces> {
  const query = serviceTraceql(service, false);
  const result = await tempo.search({ traceql: query, startMs: window.fromMs, endMs: window.toMs, limit: pool }, { signal });
  const slowest = [...result.traces].sort((a, b) => b.durationMs - a.durationMs).slice(0, limit);
  return { query, traces: slowest.map(toTraceRow), truncated: result.truncated, inspected: result.traces.length };
}

async function failedTraces(
  tempo: AlertDetailSources['tempo'],
  service: string,
  window: { fromMs: number; toMs: number },
  limit: number,
  signal: AbortSignal | undefined,
): Promise<AlertTraces> {
  const query = serviceTraceql(service, true);
  const result = await tempo.search({ traceql: query, startMs: window.fromMs, endMs: window.toMs, limit }, { signal });
  return { query, traces: result.traces.map(toTraceRow), truncated: result.truncated, inspected: result.traces.length };
}

function toTraceRow(hit: { traceId: string; rootServiceName: string; rootTraceName: string; startMs: number; durationMs: number }) {
  return {
    traceId: hit.traceId,
    rootServiceName: hit.rootServiceName,
    rootTraceName: hit.rootTraceName,
    startMs: hit.startMs,
    durationMs: hit.durationMs,
    href: traceHref(hit.traceId, hit.startMs, hit.durationMs),
  };
}
