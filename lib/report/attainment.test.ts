import { describe, expect, it } from 'vitest';
import type { EventBucket } from '../slo/period';
import { attainmentChange, burnIntervals, measureMonth } from './attainment';
import { reportMonth, type ReportMonth } from './month';

const HOUR = 3_600_000;

/** Hour buckets over the month (as lib/slo's readEventBuckets returns them); null counts mean no data. */
function hourBuckets(month: ReportMonth, counts: (startMs: number) => { bad: number | null; total: number | null } | null): EventBucket[] {
  const buckets: EventBucket[] = [];
  for (let start = month.startMs; start < month.endMs; start += HOUR) {
    const count = counts(start);
    if (count) buckets.push({ startMs: start, endMs: start + HOUR, ...count });
  }
  return buckets;
}

const AFTER = Date.parse('2030-01-01T00:00:00Z');

describe('measureMonth', () => {
  it('adds up across a DST month: the 25-hour day has 25 hours of events and the days sum to the month', () => {
    const october = reportMonth('2026-10', 'Europe/Berlin');
    // 36,000 requests an hour, 0.5 % failing, all month.
    const { month, days } = measureMonth(hourBuckets(october, () => ({ bad: 180, total: 36_000 })), october, 0.999, AFTER);
    expect(days).toHaveLength(31);
    expect(days.find((day) => day.date === '2026-10-25')?.totalEvents).toBe(25 * 36_000);
    expect(days[0].totalEvents).toBe(24 * 36_000);
    expect(month.totalEvents).toBe(745 * 36_000);
    expect(month.totalEvents).toBe(days.reduce((sum, day) => sum + day.totalEvents, 0));
    expect(month.attainment).toBeCloseTo(0.995, 12);
    expect(month.met).toBe(false);
    // An error ratio of 0.5 % against a 0.1 % budget spends five budgets; the days' spend adds up to it.
    expect(month.budgetSpent).toBeCloseTo(5, 9);
    expect(days.reduce((sum, day) => sum + day.budgetSpent, 0)).toBeCloseTo(5, 9);
    expect(days[3].burnRate).toBeCloseTo(5, 9);
    expect(month.daysWithData).toBe(31);
  });

  it('a leap February has 29 days; days without traffic have no attainment (not 100 %)', () => {
    const february = reportMonth('2028-02', 'UTC');
    const firstWeekEnd = february.startMs + 7 * 24 * HOUR;
    const { month, days } = measureMonth(
      hourBuckets(february, (start) => (start < firstWeekEnd ? { bad: 0, total: 100 } : { bad: null, total: null })),
      february,
      0.99,
      AFTER,
    );
    expect(days).toHaveLength(29);
    expect(days[28].date).toBe('2028-02-29');
    expect(days[6]).toMatchObject({ date: '2028-02-07', attainment: 1, burnRate: 0 });
    expect(days[7]).toMatchObject({ date: '2028-02-08', totalEvents: 0, attainment: null, burnRate: null });
    expect(month).toMatchObject({ attainment: 1, budgetSpent: 0, met: true, daysWithData: 7 });
  });

  it('in America/New_York the days start at local midnight (05:00 UTC in November, 04:00 on the 1st)', () => {
    const november = reportMonth('2026-11', 'America/New_York');
    const { days } = measureMonth(hourBuckets(november, () => ({ bad: 0, total: 1 })), november, 0.999, AFTER);
    expect(days).toHaveLength(30);
    expect(days[0]).toMatchObject({ date: '2026-11-01', totalEvents: 25 });
    expect(days[1]).toMatchObject({ date: '2026-11-02', startMs: Date.parse('2026-11-02T05:00:00Z'), totalEvents: 24 });
  });

  it('in a running month spends budget in proportion to the time that has passed', () => {
    const november = reportMonth('2026-11', 'UTC');
    const tenth = Date.parse('2026-11-11T00:00:00Z');
    const { month } = measureMonth(
      hourBuckets(november, (start) => (start < tenth ? { bad: 1, total: 1000 } : null)),
      november,
      0.999,
      tenth,
    );
    // Burning at exactly 1x for a third of the month has spent a third of the month's budget.
    expect(month.budgetSpent).toBeCloseTo(1 / 3, 9);
    expect(month.met).toBe(true);
  });

  it('a month without events has no attainment, and the change needs both months', () => {
    const september = reportMonth('2026-09', 'UTC');
    const empty = measureMonth([], september, 0.999, AFTER).month;
    expect(empty).toMatchObject({ attainment: null, budgetSpent: null, met: null, daysWithData: 0 });
    const now = { badEvents: 1, totalEvents: 100, attainment: 0.99, budgetSpent: 2, met: false, daysWithData: 30 };
    const before = { badEvents: 1, totalEvents: 1000, attainment: 0.999, budgetSpent: 0.5, met: true, daysWithData: 30 };
    const change = attainmentChange(now, before);
    expect(change.attainmentPoints).toBeCloseTo(-0.9, 9);
    expect(change.budgetSpentPoints).toBeCloseTo(150, 9);
    expect(attainmentChange(now, empty)).toEqual({ attainmentPoints: null, budgetSpentPoints: null });
    expect(attainmentChange(now, null)).toEqual({ attainmentPoints: null, budgetSpentPoints: null });
  });
});

describe('burnIntervals', () => {
  const october = reportMonth('2026-10', 'UTC');
  const outage = Date.parse('2026-10-10T12:00:00Z');

  function burns(counts: (startMs: number) => { bad: number | null; total: number | null }) {
    const buckets = hourBuckets(october, counts);
    const { report } = measureMonth(buckets, october, 0.999, AFTER);
    return burnIntervals('slo-1', buckets, 0.999, report.budget.allowedBadEvents);
  }

  it('finds a two-hour outage as one interval from its first bucket start to its last bucket end', () => {
    // Background 0.05 % (half the budget), two hours failing 30 % of requests.
    const found = burns((start) => ({ bad: start >= outage && start < outage + 2 * HOUR ? 3000 : 5, total: 10_000 }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ sloId: 'slo-1', startMs: outage, endMs: outage + 2 * HOUR });
    expect(found[0].peakBurnRate).toBeCloseTo(300, 6);
    expect(found[0].budgetShare).toBeGreaterThan(0.5);
    expect(found[0].budgetShare).toBeLessThan(1);
  });

  it('ignores a lone hour that spends less than 1 % of the budget, and a steady burn below the threshold', () => {
    expect(burns((start) => ({ bad: start === outage ? 5 : 0, total: 1000 }))).toEqual([]);
    expect(burns(() => ({ bad: 15, total: 10_000 }))).toEqual([]); // 1.5x all month: a missed SLO, not an incident
  });

  it('splits burns at a quiet hour and at an hour without data', () => {
    const quiet = burns((start) => ({ bad: (start >= outage && start < outage + 2 * HOUR) || (start >= outage + 3 * HOUR && start < outage + 4 * HOUR) ? 500 : 0, total: 10_000 }));
    expect(quiet.map((burn) => [burn.startMs - outage, burn.endMs - outage])).toEqual([
      [0, 2 * HOUR],
      [3 * HOUR, 4 * HOUR],
    ]);
    const missing = burns((start) => (start === outage + HOUR ? { bad: null, total: null } : { bad: start >= outage && start < outage + 3 * HOUR ? 500 : 0, total: 10_000 }));
    expect(missing.map((burn) => [burn.startMs - outage, burn.endMs - outage])).toEqual([
      [0, HOUR],
      [2 * HOUR, 3 * HOUR],
    ]);
  });
});
