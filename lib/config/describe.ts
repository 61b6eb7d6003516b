// What the settings page and the health route may say about a connection: never a password or token.
import type { DatasourceAuth } from '../datasources/http';
import { BACKEND_LABELS, type ConfiguredConnection, type DatasourceConfig } from './datasources';
import { redactUrl } from './redact';

export interface ConnectionSummary {
  backend: ConfiguredConnection['backend'];
  name: string;
  /** The backend's product name, e.g. "Loki". */
  typeLabel: string;
  /** The base URL without credentials. */
  url: string;
  tenant?: string;
  /** "none", "basic (user alice)" or "bearer token". */
  auth: string;
  timeoutMs?: number;
}

export function describeAuth(auth: DatasourceAuth | undefined): string {
  switch (auth?.type) {
    case 'basic':
      return `basic (user ${auth.username})`;
    case 'bearer':
      return 'bearer token';
    default:
      return 'none';
  }
}

export function summarizeConnection(connection: ConfiguredConnection): ConnectionSummary {
  const summary: ConnectionSummary = {
    backend: connection.backend,
    name: connection.name,
    typeLabel: BACKEND_LABELS[connection.backend],
    url: redactUrl(connection.url),
    auth: describeAuth(connection.auth),
  };
  if (connection.tenant) summary.tenant = connection.tenant;
  if (connection.timeoutMs !== undefined) summary.timeoutMs = connection.timeoutMs;
  return summary;
}

export function describeConfigSource(source: DatasourceConfig['source']): string {
  switch (source) {
    case 'file':
      return 'Read from the file named by WEFT_DATASOURCES_FILE.';
    case 'env':
      return 'Read from environment variables (PROMETHEUS_URL, LOKI_URL, TEMPO_URL, PYROSCOPE_URL, ALERTMANAGER_URL).';
    default:
      return 'Nothing is configured.';
  }
}
