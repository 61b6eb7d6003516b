// SLO attainment of the month (and of last month, for the change). Events are read with lib/slo's
// readEventBuckets (hour buckets, settled ones shared with the SLO pages' cache), one SLO-month at a time
// through the limiter, each under its own deadline. One SLO's failure is that SLO's problem; the others are
// still measured.
import type { PrometheusClient } from '../datasources/prometheus/client';
import { asDatasourceError, DatasourceError, toSourceFailure, type SourceFailure } from '../datasources/errors';
import { readEventBuckets, type BucketCache } from '../slo/read-slo';
import { traceLinks } from '../slo/trace-links';
import { attainmentChange, burnIntervals, measureMonth, type MonthMeasure } from './attainment';
import type { Limiter } from './limit';
import { monthDays, previousMonth, type ReportMonth } from './month';
import type { ReportSlo } from './slo-source';
import { problemOf, type SloAttainment, type SloSection, type SourceProblem } from './types';

export interface SloSources {
  prometheus: Pick<PrometheusClient, 'query' | 'queryRange'>;
}

export interface LoadOptions {
  nowMs: number;
  limit: Limiter;
  /** Deadline of one SLO-month's reading (its two to six queries). */
  queryTimeoutMs: number;
  /** The section's deadline: readings still queued or running when it passes stop there. */
  signal?: AbortSignal;
  /** lib/slo's bucket cache (the process's shared one in the service). */
  cache?: BucketCache;
  /** The cache's scope: the Prometheus and tenant read (lib/slo/backend's sloCacheScope), so tenants never share buckets. */
  cacheScope?: string;
}

export const SLO_METHOD =
  'Each SLO is measured over the calendar month in the report’s time zone, whatever its own window: good and total events are counted per hour (as on the SLO pages) and summed per local day and per month. Budget spent is the share of the month’s error budget (1 − objective, times the month’s events) the failures used.';

async function withDeadline<T>(timeoutMs: number, outer: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const deadline = AbortSignal.timeout(timeoutMs);
  try {
    return await work(outer ? AbortSignal.any([deadline, outer]) : deadline);
  } catch (error) {
    // Our own deadline aborts the request: say "timed out", not "aborted".
    if (deadline.aborted) throw new DatasourceError({ backend: 'prometheus', kind: 'timeout', message: `Prometheus did not answer within ${Math.round(timeoutMs / 1000)} s`, cause: error });
    throw error;
  }
}

/** The client with our per-query deadline on every call (lib/slo's reader passes only a signal). */
function withTimeout(prometheus: SloSources['prometheus'], timeoutMs: number): SloSources['prometheus'] {
  return {
    query: (expr, timeMs, opts) => prometheus.query(expr, timeMs, { ...opts, timeoutMs }),
    queryRange: (expr, startMs, endMs, stepMs, opts) => prometheus.queryRange(expr, startMs, endMs, stepMs, { ...opts, timeoutMs }),
  };
}

async function measure(sources: SloSources, slo: ReportSlo, month: ReportMonth, options: LoadOptions): Promise<MonthMeasure & { buckets: Awaited<ReturnType<typeof readEventBuckets>> }> {
  const span = { startMs: month.startMs, endMs: Math.min(month.endMs, options.nowMs) };
  const buckets =
    span.endMs > span.startMs
      ? await options.limit(() => withDeadline(options.queryTimeoutMs, options.signal, (signal) => readEventBuckets(withTimeout(sources.prometheus, options.queryTimeoutMs), slo.sli, span, { signal, nowMs: options.nowMs, cache: options.cache, cacheScope: options.cacheScope })))
      : [];
  return { ...measureMonth(buckets, month, slo.ref.objective, options.nowMs), buckets };
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
        days: (now?.days ?? []).map((day) => {
          const links = traceLinks(slo.ref.service, slo.sli, { fromMs: day.startMs, toMs: day.endMs });
          return { ...day, failedTracesHref: links.failed, slowTracesHref: links.slow };
        }),
        burns: now ? burnIntervals(slo.ref.id, now.buckets, slo.ref.objective, now.report.budget.allowedBadEvents) : [],
        failure,
        previousFailure,
      };
    }),
  );
  const days = monthDays(month).map((day) => ({ date: day.date, startMs: day.startMs, endMs: day.endMs }));
  return { data: { slos: results, days, method: SLO_METHOD }, problems };
}
