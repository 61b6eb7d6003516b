// The datasources of this process, read once from the environment (see lib/config/datasources.ts).
// Route handlers ask for a connection here; components never see URLs or credentials.
import 'server-only';
import { BACKEND_LABELS, loadDatasourceConfig, type ConfiguredConnection, type DatasourceConfig } from '../config/datasources';
import { DatasourceError, type BackendName } from './errors';

let cached: DatasourceConfig | undefined;

/**
 * The configuration, cached per process. A configuration error (ConfigError naming the field) is thrown on
 * every call rather than cached, so the message reaches every page that needs a datasource.
 */
export function getDatasources(): DatasourceConfig {
  cached ??= loadDatasourceConfig();
  return cached;
}

/** The connection for `backend`, or a DatasourceError of kind 'not-configured' saying how to configure it. */
export function requireConnection(backend: BackendName): ConfiguredConnection {
  const connection = getDatasources()[backend];
  if (!connection) {
    throw new DatasourceError({
      backend,
      kind: 'not-configured',
      message: `${BACKEND_LABELS[backend]} is not configured: set ${backend.toUpperCase()}_URL or add it to WEFT_DATASOURCES_FILE`,
    });
  }
  return connection;
}

/** Forgets the cached configuration (tests that change process.env). */
export function resetDatasourcesCache(): void {
  cached = undefined;
}
