// SLO attainment of a month and of each of its days, from event buckets; budget math is lib/slo's
// (errorBudget, periodBudget) so the report and the SLO pages agree. Pure.
import { errorBudget, periodBudget } from '../slo/burn-rate';
import type { EventBucket } from './event-buckets';
import { dayIndexOfBucket, type ReportMonth, type ZonedDay } from './month';
import type { BurnInterval, DayAttainment, MonthAttainment } from './types';

/** Per local day: events summed from the buckets that end in it. */
export function dayAttainments(buckets: readonly EventBucket[], days: readonly ZonedDay[], objective: number): DayAttainment[] {
  const budget = errorBudget(objective);
  const sums = days.map(() => ({ bad: 0, total: 0 }));
  for (const bucket of buckets) {
    const index = dayIndexOfBucket(days, bucket.endMs);
    if (index < 0) continue;
    sums[index].bad += bucket.bad;
    sums[index].total += bucket.total;
  }
  return days.map((day, index) => {
    const { bad, total } = sums[index];
    const errorRatio = total > 0 ? bad / total : null;
    return {
      date: day.date,
      startMs: day.startMs,
      endMs: day.endMs,
      badEvents: bad,
      totalEvents: total,
      attainment: errorRatio === null ? null : 1 - errorRatio,
      burnRate: errorRatio === null ? null : errorRatio / budget,
    };
  });
}

/**
 * The month so far: its SLI and the share of the month's budget spent. For a month still running, the budget
 * is the whole month's (periodBudget extrapolates the traffic), so "spent" grows through the month.
 */
export function monthAttainment(days: readonly DayAttainment[], month: ReportMonth, objective: number, nowMs: number): MonthAttainment {
  let bad = 0;
  let total = 0;
  let daysWithData = 0;
  for (const day of days) {
    bad += day.badEvents;
    total += day.totalEvents;
    if (day.totalEvents > 0) daysWithData++;
  }
  const periodMs = month.endMs - month.startMs;
  const elapsedMs = Math.min(periodMs, Math.max(0, nowMs - month.startMs));
  if (!(total > 0) || elapsedMs === 0) {
    return { badEvents: bad, totalEvents: total, attainment: null, budgetSpent: null, met: null, daysWithData };
  }
  const budget = periodBudget({ badEvents: bad, totalEvents: total, objective, elapsedMs, periodMs });
  const attainment = budget.attainment;
  return {
    badEvents: bad,
    totalEvents: total,
    attainment,
    budgetSpent: budget.consumed,
    met: attainment === null ? null : attainment >= objective,
    daysWithData,
  };
}

/** This month minus last month in percentage points (attainment 99.2 % vs 99.5 %: -0.3). */
export function attainmentChange(current: MonthAttainment | null, previous: MonthAttainment | null): { attainmentPoints: number | null; budgetSpentPoints: number | null } {
  const diff = (a: number | null | undefined, b: number | null | undefined) => (a === null || a === undefined || b === null || b === undefined ? null : (a - b) * 100);
  return {
    attainmentPoints: diff(current?.attainment, previous?.attainment),
    budgetSpentPoints: diff(current?.budgetSpent, previous?.budgetSpent),
  };
}

export interface BurnOptions {
  /** A bucket burns when its error ratio exceeds this many times the budget (default 2). */
  burnRateThreshold: number;
  /** A stretch counts only when it spent at least this share of the month's budget (default 0.01). */
  minBudgetShare: number;
}

export const DEFAULT_BURN_OPTIONS: BurnOptions = { burnRateThreshold: 2, minBudgetShare: 0.01 };

/**
 * The SLO's real burns in the month: maximal stretches of consecutive buckets burning faster than the
 * threshold, kept when they spent at least `minBudgetShare` of the month's budget — so one failed request in a
 * quiet quarter hour is not a burn, and an outage is. A burn spans [first bucket's start, last bucket's end].
 */
export function burnIntervals(
  sloId: string,
  buckets: readonly EventBucket[],
  objective: number,
  month: MonthAttainment,
  stepMs: number,
  options: BurnOptions = DEFAULT_BURN_OPTIONS,
): BurnInterval[] {
  const budget = errorBudget(objective);
  // Failures the whole month may hold: budget x total, scaled like periodBudget when only part has passed.
  const allowedBad = month.totalEvents > 0 && month.budgetSpent !== null && month.budgetSpent > 0 ? month.badEvents / month.budgetSpent : null;
  if (allowedBad === null) return [];
  const intervals: BurnInterval[] = [];
  let run: { startMs: number; endMs: number; bad: number; peak: number } | null = null;
  const close = () => {
    if (run && run.bad / allowedBad >= options.minBudgetShare) {
      intervals.push({ sloId, startMs: run.startMs, endMs: run.endMs, peakBurnRate: run.peak, budgetShare: run.bad / allowedBad });
    }
    run = null;
  };
  for (const bucket of buckets) {
    const burn = bucket.total > 0 ? bucket.bad / bucket.total / budget : 0;
    const burning = burn > options.burnRateThreshold;
    const contiguous = run !== null && bucket.endMs - run.endMs <= stepMs;
    if (!burning || !contiguous) close();
    if (!burning) continue;
    if (run === null) run = { startMs: bucket.endMs - stepMs, endMs: bucket.endMs, bad: 0, peak: 0 };
    const current: { startMs: number; endMs: number; bad: number; peak: number } = run;
    current.endMs = bucket.endMs;
    current.bad += bucket.bad;
    current.peak = Math.max(current.peak, burn);
  }
  close();
  return intervals;
}
