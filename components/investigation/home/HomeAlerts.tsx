'use client';
// The home page's alerts: what fires now (Alertmanager or Prometheus, named) and what fired and stopped in the
// selected range. Each part shows its own failure; nothing configured gets an empty state that says what to set.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { EmptyState } from '@/components/shell/EmptyState';
import { ErrorState } from '@/components/shell/ErrorState';
import { Loading } from '@/components/shell/Loading';
import { Notice } from '@/components/shell/Notice';
import { useTimeRange } from '@/components/shell/use-time-range';
import { fetchApi } from '@/components/investigation/trace/api';
import { SourceError } from '@/components/investigation/trace/SourceError';
import type { SourceFailure } from '@/lib/datasources/errors';
import type { HomeAlertsResponse } from '@/lib/investigation/alerts/types';
import { formatSpan } from '@/lib/investigation/alerts/relative-time';
import { AlertTable } from './AlertTable';
import { useNow } from './use-now';
import styles from './home.module.css';

const SOURCE_TITLES = { prometheus: 'Prometheus', alertmanager: 'Alertmanager' } as const;

function NotConfigured() {
  return (
    <EmptyState
      title="No alerts to show: no Prometheus is configured"
      description={
        <>
          Weft reads firing alerts from Prometheus (or Alertmanager). Set <code>PROMETHEUS_URL</code> to the Prometheus that evaluates
          your alerting rules, and <code>ALERTMANAGER_URL</code> to list alerts as Alertmanager routes them; or start Weft with no
          datasources configured to explore the built-in demo.
        </>
      }
      action={
        <Link className="btn" href="/settings/datasources">
          Datasource settings
        </Link>
      }
    />
  );
}

function isNotConfigured(error: SourceFailure): boolean {
  return error.kind === 'not-configured';
}

function CurrentAlerts({ part, nowMs, onRetry }: { part: HomeAlertsResponse['current']; nowMs: number; onRetry: () => void }) {
  if (part.status === 'error') {
    return isNotConfigured(part.error) ? <NotConfigured /> : <SourceError error={part.error} what="Firing alerts" onRetry={onRetry} />;
  }
  const { groups, count } = part.data;
  if (count === 0) {
    return (
      <EmptyState
        compact
        headingLevel={3}
        title="No alerts firing"
        description={`${SOURCE_TITLES[part.data.source]} reports no firing or pending alerts right now. Alerts that fired and stopped in the selected range are listed below.`}
      />
    );
  }
  return <AlertTable groups={groups} kind="current" nowMs={nowMs} caption="Alerts firing now" />;
}

function ResolvedAlerts({ part, nowMs, onRetry, currentNotConfigured }: { part: HomeAlertsResponse['resolved']; nowMs: number; onRetry: () => void; currentNotConfigured: boolean }) {
  if (part.status === 'error') {
    // The "configure Prometheus" message is already on the page once.
    if (isNotConfigured(part.error) && currentNotConfigured) return null;
    return <SourceError error={part.error} what="Alert history" onRetry={onRetry} />;
  }
  const { groups, count, truncated, summariesUnavailable, stepMs } = part.data;
  return (
    <>
      {truncated && (
        <Notice kind="truncated">
          Showing the {count} most recent episodes; more fired in this range. Narrow the time range to see the others.
        </Notice>
      )}
      {summariesUnavailable !== null && <Notice kind="partial">Summaries are missing: the alerting rules could not be read ({summariesUnavailable}).</Notice>}
      {count === 0 ? (
        <EmptyState compact headingLevel={3} title="Nothing resolved in this range" description="No alert fired and stopped in the selected time range. Widen it to look further back." />
      ) : (
        <>
          <AlertTable groups={groups} kind="resolved" nowMs={nowMs} caption="Alerts that fired and resolved in the selected range" />
          <p className={styles.meta}>From Prometheus&apos; ALERTS series; start and end are known to within {formatSpan(stepMs)}.</p>
        </>
      )}
    </>
  );
}

export function HomeAlerts() {
  const { raw } = useTimeRange();
  const nowMs = useNow();
  const params = new URLSearchParams({ from: raw.from, to: raw.to });
  const query = useQuery({
    queryKey: ['home-alerts', raw.from, raw.to],
    queryFn: ({ signal }) => fetchApi<HomeAlertsResponse>(`/api/alerts?${params.toString()}`, signal),
    // What fires changes: look again every minute while the page is open.
    refetchInterval: 60_000,
  });

  if (query.isPending) return <Loading label="Loading alerts…" />;
  if (query.isError) return <ErrorState title="Could not load alerts" message={query.error.message} onRetry={() => query.refetch()} />;
  const data = query.data;
  const retry = () => void query.refetch();
  const currentNotConfigured = data.current.status === 'error' && isNotConfigured(data.current.error);

  return (
    <div data-testid="home-alerts">
      <section className={styles.section} aria-labelledby="firing-heading">
        <div className={styles.sectionHeader}>
          <h2 id="firing-heading">Firing now</h2>
          {data.current.status === 'ok' && (
            <span className="badge" data-testid="alerts-source">
              from {SOURCE_TITLES[data.current.data.source]}
            </span>
          )}
          {data.current.status === 'ok' && data.current.data.count > 0 && <span className="muted">{data.current.data.count} active</span>}
        </div>
        <CurrentAlerts part={data.current} nowMs={nowMs} onRetry={retry} />
      </section>
      <section className={styles.section} aria-labelledby="resolved-heading">
        <div className={styles.sectionHeader}>
          <h2 id="resolved-heading">Recently resolved</h2>
          <span className="muted">in the selected time range</span>
        </div>
        <ResolvedAlerts part={data.resolved} nowMs={nowMs} onRetry={retry} currentNotConfigured={currentNotConfigured} />
      </section>
    </div>
  );
}
