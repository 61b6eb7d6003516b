import type { ConnectionSummary } from '@/lib/config/describe';
import type { HealthResult } from '@/lib/datasources/health';

export interface DatasourceRow {
  summary: ConnectionSummary;
  /** Undefined while the check is running. */
  health?: HealthResult;
}

function HealthCell({ health }: { health?: HealthResult }) {
  if (!health) return <span className="muted">checking…</span>;
  if (health.ok) return <span className="badge badge-ok">ok</span>;
  return (
    <span className="datasource-failure">
      <span className="badge badge-danger">failing</span> <span className="datasource-failure-reason">{health.error?.message ?? 'unknown error'}</span>
    </span>
  );
}

/** One row per configured backend: where it is, how Weft authenticates, and whether it answers. */
export function DatasourceTable({ rows }: { rows: DatasourceRow[] }) {
  return (
    <table className="table datasource-table">
      <caption className="visually-hidden">Configured datasources</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">URL</th>
          <th scope="col">Tenant</th>
          <th scope="col">Auth</th>
          <th scope="col">Version</th>
          <th scope="col">Health</th>
          <th scope="col">Latency</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ summary, health }) => (
          <tr key={summary.backend} data-backend={summary.backend} data-health={health ? (health.ok ? 'ok' : 'failing') : 'checking'}>
            <th scope="row">
              {summary.name}
              {summary.name !== summary.typeLabel && <span className="muted"> ({summary.typeLabel})</span>}
            </th>
            <td className="mono">{summary.url}</td>
            <td>{summary.tenant ? <span className="mono">{summary.tenant}</span> : <span className="muted">none</span>}</td>
            <td>{summary.auth}</td>
            <td>{health?.version ? <span className="mono">{health.version}</span> : <span className="muted">{health ? 'unknown' : '…'}</span>}</td>
            <td>
              <HealthCell health={health} />
            </td>
            <td>{health ? `${health.latencyMs} ms` : <span className="muted">…</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
