// Server side of the home, alert view and trace search: the current request's backends (the user's tenant,
// the request's cap on concurrent backend calls; lib/auth/tenancy). A backend that is not configured (or a
// broken configuration) gives a client whose every call fails with that error, so the page names the source
// and what to do, like any other backend failure. Not signed in / no tenant (AuthError) is thrown: the
// handler answers 401/403 through withRequestSources.
import 'server-only';
import { AuthError, authErrorResponse } from '../../auth/request-context';
import { connectionForRequest } from '../../auth/tenancy';
import { ConfigError } from '../../config/errors';
import { createAlertmanagerClient, type AlertmanagerClient } from '../../datasources/alertmanager/client';
import { DatasourceError, type BackendName } from '../../datasources/errors';
import type { DatasourceConnection } from '../../datasources/http';
import { createPrometheusClient, type PrometheusClient } from '../../datasources/prometheus/client';
import { getDatasources } from '../../datasources/registry';
import { createTempoClient, type TempoClient } from '../../datasources/tempo/client';

export type AlertsPrometheus = Pick<PrometheusClient, 'alerts' | 'rules' | 'queryRange' | 'queryExemplars'>;
export type AlertsAlertmanager = Pick<AlertmanagerClient, 'alerts'>;
export type SearchTempo = Pick<TempoClient, 'search' | 'searchTagValues'>;

async function clientOf<T>(backend: BackendName, create: (conn: DatasourceConnection) => T, failing: (error: DatasourceError) => T): Promise<T> {
  try {
    return create(await connectionForRequest(backend));
  } catch (error) {
    if (error instanceof DatasourceError) return failing(error);
    if (error instanceof ConfigError) {
      return failing(new DatasourceError({ backend, kind: 'not-configured', message: `The datasource configuration is invalid (${error.message})`, cause: error }));
    }
    throw error;
  }
}

const reject = (error: DatasourceError) => () => Promise.reject(error);

export function prometheusClient(): Promise<AlertsPrometheus> {
  return clientOf<AlertsPrometheus>('prometheus', createPrometheusClient, (error) => ({
    alerts: reject(error),
    rules: reject(error),
    queryRange: reject(error),
    queryExemplars: reject(error),
  }));
}

/** Alertmanager's client when it is configured; null means "read alerts from Prometheus". */
export async function alertmanagerClient(): Promise<AlertsAlertmanager | null> {
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

export function tempoClient(): Promise<SearchTempo> {
  return clientOf<SearchTempo>('tempo', createTempoClient, (error) => ({ search: reject(error), searchTagValues: reject(error) }));
}

/** Gets the request's backends, then answers with them; not signed in or no tenant answers 401/403. */
export async function withRequestSources<S>(acquire: () => Promise<S>, answer: (sources: S) => Promise<Response>): Promise<Response> {
  let sources: S;
  try {
    sources = await acquire();
  } catch (error) {
    if (error instanceof AuthError) return authErrorResponse(error);
    throw error;
  }
  return answer(sources);
}
