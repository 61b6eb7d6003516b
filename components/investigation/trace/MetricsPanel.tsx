'use client';
// RED of the selected span's service around the trace: request rate, error ratio and p50/p99 latency, with
// this trace's start marked and its duration shaded; exemplars on the latency chart open other traces.
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { TimeSeriesChart, type ChartExemplar } from '@/components/charts/TimeSeriesChart';
import { EmptyState } from '@/components/shell/EmptyState';
import { ErrorState } from '@/components/shell/ErrorState';
import { Loading } from '@/components/shell/Loading';
import type { ChartSeries } from '@/lib/charts/series-data';
import type { ValueUnit } from '@/lib/charts/format';
import type { SourceResult } from '@/lib/correlate/source-result';
import type { RedSeriesResult, ServiceContext } from '@/lib/correlate/trace-context';
import type { TraceContextResponse } from '@/lib/investigation/api-types';
import { otherTraceHref } from '@/lib/investigation/trace-url';
import type { RawTimeRange } from '@/lib/time-range';
import { apiPath, fetchApi } from './api';
import { SourceError } from './SourceError';
import styles from './trace-view.module.css';

export interface MetricsPanelProps {
  traceId: string;
  service: string;
  window: { startMs: number; endMs: number };
  trace: { startMs: number; endMs: number };
  /** Carried on to other traces opened from an exemplar. */
  range: RawTimeRange | null;
}

function series(name: string, result: SourceResult<RedSeriesResult>): ChartSeries[] {
  return result.status === 'ok' ? [{ name, labels: {}, points: result.data.points }] : [];
}

function hasData(list: ChartSeries[]): boolean {
  return list.some((s) => s.points.some(([, v]) => v !== null));
}

export function MetricsPanel({ traceId, service, window, trace, range }: MetricsPanelProps) {
  const router = useRouter();
  const query = useQuery({
    queryKey: ['trace-context', traceId, service, window.startMs, window.endMs, trace.startMs],
    queryFn: ({ signal }) =>
      fetchApi<TraceContextResponse>(
        apiPath(traceId, 'context', {
          services: service,
          from: String(window.startMs),
          to: String(window.endMs),
          at: String(Math.round(trace.startMs)),
        }),
        signal,
      ),
    staleTime: 60_000,
  });

  const markers = useMemo(() => [{ timeMs: trace.startMs, label: 'this trace' }], [trace.startMs]);
  const band = useMemo(() => ({ startMs: trace.startMs, endMs: trace.endMs, label: 'this trace' }), [trace.startMs, trace.endMs]);

  if (query.isPending) return <Loading label={`Reading ${service}'s request metrics from Prometheus…`} />;
  if (query.isError) return <ErrorState compact headingLevel={3} title="Could not load metrics" message={query.error.message} onRetry={() => query.refetch()} />;

  const context = query.data;
  if (context.profile.status === 'error') return <SourceError error={context.profile.error} what="Metrics" onRetry={() => query.refetch()} />;
  const one: ServiceContext | undefined = context.services.find((s) => s.service === service);
  if (!one) return <EmptyState compact headingLevel={3} title={`No metrics for ${service}`} />;

  const exemplars: ChartExemplar[] =
    one.exemplars.status === 'ok'
      ? one.exemplars.data.exemplars.map((e) => ({
          timeMs: e.timeMs,
          value: e.value,
          traceId: e.traceId,
          label: e.current ? 'this trace' : `trace ${e.traceId.slice(0, 8)}…`,
        }))
      : [];
  const openExemplar = (exemplar: ChartExemplar) => {
    if (exemplar.traceId !== traceId) router.push(otherTraceHref(exemplar.traceId, range));
  };

  const charts: { title: string; unit: ValueUnit; list: ChartSeries[]; results: SourceResult<RedSeriesResult>[]; exemplars?: boolean }[] = [
    { title: 'Request rate', unit: 'reqps', list: series('requests/s', one.series.rate), results: [one.series.rate] },
    { title: 'Error ratio', unit: 'ratio', list: series('errors', one.series.errorRatio), results: [one.series.errorRatio] },
    {
      title: 'Latency',
      unit: 'seconds',
      list: [...series('p50', one.series.p50), ...series('p99', one.series.p99)],
      results: [one.series.p50, one.series.p99],
      exemplars: true,
    },
  ];

  return (
    <div className={styles.metrics} data-testid="trace-metrics">
      <p className={styles.panelCaption}>
        <strong>{service}</strong> from {new Date(context.window.startMs).toISOString().slice(11, 16)} to{' '}
        {new Date(context.window.endMs).toISOString().slice(11, 16)} UTC ({context.profile.data.id} metrics, {context.window.stepMs / 1000} s
        step). The line marks this trace&apos;s start.
        {one.exemplars.status === 'ok' && exemplars.length > 0 ? ' Diamonds are exemplars: click one to open that trace.' : ''}
      </p>
      {charts.map((chart) => {
        const failed = chart.results.find((r) => r.status === 'error');
        return (
          <section key={chart.title} className={styles.chart} aria-label={chart.title}>
            <h3 className={styles.chartTitle}>{chart.title}</h3>
            {failed && failed.status === 'error' ? <SourceError error={failed.error} what={chart.title} /> : null}
            {chart.list.length > 0 && hasData(chart.list) ? (
              <TimeSeriesChart
                series={chart.list}
                unit={chart.unit}
                height={chart.exemplars ? 190 : 150}
                markers={markers}
                band={band}
                exemplars={chart.exemplars ? exemplars : undefined}
                onExemplarClick={chart.exemplars ? openExemplar : undefined}
                ariaLabel={`${chart.title} of ${service}`}
              />
            ) : !failed ? (
              <p className={styles.none}>No data for {service} in this window.</p>
            ) : null}
          </section>
        );
      })}
      {one.exemplars.status === 'error' ? <SourceError error={one.exemplars.error} what="Exemplars" /> : null}
    </div>
  );
}
