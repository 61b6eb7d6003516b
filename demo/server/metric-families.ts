// Metric families (TYPE/HELP) for the simulation's series. The store carries only samples, so the type is
// inferred from Prometheus naming conventions: `_bucket` with `le` (+ `_sum`/`_count`) is a histogram, `quantile`
// a summary, `_total` a counter, anything else a gauge.
import type { Labels } from '../query/types';

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

export interface MetricFamily {
  /** OpenMetrics family name (a counter's without `_total`). */
  name: string;
  type: MetricType;
  help: string;
}

const KNOWN_HELP: Record<string, string> = {
  http_server_request_duration_seconds: 'Duration of HTTP server requests.',
  http_client_request_duration_seconds: 'Duration of HTTP client requests.',
  http_server_requests: 'Total number of HTTP server requests by status code.',
  http_requests: 'Total number of HTTP requests by status code.',
  http_client_requests: 'Total number of outgoing HTTP client requests by status code.',
  go_goroutines: 'Number of goroutines that currently exist.',
  go_gc_duration_seconds: 'A summary of the pause duration of garbage collection cycles.',
  go_memstats_alloc_bytes: 'Number of bytes allocated and still in use.',
  go_memstats_heap_inuse_bytes: 'Number of heap bytes that are in use.',
  process_cpu_seconds: 'Total user and system CPU time spent in seconds.',
  process_resident_memory_bytes: 'Resident memory size in bytes.',
  go_sql_open_connections: 'The number of established connections both in use and idle.',
  go_sql_in_use_connections: 'The number of connections currently in use.',
  go_sql_idle_connections: 'The number of idle connections.',
  go_sql_max_open_connections: 'Maximum number of open connections to the database.',
  go_sql_wait_count: 'The total number of connections waited for.',
  go_sql_wait_duration_seconds: 'The total time blocked waiting for a new connection.',
  db_client_connections_usage: 'The number of connections that are currently in state described by the state attribute.',
  db_client_connections_max: 'The maximum number of open connections allowed.',
};

export function helpFor(family: string): string {
  return KNOWN_HELP[family] ?? `${family.replace(/_/g, ' ')} (Weft demo simulation).`;
}

/** Classify every metric name seen in a set of series into families. */
export function inferFamilies(series: readonly { labels: Labels }[]): Map<string, MetricFamily & { members: Set<string> }> {
  const names = new Map<string, Labels>();
  for (const s of series) {
    const name = s.labels.__name__;
    if (name && !names.has(name)) names.set(name, s.labels);
  }
  const byMetric = new Map<string, MetricFamily & { members: Set<string> }>();
  const families = new Map<string, MetricFamily & { members: Set<string> }>();
  const add = (metric: string, familyName: string, type: MetricType) => {
    let family = families.get(familyName);
    if (!family) {
      family = { name: familyName, type, help: helpFor(familyName), members: new Set() };
      families.set(familyName, family);
    }
    family.members.add(metric);
    byMetric.set(metric, family);
  };
  // Histograms and summaries first, so their _sum/_count are claimed before the generic rules.
  for (const [name, labels] of names) {
    if (name.endsWith('_bucket') && labels.le !== undefined) {
      const base = name.slice(0, -'_bucket'.length);
      add(name, base, 'histogram');
      for (const suffix of ['_sum', '_count']) if (names.has(base + suffix)) add(base + suffix, base, 'histogram');
    } else if (labels.quantile !== undefined) {
      add(name, name, 'summary');
      for (const suffix of ['_sum', '_count']) if (names.has(name + suffix)) add(name + suffix, name, 'summary');
    }
  }
  for (const name of names.keys()) {
    if (byMetric.has(name)) continue;
    if (name.endsWith('_total')) add(name, name.slice(0, -'_total'.length), 'counter');
    else add(name, name, 'gauge');
  }
  const out = new Map<string, MetricFamily & { members: Set<string> }>();
  for (const [metric, family] of byMetric) out.set(metric, family);
  return out;
}
