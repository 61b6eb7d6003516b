// The Prometheus the SLO pages read: the request's connection (the user's tenant, the request's cap on
// concurrent backend calls). Not configured (or a broken configuration) gives a client whose every call
// fails with that error, so the page says "Prometheus: <reason>" beside the SLO definitions. An AuthError
// (not signed in, no tenant) is thrown: the handler answers 401/403.
import 'server-only';
import { connectionForRequest } from '../auth/tenancy';
import { ConfigError } from '../config/errors';
import type { DatasourceConnection } from '../datasources/http';
import { DatasourceError } from '../datasources/errors';
import { createPrometheusClient } from '../datasources/prometheus/client';
import { requireConnection } from '../datasources/registry';
import type { SloPrometheus } from './read-slo';

export interface SloBackend {
  prom: SloPrometheus;
  /** Keys the bucket cache: one Prometheus and tenant never sees another's buckets. */
  cacheScope: string;
  /**
   * Deadline of the long-window reads (burn rates, period buckets, SLI series): longer than the default, but an
   * operator's PROMETHEUS_TIMEOUT_MS wins, or a slow Prometheus would hold the SLO pages past the configured deadline.
   */
  longQueryTimeoutMs: number;
  /** Deadline of the query checks before a save: the operator's PROMETHEUS_TIMEOUT_MS when set, else CHECK_TIMEOUT_MS. */
  checkTimeoutMs: number;
}

/** Long-window SLO queries (28 days of counters) outlast the 15 s default deadline on a real Prometheus. */
export const LONG_QUERY_TIMEOUT_MS = 60_000;
/**
 * Query checks wait behind long-window reads on a busy Prometheus (the demo's engines run one query at a time
 * while the SLO list reads 30 days of counters): as long as those reads may take.
 */
export const CHECK_TIMEOUT_MS = LONG_QUERY_TIMEOUT_MS;

function failing(error: unknown): SloBackend {
  let failure: DatasourceError;
  if (error instanceof DatasourceError) failure = error;
  else if (error instanceof ConfigError) {
    failure = new DatasourceError({ backend: 'prometheus', kind: 'not-configured', message: `The datasource configuration is invalid (${error.message})`, cause: error });
  } else throw error;
  const reject = () => Promise.reject(failure);
  return { prom: { query: reject, queryRange: reject }, cacheScope: 'unavailable', longQueryTimeoutMs: LONG_QUERY_TIMEOUT_MS, checkTimeoutMs: CHECK_TIMEOUT_MS };
}

/** The bucket cache's scope for a Prometheus connection: its URL and tenant (the report uses it too). */
export function sloCacheScope(connection: DatasourceConnection): string {
  return `${connection.url}|${connection.tenant ?? ''}`;
}

function backendOf(connection: DatasourceConnection): SloBackend {
  return {
    prom: createPrometheusClient(connection),
    cacheScope: sloCacheScope(connection),
    longQueryTimeoutMs: connection.timeoutMs ?? LONG_QUERY_TIMEOUT_MS,
    checkTimeoutMs: connection.timeoutMs ?? CHECK_TIMEOUT_MS,
  };
}

/** For a route handler or page: the current request's Prometheus. */
export async function sloBackend(): Promise<SloBackend> {
  try {
    return backendOf(await connectionForRequest('prometheus'));
  } catch (error) {
    return failing(error);
  }
}

/** Outside a request (the demo warm-up): the configured Prometheus without a tenant. */
export function configuredSloBackend(): SloBackend {
  try {
    return backendOf(requireConnection('prometheus'));
  } catch (error) {
    return failing(error);
  }
}
