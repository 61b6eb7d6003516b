// /settings/datasources: each configured backend with its URL (no credentials), tenant, auth kind, version,
// health and latency. The table renders at once; the health column streams in when the checks finish.
import Link from 'next/link';
import { Suspense } from 'react';
import { EmptyState } from '@/components/shell/EmptyState';
import { ErrorState } from '@/components/shell/ErrorState';
import { PageHeader } from '@/components/shell/PageHeader';
import { describeDatabaseTarget, resolveDatabaseTarget } from '@/lib/config/database';
import { configuredConnections, type DatasourceConfig } from '@/lib/config/datasources';
import { describeConfigSource, summarizeConnection } from '@/lib/config/describe';
import { ConfigError } from '@/lib/config/errors';
import { checkAllHealth } from '@/lib/datasources/health';
import { getDatasources } from '@/lib/datasources/registry';
import { DatasourceTable } from './DatasourceTable';

// Health is checked on every visit; nothing here may be prerendered at build time.
export const dynamic = 'force-dynamic';

export const metadata = { title: 'Datasources' };

// Reads the connections itself: props of server components can end up in dev-mode debug payloads, and
// connections carry credentials.
async function CheckedTable() {
  const connections = configuredConnections(getDatasources());
  const results = await checkAllHealth(connections);
  return <DatasourceTable rows={connections.map((connection, index) => ({ summary: summarizeConnection(connection), health: results[index] }))} />;
}

function readConfig(): { config: DatasourceConfig } | { error: ConfigError } {
  try {
    return { config: getDatasources() };
  } catch (error) {
    if (error instanceof ConfigError) return { error };
    throw error;
  }
}

function DatabaseSection() {
  let description: string;
  try {
    description = describeDatabaseTarget(resolveDatabaseTarget());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return <ErrorState title="The database setting is invalid" message={error.message} headingLevel={3} compact />;
  }
  return (
    <p>
      Weft keeps permalinks, SLOs and review data in {description}. Set <code>DATABASE_URL=postgresql://…</code> to use
      PostgreSQL, or <code>WEFT_DATA_DIR</code> to move the embedded database.
    </p>
  );
}

export default function DatasourcesPage() {
  const read = readConfig();
  const connections = 'config' in read ? configuredConnections(read.config) : [];
  return (
    <div className="page settings-page">
      <PageHeader
        title="Datasources"
        description={'config' in read ? describeConfigSource(read.config.source) : 'The configuration could not be read.'}
        actions={
          connections.length > 0 ? (
            <Link className="btn" href="/settings/datasources" prefetch={false}>
              Check again
            </Link>
          ) : undefined
        }
      />
      <section className="settings-section" aria-labelledby="datasources-heading">
        <h2 id="datasources-heading" className="visually-hidden">
          Backends
        </h2>
        {'error' in read ? (
          <ErrorState title="The datasource configuration is invalid" message={read.error.message} />
        ) : connections.length === 0 ? (
          <EmptyState
            title="No datasources configured"
            description={
              <>
                Set <code>PROMETHEUS_URL</code>, <code>LOKI_URL</code>, <code>TEMPO_URL</code>, <code>PYROSCOPE_URL</code> and{' '}
                <code>ALERTMANAGER_URL</code> (each optionally with <code>_BASIC_AUTH_USER</code>/<code>_PASSWORD</code>,{' '}
                <code>_BEARER_TOKEN</code>, <code>_TENANT</code>, <code>_TIMEOUT_MS</code>), or point{' '}
                <code>WEFT_DATASOURCES_FILE</code> at a Grafana datasource provisioning file. <code>npm start</code> with
                nothing configured runs the demo stack.
              </>
            }
          />
        ) : (
          <Suspense fallback={<DatasourceTable rows={connections.map((connection) => ({ summary: summarizeConnection(connection) }))} />}>
            <CheckedTable />
          </Suspense>
        )}
      </section>
      <section className="settings-section" aria-labelledby="database-heading">
        <h2 id="database-heading">Database</h2>
        <DatabaseSection />
      </section>
    </div>
  );
}
