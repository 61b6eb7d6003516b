'use client';
// The alert's expression over its window: the threshold dashed, the firing episode shaded, exemplars as
// points that open their trace; below, the same exemplars as a list of links (keyboard and screen readers).
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import { TimeSeriesChart, type ChartExemplar, type ChartThreshold } from '@/components/charts/TimeSeriesChart';
import { Notice } from '@/components/shell/Notice';
import { EmptyState } from '@/components/shell/EmptyState';
import { SourceError } from '@/components/investigation/trace/SourceError';
import { formatValue } from '@/lib/charts/format';
import type { SourceResult } from '@/lib/correlate/source-result';
import type { AlertChartData, AlertExemplars, AlertRuleInfo } from '@/lib/investigation/alerts/types';
import { traceHref } from '@/lib/investigation/alerts/alert-window';
import { formatInstant } from '@/lib/time-range';
import { shortInstant } from './format';
import styles from './alert-view.module.css';

const LISTED_EXEMPLARS = 20;

export interface FiringEpisode {
  startMs: number;
  endMs: number;
  ongoing: boolean;
}

function ExemplarList({ exemplars, windowEndMs }: { exemplars: AlertExemplars; windowEndMs: number }) {
  const listed = useMemo(() => [...exemplars.items].sort((a, b) => b.value - a.value).slice(0, LISTED_EXEMPLARS), [exemplars.items]);
  if (exemplars.items.length === 0) {
    return (
      <EmptyState
        compact
        headingLevel={3}
        title="No exemplars in this window"
        description="The metrics behind this expression carry no trace ids here (exemplar storage off, or the instrumentation does not attach them). The slowest and failed traces of the service are listed beside the chart."
      />
    );
  }
  return (
    <div data-testid="exemplar-list">
      <h3 className="visually-hidden">Exemplars</h3>
      <table className={`table ${styles.smallTable}`}>
        <caption className={styles.meta} style={{ captionSide: 'bottom', textAlign: 'left' }}>
          {listed.length < exemplars.items.length
            ? `The ${listed.length} highest of ${exemplars.items.length} exemplars on the chart.`
            : `${exemplars.items.length} exemplar${exemplars.items.length === 1 ? '' : 's'}, highest value first.`}
          {exemplars.truncated ? ` The window holds ${exemplars.total}: the chart shows the highest few of each stretch of time.` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Trace</th>
            <th scope="col" className={styles.num}>
              Value
            </th>
            <th scope="col">Time (UTC)</th>
          </tr>
        </thead>
        <tbody>
          {listed.map((exemplar) => (
            <tr key={`${exemplar.traceId}:${exemplar.timeMs}`}>
              <td>
                <Link href={exemplar.href} className={styles.traceLink} data-testid="exemplar-link">
                  {exemplar.traceId}
                </Link>
              </td>
              <td className={styles.num}>{formatValue(exemplar.value, exemplar.valueUnit)}</td>
              <td className={styles.nowrap} title={formatInstant(exemplar.timeMs)}>
                {shortInstant(exemplar.timeMs, windowEndMs)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AlertChartPanel({
  rule,
  chart,
  exemplars,
  episode,
  windowEndMs,
  onRetry,
}: {
  rule: AlertRuleInfo;
  chart: SourceResult<AlertChartData>;
  exemplars: SourceResult<AlertExemplars> | null;
  episode: FiringEpisode | null;
  windowEndMs: number;
  onRetry: () => void;
}) {
  const router = useRouter();
  const chartExemplars: ChartExemplar[] = useMemo(
    () =>
      exemplars?.status === 'ok'
        ? exemplars.data.items.map((item) => ({
            timeMs: item.timeMs,
            value: item.plotValue,
            traceId: item.traceId,
            label: 'Exemplar',
            valueText: formatValue(item.value, item.valueUnit),
          }))
        : [],
    [exemplars],
  );
  const thresholds: ChartThreshold[] = useMemo(
    () => (rule.comparison ? [{ value: rule.comparison.threshold, label: `${rule.comparison.op} ${rule.comparison.threshold}` }] : []),
    [rule.comparison],
  );
  const band = useMemo(() => (episode ? { startMs: episode.startMs, endMs: episode.endMs, label: episode.ongoing ? 'firing' : 'fired' } : undefined), [episode]);

  return (
    <section className={styles.panel} aria-labelledby="chart-heading" data-testid="alert-chart-panel">
      <div className={styles.panelHeader}>
        <h2 id="chart-heading">Expression</h2>
        {chart.status === 'ok' && <span className={`mono ${styles.meta}`}>{chart.data.query.length > 90 ? `${chart.data.query.slice(0, 90)}…` : chart.data.query}</span>}
      </div>
      {chart.status === 'error' ? (
        <SourceError error={chart.error} what="Chart" onRetry={onRetry} />
      ) : chart.data.series.length === 0 ? (
        <EmptyState compact headingLevel={3} title="No data for this expression in the window" description="Prometheus returned no series: widen the time range, or check that the metrics are still scraped." />
      ) : (
        <>
          {chart.data.filtered && <p className={styles.meta}>Showing this alert&apos;s series only ({chart.data.series.length} of {chart.data.totalSeries}).</p>}
          {chart.data.truncated && <Notice kind="truncated">Only the first {chart.data.series.length} series are drawn.</Notice>}
          <TimeSeriesChart
            ariaLabel={`${rule.name}: ${chart.data.query}`}
            series={chart.data.series}
            unit={chart.data.unit}
            height={280}
            thresholds={thresholds}
            band={band}
            exemplars={chartExemplars}
            onExemplarClick={(exemplar) => router.push(traceHref(exemplar.traceId, exemplar.timeMs))}
          />
          {chartExemplars.length > 0 && <p className={styles.meta}>Diamonds are exemplars: hover one for its trace and value, click it to open the trace.</p>}
          {!rule.comparison && <p className={styles.meta}>The expression is not a comparison with a constant: no threshold to draw; it has values while the alert fires.</p>}
        </>
      )}
      <div style={{ marginTop: 12 }}>
        {exemplars === null ? null : exemplars.status === 'error' ? (
          <SourceError error={exemplars.error} what="Exemplars" onRetry={onRetry} />
        ) : (
          <ExemplarList exemplars={exemplars.data} windowEndMs={windowEndMs} />
        )}
      </div>
    </section>
  );
}
