'use client';
// /slo/[id]: the SLO's definition (always, from the database), and from Prometheus at the end of the selected
// range: attainment and error budget over its window with the burn-down, the four window pairs with their
// burn rates and status, the SLI and its burn rate over the range, and the traces behind the worst window.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { TimeSeriesChart } from '@/components/charts/TimeSeriesChart';
import { ErrorState } from '@/components/shell/ErrorState';
import { Loading } from '@/components/shell/Loading';
import { Notice } from '@/components/shell/Notice';
import { useTimeRange } from '@/components/shell/use-time-range';
import type { SourceFailure } from '@/lib/datasources/errors';
import type { SloReportResponse } from '@/lib/slo/api-types';
import { STATUS_LABELS, errorBudget } from '@/lib/slo/burn-rate';
import { describeDuration } from '@/lib/slo/durations';
import { formatAttainment, formatBudgetShare, formatBurnRate, formatEvents } from '@/lib/slo/format';
import { describeWindow, formatObjective, type Slo } from '@/lib/slo/model';
import { formatInstant } from '@/lib/time-range';
import { formatValue } from '@/lib/charts/format';
import { fetchApi, sloApiPath } from './api';
import { BudgetBar } from './BudgetBar';
import { BurnRateTable } from './BurnRateTable';
import { StatusBadge } from './StatusBadge';
import styles from './slo.module.css';

function PrometheusFailure({ error, what }: { error: SourceFailure; what: string }) {
  return (
    <div className={styles.partFailure} data-testid="prometheus-error" role="status">
      <strong>Prometheus:</strong> {error.message} <span className="muted">({what} unavailable)</span>
    </div>
  );
}

function Definition({ slo, queries }: { slo: Slo; queries: SloReportResponse['queries'] | null }) {
  const sli = slo.sli;
  return (
    <section className={`card ${styles.definition}`} aria-labelledby="slo-definition">
      <h2 id="slo-definition">Definition</h2>
      {slo.description && <p>{slo.description}</p>}
      <dl className={styles.facts}>
        <dt>Service</dt>
        <dd>{slo.service}</dd>
        <dt>Objective</dt>
        <dd>{formatObjective(slo.objective)} of events good</dd>
        <dt>Window</dt>
        <dd>{describeWindow(slo.window)}</dd>
        {slo.owner && (
          <>
            <dt>Owner</dt>
            <dd>{slo.owner}</dd>
          </>
        )}
        <dt>Source</dt>
        <dd>{slo.source === 'ui' ? 'made in Weft' : slo.source}</dd>
        {Object.keys(slo.labels).length > 0 && (
          <>
            <dt>Labels</dt>
            <dd className={styles.labelList}>
              {Object.entries(slo.labels).map(([key, value]) => (
                <span key={key} className="badge">
                  {key}={value}
                </span>
              ))}
            </dd>
          </>
        )}
        <dt>{sli.type === 'bad' ? 'Bad events' : 'Good events'}</dt>
        <dd>
          <code className={styles.query}>{sli.type === 'bad' ? sli.badQuery : sli.goodQuery}</code>
        </dd>
        <dt>All events</dt>
        <dd>
          <code className={styles.query}>{sli.totalQuery}</code>
        </dd>
      </dl>
      {queries && (
        <details className={styles.details}>
          <summary>Error ratio over 1 h in PromQL</summary>
          <code className={styles.query}>{queries.errorRatio}</code>
        </details>
      )}
    </section>
  );
}

