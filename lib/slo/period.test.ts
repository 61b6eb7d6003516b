import { describe, expect, it } from 'vitest';
import { calendarPeriod } from './calendar';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './durations';
import { burnDown, dailyBudget, periodReport, planBuckets, sumBuckets, type EventBucket } from './period';
import { periodBudget } from './burn-rate';

describe('bucket plans', () => {
  it('fit whole hours and leave partial spans at either end', () => {
    const start = Date.UTC(2026, 10, 1, 10, 20);
    const end = Date.UTC(2026, 10, 1, 14, 5);
    expect(planBuckets(start, end)).toEqual({
      grid: { firstEndMs: Date.UTC(2026, 10, 1, 12), lastEndMs: Date.UTC(2026, 10, 1, 14), stepMs: HOUR_MS },
      head: { startMs: start, endMs: Date.UTC(2026, 10, 1, 11) },
      tail: { startMs: Date.UTC(2026, 10, 1, 14), endMs: end },
    });
  });

  it('have no partial spans when the ends are on the grid', () => {
    const start = Date.UTC(2026, 10, 1);
    expect(planBuckets(start, start + 3 * HOUR_MS)).toEqual({
      grid: { firstEndMs: start + HOUR_MS, lastEndMs: start + 3 * HOUR_MS, stepMs: HOUR_MS },
      head: null,
      tail: null,
    });
  });

  it('cover a span shorter than a bucket with one partial span', () => {
    const start = Date.UTC(2026, 10, 1, 10, 10);
    expect(planBuckets(start, start + 20 * MINUTE_MS)).toEqual({ grid: null, head: { startMs: start, endMs: start + 20 * MINUTE_MS }, tail: null });
    expect(planBuckets(5, 5)).toEqual({ grid: null, head: null, tail: null });
  });

  it('cover the span exactly, with no gap and no overlap', () => {
    for (const [start, end] of [
      [Date.UTC(2026, 1, 28, 23, 30), Date.UTC(2026, 2, 31, 22)],
      [Date.UTC(2026, 10, 1, 0, 0, 1), Date.UTC(2026, 10, 3, 0, 0, 1)],
    ]) {
      const plan = planBuckets(start, end);
      const covered = (plan.head ? plan.head.endMs - plan.head.startMs : 0) + (plan.grid ? plan.grid.lastEndMs - plan.grid.firstEndMs + HOUR_MS : 0) + (plan.tail ? plan.tail.endMs - plan.tail.startMs : 0);
      expect(covered).toBe(end - start);
    }
  });
});

function hourBuckets(startMs: number, hours: number, per: (i: number) => { bad: number | null; total: number | null }): EventBucket[] {
  return Array.from({ length: hours }, (_, i) => ({ startMs: startMs + i * HOUR_MS, endMs: startMs + (i + 1) * HOUR_MS, ...per(i) }));
}

describe('period reports', () => {
  it('sum events, count empty buckets and burn the budget down to what remains', () => {
    const start = Date.UTC(2026, 10, 1);
    const buckets = hourBuckets(start, 720, (i) => (i === 5 ? { bad: null, total: null } : { bad: i < 24 ? 3 : 0, total: 1000 }));
    const report = periodReport(buckets, { objective: 0.999, startMs: start, endMs: start + 30 * DAY_MS, elapsedMs: 30 * DAY_MS, periodMs: 30 * DAY_MS });
    expect(report.totalEvents).toBe(719_000);
    expect(report.badEvents).toBe(69);
    expect(report.emptyBuckets).toBe(1);
    expect(report.budget.consumed).toBeCloseTo(69 / 719, 10);
    const points = report.burnDown.remaining;
    expect(points[0]).toEqual([start, 1]);
    expect(points).toHaveLength(721);
    expect(points[720][1]).toBeCloseTo(report.budget.remaining, 10);
    // Nothing spent after the first day: the line is flat from there.
    expect(points[24][1]).toBeCloseTo(points[720][1], 10);
    expect(report.burnDown.ideal).toEqual([[start, 1], [start + 30 * DAY_MS, 0]]);
  });

  it('on a calendar month in progress end at the share the elapsed days spent', () => {
    const month = calendarPeriod('2026-11', 'UTC');
    const buckets = hourBuckets(month.startMs, 240, () => ({ bad: 1, total: 1000 }));
    const report = periodReport(buckets, { objective: 0.999, startMs: month.startMs, endMs: month.endMs, elapsedMs: 10 * DAY_MS, periodMs: 30 * DAY_MS });
    expect(report.budget.burnRate).toBeCloseTo(1, 10);
    expect(report.budget.remaining).toBeCloseTo(2 / 3, 10);
    expect(report.burnDown.remaining.at(-1)?.[1]).toBeCloseTo(2 / 3, 10);
  });

  it('treat missing values as no events', () => {
    expect(sumBuckets([{ startMs: 0, endMs: 1, bad: null, total: 10 }])).toEqual({ badEvents: 0, totalEvents: 10, emptyBuckets: 0 });
    const budget = periodBudget({ badEvents: 0, totalEvents: 0, objective: 0.99, elapsedMs: 1, periodMs: 2 });
    expect(burnDown([{ startMs: 0, endMs: 1, bad: 5, total: null }], budget, { startMs: 0, endMs: 2 }).remaining).toEqual([[0, 1], [1, 1]]);
  });
});

describe('daily budgets', () => {
  it('add up to the month in its time zone, with the 23-hour day of a DST change', () => {
    const march = calendarPeriod('2026-03', 'Europe/Berlin');
    const hours = (march.endMs - march.startMs) / HOUR_MS;
    expect(hours).toBe(743);
    const buckets = hourBuckets(march.startMs, hours, (i) => ({ bad: i % 7, total: 500 + (i % 13) }));
    const report = periodReport(buckets, { objective: 0.995, startMs: march.startMs, endMs: march.endMs, elapsedMs: hours * HOUR_MS, periodMs: hours * HOUR_MS });
    const days = dailyBudget(buckets, report.budget, march, 'Europe/Berlin');
    expect(days).toHaveLength(31);
    expect(days.reduce((sum, d) => sum + d.totalEvents, 0)).toBe(report.totalEvents);
    expect(days.reduce((sum, d) => sum + d.badEvents, 0)).toBe(report.badEvents);
    expect(days.reduce((sum, d) => sum + d.consumed, 0)).toBeCloseTo(report.budget.consumed, 10);
    // 29 March has 23 hours, so 23 buckets.
    const dst = days.find((d) => d.date === '2026-03-29');
    const expected = buckets.filter((b) => b.endMs > dst!.startMs && b.endMs <= dst!.endMs).reduce((sum, b) => sum + (b.total ?? 0), 0);
    expect(dst?.totalEvents).toBe(expected);
    expect(buckets.filter((b) => b.endMs > dst!.startMs && b.endMs <= dst!.endMs)).toHaveLength(23);
    expect(days[0].attainment).toBeCloseTo(1 - days[0].badEvents / days[0].totalEvents, 12);
  });
});
