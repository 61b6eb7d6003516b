// Error budgets and burn rates, after the Google SRE Workbook, chapter 5 ("Alerting on SLOs"):
// https://sre.google/workbook/alerting-on-slos/ — pure arithmetic, no I/O.
//
//   error budget      = 1 - objective                      (0.999 -> 0.001 of events may fail)
//   burn rate         = error ratio / error budget         (1 = the budget lasts exactly the period)
//   budget consumed   = burn rate x window / period        (14.4 for 1 h of a 30-day period = 2 %)
//   alert threshold   = budget fraction x period / window  (2 % in 1 h of 30 days -> 14.4)
import { DAY_MS, HOUR_MS, MINUTE_MS, formatDuration } from './durations';

export type AlertSeverity = 'page' | 'ticket';

/** One multiwindow alert: fire when both windows burn faster than spending `budgetFraction` in `longWindowMs`. */
export interface BurnRatePolicy {
  severity: AlertSeverity;
  longWindowMs: number;
  shortWindowMs: number;
  /** Share of the period's budget that the long window may consume before this alert fires. */
  budgetFraction: number;
}

export interface BurnRateWindow extends BurnRatePolicy {
  /** "1h", "5m": Prometheus durations, as in rule names (slo:sli_error:ratio_rate1h). */
  long: string;
  short: string;
  /** The burn rate both windows must exceed (14.4 for 1h/5m of a 30-day period). */
  threshold: number;
}

/** The Workbook's recommended pairs: page 1h/5m (2 %), page 6h/30m (5 %), ticket 1d/2h (10 %), ticket 3d/6h (10 %). */
export const WORKBOOK_POLICY: readonly BurnRatePolicy[] = [
  { severity: 'page', longWindowMs: HOUR_MS, shortWindowMs: 5 * MINUTE_MS, budgetFraction: 0.02 },
  { severity: 'page', longWindowMs: 6 * HOUR_MS, shortWindowMs: 30 * MINUTE_MS, budgetFraction: 0.05 },
  { severity: 'ticket', longWindowMs: DAY_MS, shortWindowMs: 2 * HOUR_MS, budgetFraction: 0.1 },
  { severity: 'ticket', longWindowMs: 3 * DAY_MS, shortWindowMs: 6 * HOUR_MS, budgetFraction: 0.1 },
];

/** Every distinct window the policy looks at, shortest first: 5m 30m 1h 2h 6h 1d 3d. */
export function policyWindowsMs(policy: readonly BurnRatePolicy[] = WORKBOOK_POLICY): number[] {
  return [...new Set(policy.flatMap((p) => [p.shortWindowMs, p.longWindowMs]))].sort((a, b) => a - b);
}

/** Removes float noise from arithmetic on decimal inputs (1 - 0.999 = 0.0010000000000000009 -> 0.001). */
export function roundNoise(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(12)) : value;
}

function checkObjective(objective: number): void {
  if (!(objective > 0 && objective < 1)) throw new RangeError(`The objective is a ratio between 0 and 1 (exclusive), got ${objective}`);
}

/** The share of events that may fail: 1 - objective (0.999 -> 0.001). */
export function errorBudget(objective: number): number {
  checkObjective(objective);
  return roundNoise(1 - objective);
}

/** How fast the budget burns: error ratio / error budget. 1 spends exactly the budget over the period. */
export function burnRate(errorRatio: number, objective: number): number {
  return errorRatio / errorBudget(objective);
}

/** The share of the period's budget a burn rate sustained over a window spends: burnRate x window / period. */
export function budgetConsumed(rate: number, windowMs: number, periodMs: number): number {
  if (!(periodMs > 0)) throw new RangeError(`The period must be positive, got ${periodMs}`);
  return (rate * windowMs) / periodMs;
}

/** The burn rate at which `windowMs` spends `budgetFraction` of the period's budget: fraction x period / window. */
export function burnRateThreshold(budgetFraction: number, periodMs: number, windowMs: number): number {
  if (!(windowMs > 0)) throw new RangeError(`The window must be positive, got ${windowMs}`);
  return roundNoise((budgetFraction * periodMs) / windowMs);
}

/** The policy's window pairs with their thresholds for a period (30 days: 14.4, 6, 3, 1; 28 days: 13.44, 5.6, 2.8, 0.93). */
export function burnRateWindows(periodMs: number, policy: readonly BurnRatePolicy[] = WORKBOOK_POLICY): BurnRateWindow[] {
  return policy.map((p) => ({
    ...p,
    long: formatDuration(p.longWindowMs),
    short: formatDuration(p.shortWindowMs),
    threshold: burnRateThreshold(p.budgetFraction, periodMs, p.longWindowMs),
  }));
}

/**
 * A window pair's state, from its long and short windows against the threshold (as in the Workbook and
 * Grafana's SLO views): both above — Critical (the alert fires); long above, short below — Recovering (it
 * burned, has stopped, and the alert resets within the short window); short above, long below — Increasing
 * (a new burn that has not lasted long enough); neither — Acceptable. No data in either window: no-data.
 */
