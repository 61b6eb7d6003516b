// The report's backends: the configured clients, or — for a backend that is not configured or a broken
// configuration — a client whose every call fails with that error, so the section names the source and what
// to do, like any other backend failure.
import 'server-only';
import { ConfigError } from '../config/errors';
import { DatasourceError, type BackendName } from '../datasources/errors';
import type { DatasourceConnection } from '../datasources/http';
import { createLokiClient } from '../datasources/loki/client';
import { createPrometheusClient } from '../datasources/prometheus/client';
import { createPyroscopeClient } from '../datasources/pyroscope/client';
import { requireConnection } from '../datasources/registry';
import { createTempoClient } from '../datasources/tempo/client';
import type { SectionSources } from './sections';

function connectionOf(backend: BackendName): DatasourceConnection {
  try {
    return requireConnection(backend);
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

function clientOf<T extends object>(backend: BackendName, create: (conn: DatasourceConnection) => T, methods: readonly (keyof T)[]): T {
  try {
    return create(connectionOf(backend));
  } catch (error) {
    if (error instanceof DatasourceError) return failing<T>(methods, error);
    throw error;
  }
}

export function reportSources(): SectionSources {
  return {
    prometheus: clientOf<SectionSources['prometheus']>('prometheus', createPrometheusClient, ['query', 'queryRange', 'queryExemplars', 'rules']),
    loki: clientOf<SectionSources['loki']>('loki', (conn) => createLokiClient(conn), ['query', 'queryRange', 'labelNames', 'labelValues']),
    tempo: clientOf<SectionSources['tempo']>('tempo', (conn) => createTempoClient(conn), ['search', 'searchTagValues']),
    pyroscope: clientOf<SectionSources['pyroscope']>('pyroscope', createPyroscopeClient, ['labelValues', 'series']),
  };
}
