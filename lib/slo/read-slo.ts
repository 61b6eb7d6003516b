// Reading an SLO's numbers from Prometheus. Every figure is computed from the two event queries (bad or good,
// and total) read separately, so a healthy service whose error counter has no series yet reads as 0 % errors
// rather than "no data". The period is counted in hour buckets (period.ts); settled buckets are cached, so
// the next look at a 30-day SLO asks Prometheus for the last hour only.
import type { PrometheusClient } from '../datasources/prometheus/client';
import type { PromQueryResult } from '../model/metrics';
import { errorBudget, policyWindowsMs } from './burn-rate';
import { burnRates, windowReading, type BurnRates } from './burn-status';
import { MINUTE_MS } from './durations';
import { sloPeriod, type SloDefinition, type SloPeriod } from './model';
import { BUCKET_MS, periodReport, planBuckets, type EventBucket, type PeriodReport, type TimeSpan } from './period';
import { numeratorQuery, renderEventQuery, type Sli } from './sli-query';

export type SloPrometheus = Pick<PrometheusClient, 'query' | 'queryRange'>;

export interface ReadOptions {
  signal?: AbortSignal;
  /** The clock, for which buckets are settled; defaults to Date.now(). */
  nowMs?: number;
  cache?: BucketCache;
  /** Which Prometheus (and tenant) the cached buckets belong to, e.g. "<url>|<tenant>"; default "". */
  cacheScope?: string;
  /** Deadline of these long-window queries (3-day burn rates, a quarter of hour buckets); default the connection's. */
  periodTimeoutMs?: number;
}

/** A bucket is settled (kept in the cache) once it ended this long ago: late scrapes and rule runs are in. */
export const SETTLE_MS = 5 * MINUTE_MS;

/**
 * Settled bucket values per event query and Prometheus (events per second over the bucket, null for no
 * data). Bounded by the number of keys; a key's buckets go together.
 */
export class BucketCache {
  private readonly byQuery = new Map<string, Map<number, number | null>>();
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(private readonly maxQueries = 400) {}

  /**
   * Runs `work` for a key once the previous work for it has settled: two pages (or the demo warm-up) reading
   * the same 30 days do not both ask Prometheus for them — the second finds the first one's buckets cached.
   */
  async exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.pending.get(key);
    const run = (before ?? Promise.resolve()).catch(() => undefined).then(work);
    this.pending.set(key, run);
    try {
      return await run;
    } finally {
      if (this.pending.get(key) === run) this.pending.delete(key);
    }
  }

  read(query: string): Map<number, number | null> | undefined {
    const values = this.byQuery.get(query);
    if (values) {
      this.byQuery.delete(query);
      this.byQuery.set(query, values);
    }
    return values;
  }

  write(query: string, endMs: number, value: number | null): void {
    let values = this.byQuery.get(query);
    if (!values) {
      values = new Map();
      this.byQuery.set(query, values);
      while (this.byQuery.size > this.maxQueries) {
        const oldest = this.byQuery.keys().next().value;
        if (oldest === undefined) break;
        this.byQuery.delete(oldest);
      }
    }
    values.set(endMs, value);
  }

  clear(): void {
    this.byQuery.clear();
  }
}

/** The process's cache (the SLO pages share it). */
export const sharedBucketCache = new BucketCache();

/** An instant result as one number: the sum of its series; null for none (or only NaN: 0/0). */
export function resultValue(result: PromQueryResult): number | null {
  if (result.type === 'scalar') return Number.isFinite(result.sample.value) ? result.sample.value : null;
  if (result.type !== 'vector') return null;
  let sum: number | null = null;
  for (const sample of result.samples) {
    if (!Number.isFinite(sample.value)) continue;
    sum = (sum ?? 0) + sample.value;
  }
  return sum;
}

/** A range result as one number per timestamp (the sum of the series). */
export function resultValuesByTime(result: PromQueryResult): Map<number, number> {
  const byTime = new Map<number, number>();
  if (result.type !== 'matrix') return byTime;
  for (const series of result.series) {
    for (const sample of series.samples) {
      if (!Number.isFinite(sample.value)) continue;
      byTime.set(sample.timeMs, (byTime.get(sample.timeMs) ?? 0) + sample.value);
    }
  }
  return byTime;
}

