// SLO attainment of a calendar month and of each of its local days, and the month's SLO burns, from the event
// buckets lib/slo reads (readEventBuckets: hour buckets plus partial spans at the ends). The budget math is
// lib/slo's (periodReport, dailyBudget), so the report and the SLO pages agree; this module adds what the
// review needs on top: each day's burn rate, met or missed, the change from last month, and burn intervals.
// Pure.
import { errorBudget } from '../slo/burn-rate';
import { dailyBudget, periodReport, type EventBucket, type PeriodReport } from '../slo/period';
import type { ReportMonth } from './month';
import type { BurnInterval, DayAttainment, MonthAttainment } from './types';

/** A day before its trace links are attached (they need the SLI: load-slos adds them). */
export type DayMeasure = Omit<DayAttainment, 'failedTracesHref' | 'slowTracesHref'>;

export interface MonthMeasure {
  month: MonthAttainment;
  days: DayMeasure[];
  report: PeriodReport;
}

/**
 * The month so far: its SLI and the share of its budget spent. In a month still running the budget is the
 * whole month's (periodBudget extrapolates the traffic), so "spent" grows through the month; the days' spend
 * adds up to the month's.
 */
export function measureMonth(buckets: readonly EventBucket[], month: ReportMonth, objective: number, nowMs: number): MonthMeasure {
  const periodMs = month.endMs - month.startMs;
  const elapsedMs = Math.min(periodMs, Math.max(0, nowMs - month.startMs));
  const report = periodReport(buckets, { objective, startMs: month.startMs, endMs: month.endMs, elapsedMs, periodMs });
  const budget = errorBudget(objective);
  const days = dailyBudget(buckets, report.budget, { startMs: month.startMs, endMs: month.endMs }, month.timeZone).map(
    (day): DayMeasure => ({
      date: day.date,
      startMs: day.startMs,
      endMs: day.endMs,
      badEvents: day.badEvents,
      totalEvents: day.totalEvents,
      attainment: day.attainment,
      burnRate: day.attainment === null ? null : (1 - day.attainment) / budget,
      budgetSpent: day.consumed,
    }),
  );
  const attainment = report.budget.attainment;
  return {
    report,
    days,
    month: {
      badEvents: report.badEvents,
      totalEvents: report.totalEvents,
      attainment,
      budgetSpent: attainment === null ? null : report.budget.consumed,
      met: attainment === null ? null : attainment >= objective,
      daysWithData: days.filter((day) => day.totalEvents > 0).length,
    },
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
 * The SLO's real burns in the month: maximal stretches of adjacent buckets burning faster than the threshold,
 * kept when they spent at least `minBudgetShare` of the month's budget (`allowedBadEvents`, lib/slo's
 * PeriodBudget) — so one failed request in a quiet hour is not a burn, and an outage is. A burn spans from its
 * first bucket's start to its last bucket's end; a bucket without data ends a stretch.
 */
export function burnIntervals(sloId: string, buckets: readonly EventBucket[], objective: number, allowedBadEvents: number, options: BurnOptions = DEFAULT_BURN_OPTIONS): BurnInterval[] {
  if (!(allowedBadEvents > 0)) return [];
  const budget = errorBudget(objective);
  const intervals: BurnInterval[] = [];
  let run: { startMs: number; endMs: number; bad: number; peak: number } | null = null;
  const close = () => {
    if (run && run.bad / allowedBadEvents >= options.minBudgetShare) {
      intervals.push({ sloId, startMs: run.startMs, endMs: run.endMs, peakBurnRate: run.peak, budgetShare: run.bad / allowedBadEvents });
    }
    run = null;
  };
  for (const bucket of [...buckets].sort((a, b) => a.startMs - b.startMs)) {
    const bad = bucket.bad ?? 0;
    const burn = bucket.total !== null && bucket.total > 0 ? bad / bucket.total / budget : 0;
    const burning = burn > options.burnRateThreshold;
    const adjacent = run !== null && bucket.startMs <= run.endMs;
    if (!burning || !adjacent) close();
    if (!burning) continue;
    const current: { startMs: number; endMs: number; bad: number; peak: number } = run ?? { startMs: bucket.startMs, endMs: bucket.endMs, bad: 0, peak: 0 };
    current.endMs = bucket.endMs;
    current.bad += bad;
    current.peak = Math.max(current.peak, burn);
    run = current;
  }
  close();
  return intervals;
}
