// The backend API endpoints Weft may call, per backend: all of them reads (GET, or POST for a query too long
// for a URL and for Pyroscope's Connect RPCs). Tests compare what the backends actually received with this.
import type { Backend } from './matrix';

export interface AllowedCall {
  method: 'GET' | 'POST';
  path: RegExp;
}

const LABEL_NAME = '[A-Za-z_][A-Za-z0-9_]*';
const HEX = '[0-9a-f]+';

export const READ_ENDPOINTS: Record<Backend, readonly AllowedCall[]> = {
  // https://prometheus.io/docs/prometheus/latest/querying/api/
  prometheus: [
    { method: 'POST', path: /^\/api\/v1\/query(_range)?$/ },
    { method: 'GET', path: /^\/api\/v1\/(query_exemplars|series|labels|alerts|rules|status\/buildinfo|status\/tsdb)$/ },
    { method: 'GET', path: new RegExp(`^/api/v1/label/${LABEL_NAME}/values$`) },
  ],
  // https://grafana.com/docs/loki/latest/reference/loki-http-api/
  loki: [
    { method: 'GET', path: /^\/loki\/api\/v1\/(query_range|query|labels|series|status\/buildinfo)$/ },
    { method: 'GET', path: new RegExp(`^/loki/api/v1/label/${LABEL_NAME}/values$`) },
  ],
  // https://grafana.com/docs/tempo/latest/api_docs/
  tempo: [
    { method: 'GET', path: new RegExp(`^/api(/v2)?/traces/${HEX}$`) },
    { method: 'GET', path: /^\/api\/search(\/tags)?$/ },
    { method: 'GET', path: /^\/api(\/v2)?\/search\/tag\/[A-Za-z0-9_.:-]+\/values$/ },
    { method: 'GET', path: /^\/(api\/status\/buildinfo|status\/version)$/ },
  ],
  // https://grafana.com/docs/pyroscope/latest/reference-server-api/
  pyroscope: [
    { method: 'POST', path: /^\/querier\.v1\.QuerierService\/(LabelNames|LabelValues|ProfileTypes|SelectMergeSpanProfile|SelectMergeStacktraces|SelectSeries|Series)$/ },
    { method: 'GET', path: /^\/(pyroscope\/render|pyroscope\/label-values|api\/v1\/status\/buildinfo)$/ },
  ],
  // https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml
  alertmanager: [{ method: 'GET', path: /^\/api\/v2\/(alerts|status)$/ }],
};

/** Why a request a backend received is not one of Weft's reads, or null when it is. */
export function unexpectedCall(backend: Backend, method: string, url: string): string | null {
  const path = url.split('?')[0] ?? '';
  const allowed = READ_ENDPOINTS[backend].some((call) => call.method === method && call.path.test(path));
  return allowed ? null : `${backend} received ${method} ${url.slice(0, 200)}`;
}