function Figures({ report }: { report: SloReportResponse }) {
  const period = report.period.status === 'ok' ? report.period.data : null;
  const burn = report.burn.status === 'ok' ? report.burn.data : null;
  return (
    <div className={styles.figures} data-testid="slo-figures">
      <div className={styles.figure}>
        <span className={styles.figureLabel}>Attainment{period ? ` (${period.period.label})` : ''}</span>
        <span className={styles.figureValue} data-testid="slo-attainment">
          {formatAttainment(period?.budget.attainment ?? null)}
        </span>
        <span className="muted">objective {formatObjective(report.slo.objective)}</span>
      </div>
      <div className={styles.figure}>
        <span className={styles.figureLabel}>Error budget left</span>
        <span className={styles.figureValue} data-testid="slo-budget-left">
          {formatBudgetShare(period?.budget.remaining ?? null)}
        </span>
        <BudgetBar remaining={period?.budget.remaining ?? null} label="" />
      </div>
      <div className={styles.figure}>
        <span className={styles.figureLabel}>Average burn rate</span>
        <span className={styles.figureValue}>{formatBurnRate(period?.budget.burnRate ?? null)}</span>
        <span className="muted">{period ? `${formatEvents(period.badEvents)} bad of ${formatEvents(period.totalEvents)} events` : ''}</span>
      </div>
      <div className={styles.figure}>
        <span className={styles.figureLabel}>Status</span>
        <span className={styles.figureValue}>{burn ? <StatusBadge status={burn.status} /> : '–'}</span>
        <span className="muted">at {formatInstant(report.atMs)}</span>
      </div>
    </div>
  );
}

function TraceLinks({ report }: { report: SloReportResponse }) {
  const { traces } = report;
  const where = traces.window ? `in the worst window (the last ${traces.window} before ${formatInstant(report.atMs)})` : 'in the selected time range';
  return (
    <div className={styles.traceLinks} data-testid="slo-trace-links">
      <span>Traces of {report.slo.service} {where}:</span>
      <Link className="btn" href={traces.failed}>
        Failed traces
      </Link>
      {traces.slow && traces.slowThreshold && (
        <Link className="btn" href={traces.slow}>
          Slower than {traces.slowThreshold}
        </Link>
      )}
    </div>
  );
}

// Burn rates as multiples, as in the table above (three significant digits, which suits axis labels too).
// Module level: the chart redraws when its formatter changes.
const formatBurnRateAxis = (rate: number): string => `${formatValue(rate, 'none')}×`;
// Budget left as in the figure above ("−2,204 %"), whole percents without ".0" (axis steps: "80 %", not "80.0 %").
const formatBudgetAxis = (share: number): string => formatBudgetShare(share).replace(/\.0 %$/, ' %');

function Charts({ report }: { report: SloReportResponse }) {
  const pagePairs = report.burn.status === 'ok' ? report.burn.data.pairs.filter((p) => p.severity === 'page') : [];
  return (
    <div className={styles.charts}>
      <section className="card" aria-labelledby="sli-chart">
        <h2 id="sli-chart">SLI over the time range: share of bad events</h2>
        {report.sli.status === 'ok' ? (
          <>
            <TimeSeriesChart
              ariaLabel="Share of bad events over the time range"
              unit="ratio"
              yAxisMin={0}
              series={[{ name: 'bad events', labels: {}, points: report.sli.data.errorRatio }]}
              thresholds={[{ value: errorBudget(report.slo.objective), label: '' }]}
            />
            <p className={styles.meta}>
              Each point: the share of bad events in the {describeDuration(report.sli.data.windowMs)} before it. Dashed: the error budget,{' '}
              {formatBudgetShare(errorBudget(report.slo.objective))} of events ({formatObjective(report.slo.objective)} good).
            </p>
          </>
        ) : (
          <PrometheusFailure error={report.sli.error} what="the SLI over time" />
        )}
      </section>
      <section className="card" aria-labelledby="burn-chart">
        <h2 id="burn-chart">Burn rate over the time range</h2>
        {report.sli.status === 'ok' ? (
          <>
            <TimeSeriesChart
              ariaLabel="Burn rate over the time range"
              unit="none"
              yAxisMin={0}
              formatValue={formatBurnRateAxis}
              series={[{ name: 'burn rate', labels: {}, points: report.sli.data.burnRate }]}
              thresholds={pagePairs.map((pair) => ({ value: pair.threshold, label: '' }))}
            />
            <p className={styles.meta}>
              Bad share over the budget (1× spends the budget exactly over the window). Dashed: the page thresholds
              {pagePairs.length > 0 ? `, ${pagePairs.map((pair) => `${formatBurnRate(pair.threshold)} (${pair.long}/${pair.short})`).join(' and ')}` : ''}.
            </p>
          </>
        ) : (
          <PrometheusFailure error={report.sli.error} what="the burn rate over time" />
        )}
      </section>
      <section className="card" aria-labelledby="budget-chart">
        <h2 id="budget-chart">Error budget over the window{report.period.status === 'ok' ? ` (${report.period.data.period.label})` : ''}</h2>
        {report.period.status === 'ok' && report.burnDown ? (
          <>
            <TimeSeriesChart
              ariaLabel="Error budget remaining over the SLO window"
              unit="ratio"
              formatValue={formatBudgetAxis}
              series={[
                { name: 'budget left', labels: {}, points: report.burnDown.remaining },
                { name: 'spent evenly', labels: {}, points: report.burnDown.ideal },
              ]}
              markers={[{ timeMs: report.atMs, label: '' }]}
            />
            <p className={styles.meta}>
              From the window&apos;s start to {formatInstant(report.atMs)} (the vertical line), against spending the budget evenly over the window.
            </p>
          </>
        ) : report.period.status === 'error' ? (
          <PrometheusFailure error={report.period.error} what="the error budget" />
        ) : null}
      </section>
    </div>
  );
}

