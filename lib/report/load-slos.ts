// SLO attainment of the month (and of last month, for the change): per SLO, two range queries (numerator and
// total events per 15-minute bucket, PromQL from lib/slo) over each month, run through the limiter, each with
// its own deadline. One SLO's failure is that SLO's problem; the others are still measured.
import type { PrometheusClient } from '../datasources/prometheus/client';
import { asDatasourceError, toSourceFailure, type SourceFailure } from '../datasources/errors';
import type { Series } from '../model/metrics';
import { renderEventQuery, numeratorQuery } from '../slo/sli-query';
import { attainmentChange, burnIntervals, dayAttainments, monthAttainment } from './attainment';
import { eventBuckets, type EventBucket } from './event-buckets';
import type { Limiter } from './limit';
import { BUCKET_MS, bucketGrid, monthDays, previousMonth, type ReportMonth } from './month';
import type { ReportSlo } from './slo-source';
import { problemOf, type MonthAttainment, type SloAttainment, type SloSection, type SourceProblem } from './types';

export interface SloSources {
  prometheus: Pick<PrometheusClient, 'queryRange'>;
}

export interface LoadOptions {
  nowMs: number;
  limit: Limiter;
  /** Deadline of each query. */
  queryTimeoutMs: number;
  signal?: AbortSignal;
}

export const SLO_METHOD =
  'Each SLO is measured over the calendar month in the report’s time zone, whatever its own window: good and total events are counted per 15 minutes and summed per day and per month. Budget spent is the share of the month’s error budget (1 − objective of the month’s events) the failures used.';

interface MonthMeasure {
  buckets: EventBucket[];
  month: MonthAttainment;
  days: ReturnType<typeof dayAttainments>;
}

async function measure(sources: SloSources, slo: ReportSlo, month: ReportMonth, options: LoadOptions): Promise<MonthMeasure> {
  const days = monthDays(month);
  const grid = bucketGrid(month, options.nowMs);
  if (!grid) {
    const empty = dayAttainments([], days, slo.ref.objective);
    return { buckets: [], month: monthAttainment(empty, month, slo.ref.objective, options.nowMs), days: empty };
  }
  const call = { signal: options.signal, timeoutMs: options.queryTimeoutMs };
  const run = (expr: string) =>
    options.limit(async (): Promise<Series[]> => {
      const result = await sources.prometheus.queryRange(expr, grid.startMs, grid.endMs, grid.stepMs, call);
      return result.type === 'matrix' ? result.series : [];
    });
  const [numerator, total] = await Promise.all([run(renderEventQuery(numeratorQuery(slo.sli), BUCKET_MS)), run(renderEventQuery(slo.sli.totalQuery, BUCKET_MS))]);
  const buckets = eventBuckets(numerator, total, slo.sli.type, BUCKET_MS);
  const dayList = dayAttainments(buckets, days, slo.ref.objective);
  return { buckets, month: monthAttainment(dayList, month, slo.ref.objective, options.nowMs), days: dayList };
}

function failureOf(error: unknown): SourceFailure {
  return toSourceFailure(asDatasourceError('prometheus', error));
}

export async function loadSloSection(sources: SloSources, slos: readonly ReportSlo[], month: ReportMonth, options: LoadOptions): Promise<{ data: SloSection; problems: SourceProblem[] }> {
  const problems: SourceProblem[] = [];
  const last = previousMonth(month);
  const results = await Promise.all(
    slos.map(async (slo): Promise<SloAttainment> => {
      const [current, previous] = await Promise.allSettled([measure(sources, slo, month, options), measure(sources, slo, last, options)]);
      const failure = current.status === 'rejected' ? failureOf(current.reason) : null;
      const previousFailure = previous.status === 'rejected' ? failureOf(previous.reason) : null;
      const name = `${slo.ref.service}/${slo.ref.name}`;
      if (failure) problems.push(problemOf(`SLO ${name}, ${month.label}`, failure));
      if (previousFailure) problems.push(problemOf(`SLO ${name}, ${last.label} (for the change)`, previousFailure));
      const now = current.status === 'fulfilled' ? current.value : null;
      const before = previous.status === 'fulfilled' ? previous.value : null;
      return {
        slo: slo.ref,
        month: now?.month ?? null,
        previous: before?.month ?? null,
        change: attainmentChange(now?.month ?? null, before?.month ?? null),
        days: now?.days ?? [],
        burns: now ? burnIntervals(slo.ref.id, now.buckets, slo.ref.objective, now.month, BUCKET_MS) : [],
        failure,
        previousFailure,
      };
    }),
  );
  const days = monthDays(month).map((day) => ({ date: day.date, startMs: day.startMs, endMs: day.endMs }));
  return { data: { slos: results, days, method: SLO_METHOD }, problems };
}
