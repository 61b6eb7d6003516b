// An SLO period's events, counted in buckets: hour buckets on the epoch grid (what one range query with
// step = window = 1 h returns: each sample in exactly one bucket), plus a partial bucket at either end read
// with an instant query over its exact length. From the buckets come the period's budget, the burn-down
// (budget remaining over the period) and daily figures in a time zone. Pure.
import { periodBudget, type PeriodBudget } from './burn-rate';
import { zonedDays } from './calendar';
import { HOUR_MS } from './durations';

export const BUCKET_MS = HOUR_MS;

export interface TimeSpan {
  startMs: number;
  endMs: number;
}

export interface BucketPlan {
  /** Bucket ends on the grid (multiples of stepMs): each covers (end - step, end]. Null when no whole bucket fits. */
  grid: { firstEndMs: number; lastEndMs: number; stepMs: number } | null;
  /** The part before the first whole bucket, and after the last. */
  head: TimeSpan | null;
  tail: TimeSpan | null;
}

/** Cuts [startMs, endMs] into whole grid buckets and the partial spans at either end. */
export function planBuckets(startMs: number, endMs: number, stepMs: number = BUCKET_MS): BucketPlan {
  if (!(endMs > startMs)) return { grid: null, head: null, tail: null };
  const firstEndMs = Math.ceil(startMs / stepMs) * stepMs + stepMs;
  const lastEndMs = Math.floor(endMs / stepMs) * stepMs;
  if (firstEndMs > lastEndMs) return { grid: null, head: { startMs, endMs }, tail: null };
  const gridStartMs = firstEndMs - stepMs;
  return {
    grid: { firstEndMs, lastEndMs, stepMs },
    head: gridStartMs > startMs ? { startMs, endMs: gridStartMs } : null,
    tail: endMs > lastEndMs ? { startMs: lastEndMs, endMs } : null,
  };
}

/** Events counted in (startMs, endMs]; null where the query returned nothing (no traffic, or no data). */
export interface EventBucket {
  startMs: number;
  endMs: number;
  bad: number | null;
  total: number | null;
}

export interface PeriodEvents {
  badEvents: number;
  totalEvents: number;
  /** Buckets where Prometheus had no data at all. */
  emptyBuckets: number;
}

export function sumBuckets(buckets: readonly EventBucket[]): PeriodEvents {
  let badEvents = 0;
  let totalEvents = 0;
  let emptyBuckets = 0;
  for (const bucket of buckets) {
    if (bucket.total === null) emptyBuckets += 1;
    badEvents += bucket.bad ?? 0;
    totalEvents += bucket.total ?? 0;
  }
  return { badEvents, totalEvents, emptyBuckets };
}

export interface BurnDown {
  /** Budget remaining after each bucket: [bucket end, remaining share], starting with [start, 1]. */
  remaining: [number, number][];
  /** Spending the budget evenly: 1 at the start, 0 at the period's end. */
  ideal: [number, number][];
}

/**
 * The budget over the period, bucket by bucket. Each bucket spends bad / allowed, where allowed is the
 * period's whole budget in events (budget x the period's expected traffic): the last point is the period's
 * remaining budget, and the drops add up to what it consumed.
 */
export function burnDown(buckets: readonly EventBucket[], budget: PeriodBudget, period: { startMs: number; endMs: number }): BurnDown {
  const remaining: [number, number][] = [[period.startMs, 1]];
  let spent = 0;
  for (const bucket of buckets) {
    if (budget.allowedBadEvents > 0) spent += (bucket.bad ?? 0) / budget.allowedBadEvents;
    remaining.push([bucket.endMs, 1 - spent]);
  }
  return { remaining, ideal: [[period.startMs, 1], [period.endMs, 0]] };
}

export interface DailyBudget {
  /** Local date, "2026-11-21". */
  date: string;
  startMs: number;
  endMs: number;
  badEvents: number;
  totalEvents: number;
  /** 1 - bad/total for the day; null without events. */
  attainment: number | null;
  /** Share of the period's budget this day spent (the days sum to the period's consumption). */
  consumed: number;
}

/**
 * Buckets gathered into the local days of a zone. A bucket belongs to the day its end falls in (hour buckets
 * fit whole-hour zones exactly; in a half-hour zone one bucket per day straddles midnight).
 */
export function dailyBudget(buckets: readonly EventBucket[], budget: PeriodBudget, span: TimeSpan, timeZone: string): DailyBudget[] {
  const days = zonedDays(span.startMs, span.endMs, timeZone).map(
    (day): DailyBudget => ({ ...day, badEvents: 0, totalEvents: 0, attainment: null, consumed: 0 }),
  );
  let index = 0;
  for (const bucket of buckets) {
    // A bucket covers (start, end]: its end belongs to the day whose range (start, end] holds it.
    while (index < days.length - 1 && bucket.endMs > days[index].endMs) index += 1;
    const day = days[index];
    if (!day) break;
    day.badEvents += bucket.bad ?? 0;
    day.totalEvents += bucket.total ?? 0;
  }
  return days.map((day) => ({
    ...day,
    attainment: day.totalEvents > 0 ? 1 - Math.min(1, day.badEvents / day.totalEvents) : null,
    consumed: budget.allowedBadEvents > 0 ? day.badEvents / budget.allowedBadEvents : 0,
  }));
}

export interface PeriodReport extends PeriodEvents {
  budget: PeriodBudget;
  burnDown: BurnDown;
}

export function periodReport(buckets: readonly EventBucket[], input: { objective: number; startMs: number; endMs: number; elapsedMs: number; periodMs: number }): PeriodReport {
  const events = sumBuckets(buckets);
  const budget = periodBudget({ ...events, objective: input.objective, elapsedMs: input.elapsedMs, periodMs: input.periodMs });
  return { ...events, budget, burnDown: burnDown(buckets, budget, input) };
}