export function SloDetail({ slo }: { slo: Slo }) {
  const { raw } = useTimeRange();
  const report = useQuery({
    queryKey: ['slo-report', slo.id, slo.version, raw.from, raw.to],
    queryFn: ({ signal }) => fetchApi<SloReportResponse>(sloApiPath(slo.id, 'report', raw), signal),
    refetchInterval: 60_000,
  });
  const data = report.data;
  const failures = data ? [data.burn, data.period, data.sli].flatMap((part) => (part.status === 'error' ? [part.error.message] : [])) : [];
  const burn = data?.burn.status === 'ok' ? data.burn.data : null;
  const period = data?.period.status === 'ok' ? data.period.data : null;

  return (
    <div className={styles.detail} data-testid="slo-detail">
      {data && [...new Set(failures)].map((message) => (
        <Notice key={message} kind="error" title="Prometheus">
          {message}. The definition is shown; the numbers that need Prometheus are missing.
        </Notice>
      ))}
      {burn?.lowTraffic && (
        <Notice kind="warning" title="Low traffic">
          {burn.pairs
            .filter((pair) => pair.lowTraffic)
            .map((pair) => `${formatEvents(pair.shortEvents)} requests in the last ${pair.short} (the ${pair.long}/${pair.short} pair needs ${pair.minEvents})`)
            .join('; ')}
          : a single failed request crosses the alert threshold, so these ratios say more about individual requests than about the service.
        </Notice>
      )}
      {period && period.emptyBuckets > 0 && (
        <Notice kind="partial">Prometheus had no data for {period.emptyBuckets} of the hours in this window: they count as no events.</Notice>
      )}
      {report.isPending && <Loading label="Reading burn rates and the error budget from Prometheus…" />}
      {report.isError && <ErrorState title="Could not load the SLO's numbers" message={report.error.message} onRetry={() => void report.refetch()} />}
      {data && <Figures report={data} />}
      {data && (
        <section aria-labelledby="pairs-heading" className={styles.section}>
          <div className={styles.sectionHeader}>
            <h2 id="pairs-heading">Multiwindow burn rates</h2>
            <span className="muted">
              {burn ? `worst: ${STATUS_LABELS[burn.status]}` : ''}
              {period
                ? slo.window.kind === 'rolling'
                  ? ` · thresholds scaled to a ${slo.window.days}-day window`
                  : ` · thresholds scaled to the ${describeDuration(period.period.periodMs)} of ${period.period.label}`
                : ''}
            </span>
          </div>
          {burn ? <BurnRateTable burn={burn} /> : data.burn.status === 'error' ? <PrometheusFailure error={data.burn.error} what="the burn rates" /> : null}
          <TraceLinks report={data} />
        </section>
      )}
      {data && <Charts report={data} />}
      <Definition slo={data?.slo ?? slo} queries={data?.queries ?? null} />
    </div>
  );
}
