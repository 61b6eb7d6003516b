// Server side of the home, alert view and trace search: the configured backends' clients. A backend that is
// not configured (or a broken configuration) gives a client whose every call fails with that error, so the
// page names the source and what to do, like any other backend failure.
import 'server-only';
import { ConfigError } from '../../config/errors';
import { createAlertmanagerClient, type AlertmanagerClient } from '../../datasources/alertmanager/client';
import { DatasourceError, type BackendName } from '../../datasources/errors';
import type { DatasourceConnection } from '../../datasources/http';
import { createPrometheusClient, type PrometheusClient } from '../../datasources/prometheus/client';
import { getDatasources, requireConnection } from '../../datasources/registry';
import { createTempoClient, type TempoClient } from '../../datasources/tempo/client';

export type AlertsPrometheus = Pick<PrometheusClient, 'alerts' | 'rules' | 'queryRange' | 'queryExemplars'>;
export type AlertsAlertmanager = Pick<AlertmanagerClient, 'alerts'>;
export type SearchTempo = Pick<TempoClient, 'search' | 'searchTagValues'>;

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

function clientOf<T>(backend: BackendName, create: (conn: DatasourceConnection) => T, failing: (error: DatasourceError) => T): T {
  try {
    return create(connectionOf(backend));
  } catch (error) {
    if (error instanceof DatasourceError) return failing(error);
    throw error;
  }
}

const reject = (error: DatasourceError) => () => Promise.reject(error);

export function prometheusClient(): AlertsPrometheus {
  return clientOf<AlertsPrometheus>('prometheus', createPrometheusClient, (error) => ({
    alerts: reject(error),
    rules: reject(error),
    queryRange: reject(error),
    queryExemplars: reject(error),
  }));
}

/** Alertmanager's client when it is configured; null means "read alerts from Prometheus". */
export function alertmanagerClient(): AlertsAlertmanager | null {
  let configured: boolean;
  try {
    configured = getDatasources().alertmanager !== undefined;
  } catch (error) {
    // A broken configuration is Prometheus' error to report too; Alertmanager then counts as absent.
    if (error instanceof ConfigError) return null;
    throw error;
  }
  return configured ? clientOf<AlertsAlertmanager>('alertmanager', createAlertmanagerClient, (error) => ({ alerts: reject(error) })) : null;
}

export function tempoClient(): SearchTempo {
  return clientOf<SearchTempo>('tempo', createTempoClient, (error) => ({ search: reject(error), searchTagValues: reject(error) }));
}