/** Bad events per second from the SLI's two parts: bad itself, or total - good (never below 0). */
export function badRateOf(sli: Sli, numerator: number | null, total: number | null): number | null {
  if (sli.type === 'bad') return numerator;
  if (total === null) return null;
  return Math.max(0, total - (numerator ?? 0));
}

async function instantRate(prom: SloPrometheus, query: string, windowMs: number, atMs: number, signal?: AbortSignal, timeoutMs?: number): Promise<number | null> {
  return resultValue(await prom.query(renderEventQuery(query, windowMs), atMs, { signal, timeoutMs }));
}

/** The burn rates of the four window pairs at an instant (14 instant queries, in parallel). */
export async function readBurnRates(prom: SloPrometheus, slo: SloDefinition, atMs: number, options: ReadOptions = {}): Promise<BurnRates> {
  const windows = policyWindowsMs();
  const readings = await Promise.all(
    windows.map(async (windowMs) => {
      const [numerator, total] = await Promise.all([
        instantRate(prom, numeratorQuery(slo.sli), windowMs, atMs, options.signal, options.periodTimeoutMs),
        instantRate(prom, slo.sli.totalQuery, windowMs, atMs, options.signal, options.periodTimeoutMs),
      ]);
      return windowReading(windowMs, badRateOf(slo.sli, numerator, total), total);
    }),
  );
  return burnRates(readings, slo.objective, sloPeriod(slo.window, atMs).periodMs);
}

/** Events per second in each grid bucket of one event query, from the cache where settled. */
async function gridRates(prom: SloPrometheus, query: string, grid: NonNullable<ReturnType<typeof planBuckets>['grid']>, options: ReadOptions): Promise<Map<number, number | null>> {
  const key = `${options.cacheScope ?? ''}\u0000${query}`;
  const cache = options.cache;
  return cache ? cache.exclusive(key, () => readGridRates(prom, query, key, grid, options)) : readGridRates(prom, query, key, grid, options);
}

async function readGridRates(prom: SloPrometheus, query: string, key: string, grid: NonNullable<ReturnType<typeof planBuckets>['grid']>, options: ReadOptions): Promise<Map<number, number | null>> {
  const nowMs = options.nowMs ?? Date.now();
  const cached = options.cache?.read(key);
  const out = new Map<number, number | null>();
  const missing: number[] = [];
  for (let endMs = grid.firstEndMs; endMs <= grid.lastEndMs; endMs += grid.stepMs) {
    const hit = endMs <= nowMs - SETTLE_MS ? cached?.get(endMs) : undefined;
    if (hit !== undefined) out.set(endMs, hit);
    else missing.push(endMs);
  }
  if (missing.length > 0) {
    const firstMs = missing[0];
    const lastMs = missing[missing.length - 1];
    const result = await prom.queryRange(renderEventQuery(query, grid.stepMs), firstMs, lastMs, grid.stepMs, { signal: options.signal, timeoutMs: options.periodTimeoutMs });
    const byTime = resultValuesByTime(result);
    for (const endMs of missing) {
      const value = byTime.get(endMs) ?? null;
      out.set(endMs, value);
      if (endMs <= nowMs - SETTLE_MS) options.cache?.write(key, endMs, value);
    }
  }
  return out;
}

function wholeSeconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** Events in a partial span (startMs, endMs] with one instant query over its length; null when it is too short to read. */
async function spanBucket(prom: SloPrometheus, sli: Sli, span: TimeSpan, options: ReadOptions): Promise<EventBucket> {
  const windowMs = wholeSeconds(span.endMs - span.startMs);
  if (windowMs < 1000) return { ...span, bad: null, total: null };
  const [numerator, total] = await Promise.all([
    instantRate(prom, numeratorQuery(sli), windowMs, span.endMs, options.signal, options.periodTimeoutMs),
    instantRate(prom, sli.totalQuery, windowMs, span.endMs, options.signal, options.periodTimeoutMs),
  ]);
  const seconds = windowMs / 1000;
  const bad = badRateOf(sli, numerator, total);
  return { ...span, bad: bad === null ? null : bad * seconds, total: total === null ? null : total * seconds };
}

/**
 * Events of the SLI in [startMs, endMs], bucket by bucket: a partial span, whole hours, a partial span.
 * This is what daily (and monthly) attainment is built from: see period.ts dailyBudget.
 */
