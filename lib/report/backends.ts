// The report's backends: the configured clients under the report's tenant, or — for a backend that is not
// configured or a broken configuration — a client whose every call fails with that error, so the section names
// the source and what to do, like any other backend failure. Sections are cached and shared by the requests
// of one tenant, so they take the tenant, not one request's connection (its concurrency gate dies with it);
// lib/report's own limiter bounds their calls.
import 'server-only';
import { connectionForTenant } from '../auth/tenancy';
import { ConfigError } from '../config/errors';
import { DatasourceError, type BackendName } from '../datasources/errors';
import type { DatasourceConnection } from '../datasources/http';
import { createLokiClient } from '../datasources/loki/client';
import { createPrometheusClient } from '../datasources/prometheus/client';
import { createPyroscopeClient } from '../datasources/pyroscope/client';
import { createTempoClient } from '../datasources/tempo/client';
import { sloCacheScope } from '../slo/backend';
import type { SectionSources } from './sections';

function connectionOf(backend: BackendName, tenant: string | null): DatasourceConnection {
  try {
    return connectionForTenant(backend, tenant);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new DatasourceError({ backend, kind: 'not-configured', message: `The datasource configuration is invalid (${error.message})`, cause: error });
    }
    throw error;
  }
}

/** A client with the given methods, each rejecting with the error. */
function failing<T extends object>(methods: readonly (keyof T)[], error: DatasourceError): T {
  return Object.fromEntries(methods.map((name) => [name, () => Promise.reject(error)])) as T;
}

function clientOf<T extends object>(backend: BackendName, tenant: string | null, create: (conn: DatasourceConnection) => T, methods: readonly (keyof T)[]): T {
  try {
    return create(connectionOf(backend, tenant));
  } catch (error) {
    if (error instanceof DatasourceError) return failing<T>(methods, error);
    throw error;
  }
}

/** The report's clients; `tenant` is the signed-in user's active tenant (null without tenancy), never input. */
export function reportSources(tenant: string | null): SectionSources {
  return {
    prometheus: clientOf<SectionSources['prometheus']>('prometheus', tenant, createPrometheusClient, ['query', 'queryRange', 'queryExemplars', 'rules']),
    loki: clientOf<SectionSources['loki']>('loki', tenant, (conn) => createLokiClient(conn), ['query', 'queryRange', 'labelNames', 'labelValues']),
    tempo: clientOf<SectionSources['tempo']>('tempo', tenant, (conn) => createTempoClient(conn), ['search', 'searchTagValues']),
    pyroscope: clientOf<SectionSources['pyroscope']>('pyroscope', tenant, createPyroscopeClient, ['labelValues', 'series']),
  };
}

/** The SLO bucket cache's scope for the report's Prometheus: the SLO pages' scope, so settled buckets are shared. */
export function reportSloCacheScope(tenant: string | null): string {
  try {
    return sloCacheScope(connectionOf('prometheus', tenant));
  } catch (error) {
    if (error instanceof DatasourceError) return 'unavailable';
    throw error;
  }
}
