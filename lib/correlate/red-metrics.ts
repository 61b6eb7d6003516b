// RED (rate, errors, duration) queries for one service, for the metric context around a trace.
// Services export request metrics under different names: OpenTelemetry's HTTP semantic conventions, or
// Tempo's metrics-generator span metrics (two generations of names). We detect which one a Prometheus has.
import { selector, type LabelMatcherSpec } from '../query-lang/promql';

export interface RedMetricsProfile {
  id: 'otel-http' | 'tempo-spanmetrics' | 'tempo-spanmetrics-v1';
  /** A counter of requests (or a histogram's _count). */
  requestsMetric: string;
  /** Matches the failed requests among them. */
  errorMatcher: LabelMatcherSpec;
  /** The duration histogram's bucket series, in seconds. */
  durationBucketMetric: string;
  serviceLabel: string;
  /** Restricts to requests a service served (not the calls it made). */
  scopeMatchers: LabelMatcherSpec[];
}

export const RED_PROFILES: readonly RedMetricsProfile[] = [
  {
    id: 'otel-http',
    requestsMetric: 'http_server_request_duration_seconds_count',
    errorMatcher: { name: 'http_response_status_code', op: '=~', value: '5..' },
    durationBucketMetric: 'http_server_request_duration_seconds_bucket',
    serviceLabel: 'service',
    scopeMatchers: [],
  },
  {
    id: 'tempo-spanmetrics',
    requestsMetric: 'traces_spanmetrics_calls_total',
    errorMatcher: { name: 'status_code', op: '=', value: 'STATUS_CODE_ERROR' },
    durationBucketMetric: 'traces_spanmetrics_duration_seconds_bucket',
    serviceLabel: 'service',
    scopeMatchers: [{ name: 'span_kind', op: '=', value: 'SPAN_KIND_SERVER' }],
  },
  {
    // Tempo before 2.2 named the histogram "latency".
    id: 'tempo-spanmetrics-v1',
    requestsMetric: 'traces_spanmetrics_calls_total',
    errorMatcher: { name: 'status_code', op: '=', value: 'STATUS_CODE_ERROR' },
    durationBucketMetric: 'traces_spanmetrics_latency_bucket',
    serviceLabel: 'service',
    scopeMatchers: [{ name: 'span_kind', op: '=', value: 'SPAN_KIND_SERVER' }],
  },
];

/** The first profile whose request counter and histogram both exist among the metric names. */
export function detectRedProfile(metricNames: readonly string[]): RedMetricsProfile | null {
  const names = new Set(metricNames);
  return RED_PROFILES.find((profile) => names.has(profile.requestsMetric) && names.has(profile.durationBucketMetric)) ?? null;
}

export interface RedQueries {
  rate: string;
  errorRatio: string;
  p50: string;
  p99: string;
}

/** A rate window that covers at least four scrapes and one step, so short ranges do not show gaps. */
export function rateWindowSeconds(stepMs: number): number {
  return Math.max(60, Math.ceil((2 * stepMs) / 1000));
}

export function redQueries(profile: RedMetricsProfile, service: string, stepMs: number): RedQueries {
  const window = `[${rateWindowSeconds(stepMs)}s]`;
  const scope = [{ name: profile.serviceLabel, op: '=' as const, value: service }, ...profile.scopeMatchers];
  const requests = selector(profile.requestsMetric, scope);
  const errors = selector(profile.requestsMetric, [...scope, profile.errorMatcher]);
  const buckets = selector(profile.durationBucketMetric, scope);
  const quantile = (q: number) => `histogram_quantile(${q}, sum by (le) (rate(${buckets}${window})))`;
  return {
    rate: `sum(rate(${requests}${window}))`,
    // "or vector(0)" keeps the ratio at 0 (not a gap) while nothing fails.
    errorRatio: `(sum(rate(${errors}${window})) or vector(0)) / sum(rate(${requests}${window}))`,
    p50: quantile(0.5),
    p99: quantile(0.99),
  };
}

/** The histogram selector whose exemplars point at other traces of this service. */
export function exemplarSelector(profile: RedMetricsProfile, service: string): string {
  return selector(profile.durationBucketMetric, [{ name: profile.serviceLabel, op: '=', value: service }, ...profile.scopeMatchers]);
}