export async function readEventBuckets(prom: SloPrometheus, sli: Sli, span: TimeSpan, options: ReadOptions = {}): Promise<EventBucket[]> {
  const plan = planBuckets(span.startMs, span.endMs, BUCKET_MS);
  const [head, grid, tail] = await Promise.all([
    plan.head ? spanBucket(prom, sli, plan.head, options) : null,
    plan.grid
      ? Promise.all([gridRates(prom, numeratorQuery(sli), plan.grid, options), gridRates(prom, sli.totalQuery, plan.grid, options)]).then(([numerators, totals]) => {
          const seconds = plan.grid!.stepMs / 1000;
          const buckets: EventBucket[] = [];
          for (let endMs = plan.grid!.firstEndMs; endMs <= plan.grid!.lastEndMs; endMs += plan.grid!.stepMs) {
            const total = totals.get(endMs) ?? null;
            const bad = badRateOf(sli, numerators.get(endMs) ?? null, total);
            buckets.push({ startMs: endMs - plan.grid!.stepMs, endMs, bad: bad === null ? null : bad * seconds, total: total === null ? null : total * seconds });
          }
          return buckets;
        })
      : [],
    plan.tail ? spanBucket(prom, sli, plan.tail, options) : null,
  ]);
  return [...(head ? [head] : []), ...grid, ...(tail ? [tail] : [])];
}

export interface SloPeriodReading {
  period: SloPeriod;
  report: PeriodReport;
  buckets: EventBucket[];
}

/** The SLO's period at an instant (rolling: the window ending then; calendar: its month or quarter so far). */
export async function readPeriod(prom: SloPrometheus, slo: SloDefinition, atMs: number, options: ReadOptions = {}): Promise<SloPeriodReading> {
  const period = sloPeriod(slo.window, atMs);
  const buckets = await readEventBuckets(prom, slo.sli, { startMs: period.startMs, endMs: period.evaluatedAtMs }, options);
  const report = periodReport(buckets, { objective: slo.objective, startMs: period.startMs, endMs: period.endMs, elapsedMs: period.elapsedMs, periodMs: period.periodMs });
  return { period, report, buckets };
}

export interface SliSeries {
  stepMs: number;
  /** The rate window of each point: the step, but at least 5 minutes so short steps still see traffic. */
  windowMs: number;
  /** [time, 1 - error ratio] on the step grid; null where there was no traffic. */
  attainment: [number, number | null][];
  /** [time, bad / total]. */
  errorRatio: [number, number | null][];
  /** [time, error ratio / budget]. */
  burnRate: [number, number | null][];
}

/** The SLI over [fromMs, toMs] on a step grid (two range queries). */
export async function readSliSeries(prom: SloPrometheus, slo: SloDefinition, range: { fromMs: number; toMs: number; stepMs: number }, options: ReadOptions = {}): Promise<SliSeries> {
  const { stepMs } = range;
  const windowMs = Math.max(stepMs, 5 * MINUTE_MS);
  const startMs = Math.floor(range.fromMs / stepMs) * stepMs;
  const endMs = Math.ceil(range.toMs / stepMs) * stepMs;
  const [numerators, totals] = await Promise.all(
    [numeratorQuery(slo.sli), slo.sli.totalQuery].map(async (query) =>
      resultValuesByTime(await prom.queryRange(renderEventQuery(query, windowMs), startMs, endMs, stepMs, { signal: options.signal, timeoutMs: options.periodTimeoutMs })),
    ),
  );
  const budget = errorBudget(slo.objective);
  const attainment: [number, number | null][] = [];
  const errorRatio: [number, number | null][] = [];
  const burnRate: [number, number | null][] = [];
  for (let t = startMs; t <= endMs; t += stepMs) {
    const total = totals.get(t) ?? null;
    const reading = windowReading(windowMs, badRateOf(slo.sli, numerators.get(t) ?? null, total), total);
    attainment.push([t, reading.errorRatio === null ? null : 1 - reading.errorRatio]);
    errorRatio.push([t, reading.errorRatio]);
    burnRate.push([t, reading.errorRatio === null ? null : reading.errorRatio / budget]);
  }
  return { stepMs, windowMs, attainment, errorRatio, burnRate };
}
