// Metric context of a trace: RED (request rate, error ratio, p50/p99 latency) of its services around the
// trace's time, and the exemplars of their duration histograms in that window (other traces nearby).
// Fan-out: one detection of the metric names (cached per Prometheus for a few minutes), then every query of
// every service in parallel; each query is ok or carries its error, so one failed panel leaves the others.
import type { PrometheusClient } from '../datasources/prometheus/client';
import { DatasourceError } from '../datasources/errors';
import type { Exemplar, PromQueryResult } from '../model/metrics';
import { alignRange, stepAlignedPoints, stepForRange, type ChartPoint } from '../charts/series-data';
import { selector } from '../query-lang/promql';
import { detectRedProfile, exemplarSelector, redQueries, RED_PROFILES, type RedMetricsProfile, type RedQueries } from './red-metrics';
import { settleSource, type SourceResult } from './source-result';
import { TtlCache } from './ttl-cache';

export type ContextPrometheus = Pick<PrometheusClient, 'queryRange' | 'queryExemplars' | 'labelValues'>;

export interface TraceContextSources {
  prometheus: ContextPrometheus | null;
  /** Identifies the Prometheus (URL + tenant) for the detection cache; omit to detect every time. */
  prometheusKey?: string;
}

export type RedMetric = keyof RedQueries;
export const RED_METRICS: readonly RedMetric[] = ['rate', 'errorRatio', 'p50', 'p99'];

export interface ContextExemplar {
  timeMs: number;
  /** The observed value (seconds for duration histograms). */
  value: number;
  traceId: string;
  spanId?: string;
  /** True for the trace being viewed. */
  current: boolean;
}

export interface RedSeriesResult {
  query: string;
  points: ChartPoint[];
}

export interface ServiceContext {
  service: string;
  series: Record<RedMetric, SourceResult<RedSeriesResult>>;
  exemplars: SourceResult<{ exemplars: ContextExemplar[]; truncated: boolean }>;
}

export interface RedProfileSummary {
  id: RedMetricsProfile['id'];
  requestsMetric: string;
  durationBucketMetric: string;
}

export interface TraceContext {
  window: { startMs: number; endMs: number; stepMs: number };
  atMs: number | null;
  profile: SourceResult<RedProfileSummary>;
  services: ServiceContext[];
}

export interface TraceContextOptions {
  traceId: string;
  services: readonly string[];
  window: { startMs: number; endMs: number };
  atMs: number | null;
  /** Points per chart (the step follows). */
  points?: number;
  maxExemplarsPerService?: number;
  signal?: AbortSignal;
}

export const DETECTION_TTL_MS = 5 * 60_000;
const DEFAULT_POINTS = 120;
const DEFAULT_MAX_EXEMPLARS = 100;
const detectionCache = new TtlCache<RedMetricsProfile | null>({ ttlMs: DETECTION_TTL_MS, maxEntries: 32 });

/** Only the metric names a profile could use: a Prometheus may hold hundreds of thousands of names. */
export function redMetricNamesSelector(): string {
  const names = [...new Set(RED_PROFILES.flatMap((p) => [p.requestsMetric, p.durationBucketMetric]))];
  // Metric names are [a-zA-Z0-9_:]: nothing in them is special in a regex.
  return selector(undefined, [{ name: '__name__', op: '=~', value: names.join('|') }]);
}

/** Which RED metric names this Prometheus has; cached per key for DETECTION_TTL_MS (failures are not). */
export function detectRedProfileOf(prometheus: ContextPrometheus, key: string | undefined, signal?: AbortSignal): Promise<RedMetricsProfile | null> {
  const load = async () =>
    detectRedProfile(await prometheus.labelValues('__name__', undefined, undefined, { matchers: [redMetricNamesSelector()], signal }));
  return key ? detectionCache.get(key, load) : load();
}

/** Forget cached detections (tests, or after the datasource configuration changed). */
export function clearRedProfileCache(): void {
  detectionCache.clear();
}

