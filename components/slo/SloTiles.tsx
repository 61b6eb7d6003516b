'use client';
// SLO tiles for the home page: per SLO the error budget left over its window and its fastest burn (the
// highest burn rate of its seven windows) at the end of the selected range, least budget first.
// Uses useSearchParams (the time range): render it inside <Suspense>.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { EmptyState } from '@/components/shell/EmptyState';
import { ErrorState } from '@/components/shell/ErrorState';
import { Loading } from '@/components/shell/Loading';
import { Notice } from '@/components/shell/Notice';
import { useTimeRange } from '@/components/shell/use-time-range';
import type { SloListResponse } from '@/lib/slo/api-types';
import { formatBudgetShare, formatBurnRate } from '@/lib/slo/format';
import { formatObjective } from '@/lib/slo/model';
import { hrefWithTimeRange } from '@/lib/time-range';
import { fetchApi } from './api';
import { BudgetBar } from './BudgetBar';
import { StatusBadge } from './StatusBadge';
import { budgetLeft, byBudgetLeft, prometheusFailures, useSloSummaries, type SummaryState } from './use-slo-summaries';
import styles from './slo.module.css';

function Tile({ state, href }: { state: SummaryState; href: string }) {
  const summary = state.summary;
  const burn = summary?.burn.status === 'ok' ? summary.burn.data : null;
  const left = budgetLeft(state);
  return (
    <Link href={href} className={styles.tile} data-testid="slo-tile" data-status={burn?.status ?? 'unknown'}>
      <span className={styles.tileName}>{state.slo.name}</span>
      <span className={styles.tileHead}>
        <span className={styles.tileService}>
          {state.slo.service} · {formatObjective(state.slo.objective)}
        </span>
        {burn && <StatusBadge status={burn.status} />}
      </span>
      {state.pending ? (
        <span className="muted">Loading…</span>
      ) : (
        <>
          <span className={styles.tileFigure}>
            <span className={styles.tileLabel}>Budget left</span>
            <BudgetBar remaining={left} label={formatBudgetShare(left)} />
          </span>
          <span className={styles.tileFigure}>
            <span className={styles.tileLabel}>Fastest burn</span>
            <span className={styles.num}>{burn?.fastest ? `${formatBurnRate(burn.fastest.burnRate)} over ${burn.fastest.window}` : '–'}</span>
          </span>
        </>
      )}
    </Link>
  );
}

export function SloTiles({ limit = 8 }: { limit?: number }) {
  const { raw, inUrl } = useTimeRange();
  const list = useQuery({ queryKey: ['slo-list'], queryFn: ({ signal }) => fetchApi<SloListResponse>('/api/slo', signal), staleTime: 30_000 });
  const states = useSloSummaries(list.data?.slos ?? [], raw);
  const link = (path: string) => (inUrl ? hrefWithTimeRange(path, raw) : path);

  if (list.isPending) return <Loading label="Loading SLOs…" />;
  if (list.isError) return <ErrorState compact headingLevel={3} title="Could not load the SLOs" message={list.error.message} onRetry={() => void list.refetch()} />;
  if (states.length === 0) {
    return (
      <EmptyState
        compact
        headingLevel={3}
        title="No SLOs yet"
        description="Define objectives over your request ratios to see their error budgets here."
        action={
          <Link className="btn" href="/slo/new">
            New SLO
          </Link>
        }
      />
    );
  }
  const failures = prometheusFailures(states);
  const shown = [...states].sort(byBudgetLeft).slice(0, limit);
  return (
    <div className="stack" data-testid="slo-tiles">
      {failures.map((message) => (
        <Notice key={message} kind="error" title="Prometheus">
          {message}
        </Notice>
      ))}
      <div className={styles.tiles}>
        {shown.map((state) => (
          <Tile key={state.slo.id} state={state} href={link(`/slo/${state.slo.id}`)} />
        ))}
      </div>
      {states.length > shown.length && (
        <Link href={link('/slo')} className={styles.meta}>
          All {states.length} SLOs
        </Link>
      )}
    </div>
  );
}
