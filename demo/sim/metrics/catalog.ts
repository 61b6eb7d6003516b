// Every metric series the fleet exposes, with its labels and where its values come from.
//
// http_server_request_duration_seconds_{bucket,sum,count} and http_server_requests_total (= _count: the same column)
//   {job, instance, service, http_route, http_request_method, http_response_status_code[, le]}
// process_cpu_seconds_total, process_start_time_seconds, go_goroutines, go_memstats_heap_alloc_bytes
//   {job, instance, service}
// db_client_connections_usage{..., pool_name, state="used"|"idle"}, db_client_connections_max{..., pool_name},
// db_client_connections_pending_requests{..., pool_name}   (services with a DB pool)
// up{job, instance}
import type { Labels } from '../../query/types';
import { DB_POOLS, LE_LABELS, ROUTES, SERVICES, instanceOf, jobOf, type ServiceName } from '../topology';
import { COUNT_OFFSET, SUM_OFFSET, httpBlockStart } from './http-source';

export type GaugeKind = 'goroutines' | 'heap' | 'start' | 'up' | 'pool-used' | 'pool-idle' | 'pool-max' | 'pool-pending';

export type MetricSpec =
  | { kind: 'http'; service: ServiceName; column: number }
  | { kind: 'cpu'; service: ServiceName; column: number }
  | { kind: 'gauge'; service: ServiceName; gauge: GaugeKind };

export interface CatalogEntry {
  labels: Readonly<Labels>;
  spec: MetricSpec;
  /** Series that carry exemplars: which server spans feed them; `le` null for the request counter. */
  exemplar?: { routeIndex: number; status: number; bucketIndex: number | null };
}

export const HISTOGRAM = 'http_server_request_duration_seconds';
export const REQUESTS_TOTAL = 'http_server_requests_total';

function base(service: ServiceName): Labels {
  return { job: jobOf(service), instance: instanceOf(service), service };
}

function buildCatalog(): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  ROUTES.forEach((route, r) => {
    for (const status of route.statuses) {
      const labels: Labels = {
        ...base(route.service),
        http_route: route.route,
        http_request_method: route.method,
        http_response_status_code: String(status),
      };
      const block = httpBlockStart(r, status);
      LE_LABELS.forEach((le, j) => {
        const column = j < LE_LABELS.length - 1 ? block + j : block + COUNT_OFFSET;
        out.push({
          labels: { __name__: `${HISTOGRAM}_bucket`, ...labels, le },
          spec: { kind: 'http', service: route.service, column },
          exemplar: { routeIndex: r, status, bucketIndex: j },
        });
      });
      out.push({ labels: { __name__: `${HISTOGRAM}_sum`, ...labels }, spec: { kind: 'http', service: route.service, column: block + SUM_OFFSET } });
      out.push({ labels: { __name__: `${HISTOGRAM}_count`, ...labels }, spec: { kind: 'http', service: route.service, column: block + COUNT_OFFSET } });
      out.push({
        labels: { __name__: REQUESTS_TOTAL, ...labels },
        spec: { kind: 'http', service: route.service, column: block + COUNT_OFFSET },
        exemplar: { routeIndex: r, status, bucketIndex: null },
      });
    }
  });
  SERVICES.forEach((service, s) => {
    out.push({ labels: { __name__: 'process_cpu_seconds_total', ...base(service) }, spec: { kind: 'cpu', service, column: s } });
    out.push({ labels: { __name__: 'process_start_time_seconds', ...base(service) }, spec: { kind: 'gauge', service, gauge: 'start' } });
    out.push({ labels: { __name__: 'go_goroutines', ...base(service) }, spec: { kind: 'gauge', service, gauge: 'goroutines' } });
    out.push({ labels: { __name__: 'go_memstats_heap_alloc_bytes', ...base(service) }, spec: { kind: 'gauge', service, gauge: 'heap' } });
    const pool = DB_POOLS[service];
    if (pool) {
      const p = { ...base(service), pool_name: pool.poolName };
      out.push({ labels: { __name__: 'db_client_connections_usage', ...p, state: 'used' }, spec: { kind: 'gauge', service, gauge: 'pool-used' } });
      out.push({ labels: { __name__: 'db_client_connections_usage', ...p, state: 'idle' }, spec: { kind: 'gauge', service, gauge: 'pool-idle' } });
      out.push({ labels: { __name__: 'db_client_connections_max', ...p }, spec: { kind: 'gauge', service, gauge: 'pool-max' } });
      out.push({ labels: { __name__: 'db_client_connections_pending_requests', ...p }, spec: { kind: 'gauge', service, gauge: 'pool-pending' } });
    }
    out.push({ labels: { __name__: 'up', job: jobOf(service), instance: instanceOf(service) }, spec: { kind: 'gauge', service, gauge: 'up' } });
  });
  for (const entry of out) Object.freeze(entry.labels);
  return out;
}

export const CATALOG: readonly CatalogEntry[] = buildCatalog();
