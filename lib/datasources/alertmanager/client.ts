// Alertmanager v2 API client: HTTP only, through the shared request helper.
// Spec: https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml
import type { Alert } from '../../model/metrics';
import { parseJsonBody, request, type CallOptions, type DatasourceConnection } from '../http';
import { parseAlertsResponse, parseStatusResponse, type AlertmanagerStatus } from './parse';

export type { CallOptions } from '../http';

export interface AlertmanagerAlertFilter {
  /** Each defaults to true on the server. */
  active?: boolean;
  silenced?: boolean;
  inhibited?: boolean;
  unprocessed?: boolean;
  /** Matchers such as `alertname="X"`; build them with labelMatcher() from query-lang/promql. */
  filter?: readonly string[];
  /** A regex on receiver names. */
  receiver?: string;
}

export interface AlertmanagerClient {
  alerts(filter?: AlertmanagerAlertFilter, opts?: CallOptions): Promise<Alert[]>;
  status(opts?: CallOptions): Promise<AlertmanagerStatus>;
}

const READ_RETRIES = 2;

function alertParams(filter: AlertmanagerAlertFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const flag of ['active', 'silenced', 'inhibited', 'unprocessed'] as const) {
    const value = filter[flag];
    if (value !== undefined) params.set(flag, String(value));
  }
  for (const matcher of filter.filter ?? []) params.append('filter', matcher);
  if (filter.receiver !== undefined) params.set('receiver', filter.receiver);
  return params;
}

export function createAlertmanagerClient(conn: DatasourceConnection): AlertmanagerClient {
  async function getJson(path: string, query: URLSearchParams, opts: CallOptions | undefined): Promise<unknown> {
    const raw = await request(conn, { path, query, retries: READ_RETRIES, signal: opts?.signal, timeoutMs: opts?.timeoutMs });
    return parseJsonBody('alertmanager', raw);
  }

  return {
    async alerts(filter = {}, opts) {
      return parseAlertsResponse(await getJson('/api/v2/alerts', alertParams(filter), opts));
    },
    async status(opts) {
      return parseStatusResponse(await getJson('/api/v2/status', new URLSearchParams(), opts));
    },
  };
}
