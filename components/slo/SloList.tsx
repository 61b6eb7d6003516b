'use client';
// /slo: every SLO with its objective, window, attainment and budget left over its period, and the worst
// status of its window pairs — least budget first. The definitions come from the database and always show;
// the numbers come from Prometheus per SLO, and a failing Prometheus is named once above the table.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { EmptyState } from '@/components/shell/EmptyState';
import { Notice } from '@/components/shell/Notice';
import { useTimeRange } from '@/components/shell/use-time-range';
import type { SloListResponse } from '@/lib/slo/api-types';
import { formatAttainment, formatBurnRate } from '@/lib/slo/format';
import { describeWindow, formatObjective, type Slo } from '@/lib/slo/model';
import { hrefWithTimeRange } from '@/lib/time-range';
import { fetchApi } from './api';
import { BudgetBar } from './BudgetBar';
import { StatusBadge } from './StatusBadge';
import { budgetLeft, byBudgetLeft, prometheusFailures, useSloSummaries, type SummaryState } from './use-slo-summaries';
import styles from './slo.module.css';

function Numbers({ state }: { state: SummaryState }) {
  if (state.pending) {
    return (
      <>
        <td className="muted">…</td>
        <td className="muted">…</td>
        <td className="muted">…</td>
        <td className="muted">…</td>
      </>
    );
  }
  const summary = state.summary;
  const period = summary?.period.status === 'ok' ? summary.period.data : null;
  const burn = summary?.burn.status === 'ok' ? summary.burn.data : null;
  return (
    <>
      <td className={styles.num} title={period ? `Over ${period.period.label}` : undefined}>
        {formatAttainment(period?.budget.attainment ?? null)}
      </td>
      <td>
        <BudgetBar remaining={budgetLeft(state)} />
      </td>
      <td>{burn ? <StatusBadge status={burn.status} /> : <span className="muted">–</span>}</td>
      <td className={styles.num}>{burn?.fastest ? `${formatBurnRate(burn.fastest.burnRate)} over ${burn.fastest.window}` : '–'}</td>
    </>
  );
}

export function SloList({ initialSlos }: { initialSlos: Slo[] }) {
  const { raw, inUrl } = useTimeRange();
  const list = useQuery({
    queryKey: ['slo-list'],
    queryFn: ({ signal }) => fetchApi<SloListResponse>('/api/slo', signal),
    initialData: { slos: initialSlos },
    staleTime: 30_000,
  });
  const states = useSloSummaries(list.data.slos, raw);
  const link = (path: string) => (inUrl ? hrefWithTimeRange(path, raw) : path);

  if (list.data.slos.length === 0) {
    return (
      <EmptyState
        title="No SLOs yet"
        description="An SLO sets an objective for a ratio of good events (requests that succeed, or answer in time) to all events, read from Prometheus. Create one, or import Sloth or OpenSLO specs."
        action={
          <>
            <Link className="btn btn-primary" href="/slo/new">
              New SLO
            </Link>
            <Link className="btn" href="/slo/import">
              Import
            </Link>
          </>
        }
      />
    );
  }

  const failures = prometheusFailures(states);
  const sorted = [...states].sort(byBudgetLeft);
  return (
    <div className="stack" data-testid="slo-list">
      {failures.map((message) => (
        <Notice key={message} kind="error" title="Prometheus">
          {message}. Every SLO is listed; those without numbers could not be read.
        </Notice>
      ))}
      {list.isError && <Notice kind="warning">The list could not be refreshed ({list.error.message}); showing the SLOs as loaded.</Notice>}
      <div className={styles.tableWrap}>
        <table className="table">
          <caption className="visually-hidden">SLOs, least error budget left first</caption>
          <thead>
            <tr>
              <th scope="col">SLO</th>
              <th scope="col">Objective</th>
              <th scope="col">Window</th>
              <th scope="col">Attainment</th>
              <th scope="col">Budget left</th>
              <th scope="col">Status</th>
              <th scope="col">Fastest burn</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((state) => (
              <tr key={state.slo.id} data-testid="slo-row" data-slo={`${state.slo.service}/${state.slo.name}`}>
                <td>
                  <Link className={styles.sloName} href={link(`/slo/${state.slo.id}`)}>
                    {state.slo.name}
                  </Link>
                  <div className={styles.sloMeta}>
                    <span>{state.slo.service}</span>
                    {state.slo.source !== 'ui' && <span className="badge">{state.slo.source}</span>}
                  </div>
                  {state.error !== null && <div className={styles.rowError}>Could not load: {state.error}</div>}
                </td>
                <td className={styles.num}>{formatObjective(state.slo.objective)}</td>
                <td>{describeWindow(state.slo.window)}</td>
                <Numbers state={state} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className={styles.meta}>
        Attainment and budget over each SLO&apos;s own window (rolling, or the calendar month or quarter so far), ending at the end of the
        selected time range; status is the worst of the four multiwindow burn-rate pairs at that moment.
      </p>
    </div>
  );
}