/** The one series a RED query returns, step-aligned; no series is a gap over the whole window, not an error. */
export function redPoints(result: PromQueryResult, window: { startMs: number; endMs: number; stepMs: number }): ChartPoint[] {
  if (result.type !== 'matrix') {
    throw new DatasourceError({ backend: 'prometheus', kind: 'bad-response', message: `prometheus answered a range query with a ${result.type}` });
  }
  const series = result.series[0] ?? { labels: {}, samples: [] };
  return stepAlignedPoints(series, window.startMs, window.endMs, window.stepMs);
}

/**
 * Exemplars that carry a trace id, oldest first. Beyond `max` an evenly spaced sample over time is kept (the
 * newest alone would crowd one end of the chart); the viewed trace's own exemplars are always kept and flagged.
 */
export function contextExemplars(exemplars: readonly Exemplar[], traceId: string, max: number): { exemplars: ContextExemplar[]; truncated: boolean } {
  const withTrace = exemplars
    .filter((e): e is Exemplar & { traceId: string } => typeof e.traceId === 'string' && Number.isFinite(e.value))
    .sort((a, b) => a.timeMs - b.timeMs);
  const truncated = withTrace.length > max;
  const kept = truncated
    ? withTrace.filter((e, i) => e.traceId === traceId || Math.floor((i * max) / withTrace.length) !== Math.floor(((i - 1) * max) / withTrace.length))
    : withTrace;
  return {
    truncated,
    exemplars: kept.map((e) => {
      const spanId = e.labels.span_id ?? e.labels.spanID ?? e.labels.spanId;
      return { timeMs: e.timeMs, value: e.value, traceId: e.traceId, ...(spanId ? { spanId } : {}), current: e.traceId === traceId };
    }),
  };
}

function noRedMetrics(): never {
  throw new DatasourceError({
    backend: 'prometheus',
    kind: 'not-found',
    message:
      'prometheus has no request metrics Weft knows: expected http_server_request_duration_seconds (OpenTelemetry) or traces_spanmetrics_* (Tempo span metrics)',
  });
}

export async function loadTraceContext(sources: TraceContextSources, options: TraceContextOptions): Promise<TraceContext> {
  const { signal } = options;
  const stepMs = stepForRange(options.window.startMs, options.window.endMs, options.points ?? DEFAULT_POINTS);
  const window = { ...alignRange(options.window.startMs, options.window.endMs, stepMs), stepMs };
  const maxExemplars = options.maxExemplarsPerService ?? DEFAULT_MAX_EXEMPLARS;

  const detected = settleSource('prometheus', async () => {
    if (!sources.prometheus) {
      throw new DatasourceError({ backend: 'prometheus', kind: 'not-configured', message: 'No prometheus datasource is configured' });
    }
    return (await detectRedProfileOf(sources.prometheus, sources.prometheusKey, signal)) ?? noRedMetrics();
  });
  const profile = await detected;

  const services = await Promise.all(
    options.services.map(async (service): Promise<ServiceContext> => {
      const queries = profile.status === 'ok' ? redQueries(profile.data, service, stepMs) : null;
      const one = (metric: RedMetric) =>
        profile.status === 'ok' && queries && sources.prometheus
          ? settleSource('prometheus', async () => {
              const query = queries[metric];
              const result = await sources.prometheus!.queryRange(query, window.startMs, window.endMs, stepMs, { signal });
              return { query, points: redPoints(result, window) };
            })
          : Promise.resolve(profile as SourceResult<never>);
      const exemplars =
        profile.status === 'ok' && sources.prometheus
          ? settleSource('prometheus', async () =>
              contextExemplars(
                await sources.prometheus!.queryExemplars(exemplarSelector(profile.data, service), window.startMs, window.endMs, { signal }),
                options.traceId,
                maxExemplars,
              ),
            )
          : Promise.resolve(profile as SourceResult<never>);
      const [rate, errorRatio, p50, p99, ex] = await Promise.all([one('rate'), one('errorRatio'), one('p50'), one('p99'), exemplars]);
      return { service, series: { rate, errorRatio, p50, p99 }, exemplars: ex };
    }),
  );

  const summary: SourceResult<RedProfileSummary> =
    profile.status === 'ok'
      ? { ...profile, data: { id: profile.data.id, requestsMetric: profile.data.requestsMetric, durationBucketMetric: profile.data.durationBucketMetric } }
      : profile;
  return { window, atMs: options.atMs, profile: summary, services };
}