export type BurnStatus = 'critical' | 'recovering' | 'increasing' | 'acceptable' | 'no-data';

export function burnStatus(longBurn: number | null, shortBurn: number | null, threshold: number): BurnStatus {
  if (longBurn === null || shortBurn === null || Number.isNaN(longBurn) || Number.isNaN(shortBurn)) return 'no-data';
  // Float noise is not a burn: a service failing exactly at its budget reads 1.0000000000000009, not above 1.
  const longAbove = roundNoise(longBurn) > threshold;
  const shortAbove = roundNoise(shortBurn) > threshold;
  if (longAbove && shortAbove) return 'critical';
  if (longAbove) return 'recovering';
  if (shortAbove) return 'increasing';
  return 'acceptable';
}

export const STATUS_LABELS: Record<BurnStatus, string> = {
  critical: 'Critical',
  recovering: 'Recovering',
  increasing: 'Increasing',
  acceptable: 'Acceptable',
  'no-data': 'No data',
};

/** A pair that burns above its threshold in at least one window. */
export function isBurning(status: BurnStatus): boolean {
  return status === 'critical' || status === 'recovering' || status === 'increasing';
}

/** Worst first: the order a list of statuses is summarised in. */
export const STATUS_SEVERITY: Record<BurnStatus, number> = { critical: 4, increasing: 3, recovering: 2, acceptable: 1, 'no-data': 0 };

/**
 * Low traffic. With N events in a window one failure moves the error ratio by 1/N, so once
 * 1/N > threshold x budget a single failed request lifts that window over its alert threshold: the ratio then
 * describes individual requests, not the service. A window is low-traffic below
 *   minEvents = ceil(1 / (threshold x (1 - objective)))
 * events — for 99.9 % and the 1h/5m pair (14.4) that is 70 requests in the window; for the 3d/6h pair (1), 1000.
 * The Workbook's remedies apply (generate synthetic traffic, combine services, lower the objective).
 */
export function minEventsForWindow(threshold: number, objective: number): number {
  return Math.ceil(roundNoise(1 / (threshold * errorBudget(objective))));
}

export function isLowTraffic(totalEvents: number | null, threshold: number, objective: number): boolean {
  return totalEvents !== null && totalEvents < minEventsForWindow(threshold, objective);
}

export interface PeriodBudgetInput {
  /** Failed (bad) events counted so far in the period. */
  badEvents: number;
  /** All events counted so far in the period. */
  totalEvents: number;
  objective: number;
  /** How much of the period has passed (a rolling window: all of it). */
  elapsedMs: number;
  periodMs: number;
}

export interface PeriodBudget {
  /** bad / total so far; null without events. */
  errorRatio: number | null;
  /** 1 - errorRatio: the SLI over the period so far. */
  attainment: number | null;
  /** Average burn rate so far. */
  burnRate: number | null;
  /** Share of the whole period's budget spent: burnRate x elapsed / period. Above 1: exhausted. */
  consumed: number;
  /** 1 - consumed (negative once the budget is overspent). */
  remaining: number;
  /** Failures the period may hold in total at this traffic: budget x total, scaled from elapsed to the period. */
  allowedBadEvents: number;
}

/**
 * The budget of a period so far. For a rolling window elapsed = period and consumed = bad / (budget x total).
 * A calendar month on its 10th day has seen a third of its traffic: burning at 1 so far has spent a third of
 * the month's budget, not all of it — the month's expected traffic is extrapolated from what has passed. The
 * result adds up: the consumption of each day of a month sums to the month's.
 */
export function periodBudget(input: PeriodBudgetInput): PeriodBudget {
  const { badEvents, totalEvents, objective, elapsedMs, periodMs } = input;
  const budget = errorBudget(objective);
  if (!(periodMs > 0)) throw new RangeError(`The period must be positive, got ${periodMs}`);
  const elapsedShare = Math.min(1, Math.max(0, elapsedMs / periodMs));
  if (!(totalEvents > 0) || elapsedShare === 0) {
    return { errorRatio: null, attainment: null, burnRate: null, consumed: 0, remaining: 1, allowedBadEvents: 0 };
  }
  const errorRatio = Math.min(1, Math.max(0, badEvents / totalEvents));
  const rate = errorRatio / budget;
  const consumed = rate * elapsedShare;
  return {
    errorRatio,
    attainment: 1 - errorRatio,
    burnRate: rate,
    consumed,
    remaining: 1 - consumed,
    allowedBadEvents: (budget * totalEvents) / elapsedShare,
  };
}

/** How long the remaining budget lasts at a burn rate: remaining x period / rate. Null when it never runs out. */
export function timeToExhaustionMs(remaining: number, rate: number, periodMs: number): number | null {
  if (!(rate > 0)) return null;
  return Math.max(0, (remaining * periodMs) / rate);
}
