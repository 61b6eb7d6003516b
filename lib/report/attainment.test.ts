import { describe, expect, it } from 'vitest';
import type { Series } from '../model/metrics';
import { attainmentChange, burnIntervals, dayAttainments, monthAttainment } from './attainment';
import { eventBuckets } from './event-buckets';
import { BUCKET_MS, bucketGrid, monthDays, reportMonth } from './month';

/** A range-query answer: one series, value `rate(t)` at every bucket end of the month's grid. */
function rateSeries(month: ReturnType<typeof reportMonth>, rate: (endMs: number) => number | null): Series[] {
  const grid = bucketGrid(month, month.endMs + 1)!;
  const samples = [];
  for (let t = grid.startMs; t <= grid.endMs; t += grid.stepMs) {
    const value = rate(t);
    if (value !== null) samples.push({ timeMs: t, value });
  }
  return [{ labels: {}, samples }];
}

describe('eventBuckets', () => {
  it('turns per-second rates into events per bucket; good SLIs count total minus good', () => {
    const total: Series[] = [{ labels: {}, samples: [{ timeMs: 900_000, value: 2 }, { timeMs: 1_800_000, value: 1 }] }];
    const good: Series[] = [{ labels: {}, samples: [{ timeMs: 900_000, value: 1.9 }, { timeMs: 1_800_000, value: 1.0000001 }] }];
    expect(eventBuckets(good, total, 'good', BUCKET_MS)).toEqual([
      { endMs: 900_000, bad: expect.closeTo(90, 6), total: 1800 },
      { endMs: 1_800_000, bad: 0, total: 900 }, // good above total by extrapolation: clamped
    ]);
  });

  it('sums several series, reads a missing bad sample as no failures, and skips NaN', () => {
    const total: Series[] = [
      { labels: { route: 'a' }, samples: [{ timeMs: 900_000, value: 1 }] },
      { labels: { route: 'b' }, samples: [{ timeMs: 900_000, value: 1 }, { timeMs: 1_800_000, value: NaN }] },
    ];
    expect(eventBuckets([], total, 'bad', BUCKET_MS)).toEqual([{ endMs: 900_000, bad: 0, total: 1800 }]);
  });
});

describe('day and month attainment', () => {
  it('adds up across a DST month: the 25-hour day holds 100 buckets and the days sum to the month', () => {
    const october = reportMonth('2026-10', 'Europe/Berlin');
    // 10 requests/s, 0.5 % failing, all month.
    const buckets = eventBuckets(rateSeries(october, () => 0.05), rateSeries(october, () => 10), 'bad', BUCKET_MS);
    const days = dayAttainments(buckets, monthDays(october), 0.999);
    expect(days).toHaveLength(31);
    const long = days.find((day) => day.date === '2026-10-25')!;
    expect(long.totalEvents).toBeCloseTo(100 * 9000, 6);
    expect(days[0].totalEvents).toBeCloseTo(96 * 9000, 6);
    const month = monthAttainment(days, october, 0.999, Date.parse('2027-01-01T00:00:00Z'));
    expect(month.totalEvents).toBeCloseTo(days.reduce((sum, day) => sum + day.totalEvents, 0), 6);
    expect(month.totalEvents).toBeCloseTo((31 * 96 + 4) * 9000, 6);
    expect(month.attainment).toBeCloseTo(0.995, 9);
    expect(month.met).toBe(false);
    // An error ratio of 0.5 % against a 0.1 % budget spends five budgets.
    expect(month.budgetSpent).toBeCloseTo(5, 9);
    expect(days[3].burnRate).toBeCloseTo(5, 9);
    expect(month.daysWithData).toBe(31);
  });

  it('a leap February has 29 days of buckets; days without traffic have no attainment', () => {
    const february = reportMonth('2028-02', 'UTC');
    const firstWeek = february.startMs + 7 * 86_400_000;
    const buckets = eventBuckets([], rateSeries(february, (t) => (t <= firstWeek ? 1 : null)), 'bad', BUCKET_MS);
    const days = dayAttainments(buckets, monthDays(february), 0.99);
    expect(days).toHaveLength(29);
    expect(days[6]).toMatchObject({ date: '2028-02-07', attainment: 1, burnRate: 0 });
    expect(days[7]).toMatchObject({ date: '2028-02-08', totalEvents: 0, attainment: null, burnRate: null });
    const month = monthAttainment(days, february, 0.99, Date.parse('2028-03-05T00:00:00Z'));
    expect(month).toMatchObject({ attainment: 1, budgetSpent: 0, met: true, daysWithData: 7 });
  });

  it('in a running month spends budget in proportion to the time that has passed', () => {
    const november = reportMonth('2026-11', 'UTC');
    const tenthMs = Date.parse('2026-11-11T00:00:00Z');
    const buckets = eventBuckets(
      rateSeries(november, (t) => (t <= tenthMs ? 0.001 : null)),
      rateSeries(november, (t) => (t <= tenthMs ? 1 : null)),
      'bad',
      BUCKET_MS,
    );
    const days = dayAttainments(buckets, monthDays(november), 0.999);
    const month = monthAttainment(days, november, 0.999, tenthMs);
    // Burning at exactly 1x for a third of the month has spent a third of the month's budget.
    expect(month.budgetSpent).toBeCloseTo(1 / 3, 9);
    expect(month.met).toBe(true);
  });

  it('a month without events has no attainment, and the change needs both months', () => {
    const month = monthAttainment(dayAttainments([], monthDays(reportMonth('2026-09', 'UTC')), 0.999), reportMonth('2026-09', 'UTC'), 0.999, Date.now());
    expect(month).toMatchObject({ attainment: null, budgetSpent: null, met: null, daysWithData: 0 });
    const now = { badEvents: 1, totalEvents: 100, attainment: 0.99, budgetSpent: 2, met: false, daysWithData: 30 };
    const before = { badEvents: 1, totalEvents: 1000, attainment: 0.999, budgetSpent: 0.5, met: true, daysWithData: 30 };
    const change = attainmentChange(now, before);
    expect(change.attainmentPoints).toBeCloseTo(-0.9, 9);
    expect(change.budgetSpentPoints).toBeCloseTo(150, 9);
    expect(attainmentChange(now, month)).toEqual({ attainmentPoints: null, budgetSpentPoints: null });
    expect(attainmentChange(now, null)).toEqual({ attainmentPoints: null, budgetSpentPoints: null });
  });
});

describe('burnIntervals', () => {
  const october = reportMonth('2026-10', 'UTC');
  const outageFrom = Date.parse('2026-10-10T12:00:00Z');
  const outageTo = Date.parse('2026-10-10T13:00:00Z');

  function measured(badRate: (t: number) => number) {
    const buckets = eventBuckets(rateSeries(october, badRate), rateSeries(october, () => 10), 'bad', BUCKET_MS);
    const month = monthAttainment(dayAttainments(buckets, monthDays(october), 0.999), october, 0.999, october.endMs + 1);
    return { buckets, month };
  }

  it('finds an outage as one interval from its first bucket start to its last bucket end', () => {
    // Background 0.05 % (half the budget), a one-hour outage failing 30 % of requests.
    const { buckets, month } = measured((t) => (t > outageFrom && t <= outageTo ? 3 : 0.005));
    const burns = burnIntervals('slo-1', buckets, 0.999, month, BUCKET_MS);
    expect(burns).toHaveLength(1);
    expect(burns[0]).toMatchObject({ sloId: 'slo-1', startMs: outageFrom, endMs: outageTo });
    expect(burns[0].peakBurnRate).toBeCloseTo(300, 6);
    expect(burns[0].budgetShare).toBeGreaterThan(0.3);
    expect(burns[0].budgetShare).toBeLessThan(1);
  });

  it('ignores a lone spike that spends less than 1 % of the budget, and a steady burn below the threshold', () => {
    const spikeEnd = Date.parse('2026-10-05T03:15:00Z');
    const spike = measured((t) => (t === spikeEnd ? 0.1 : 0));
    expect(burnIntervals('s', spike.buckets, 0.999, spike.month, BUCKET_MS)).toEqual([]);
    const steady = measured(() => 0.015); // 1.5x all month: a missed SLO, but not an incident
    expect(burnIntervals('s', steady.buckets, 0.999, steady.month, BUCKET_MS)).toEqual([]);
  });

  it('splits burns separated by a quiet bucket or by missing data', () => {
    const a = Date.parse('2026-10-20T10:00:00Z');
    const { buckets, month } = measured((t) => ((t > a && t <= a + 2 * BUCKET_MS) || (t > a + 3 * BUCKET_MS && t <= a + 5 * BUCKET_MS) ? 5 : 0));
    const burns = burnIntervals('s', buckets, 0.999, month, BUCKET_MS);
    expect(burns.map((burn) => [burn.startMs - a, burn.endMs - a])).toEqual([
      [0, 2 * BUCKET_MS],
      [3 * BUCKET_MS, 5 * BUCKET_MS],
    ]);
    const steady = measured((t) => (t > a && t <= a + 4 * BUCKET_MS ? 5 : 0));
    expect(burnIntervals('s', steady.buckets, 0.999, steady.month, BUCKET_MS)).toHaveLength(1);
    const withGap = steady.buckets.filter((bucket) => bucket.endMs !== a + 2 * BUCKET_MS);
    expect(burnIntervals('s', withGap, 0.999, steady.month, BUCKET_MS).map((burn) => [burn.startMs - a, burn.endMs - a])).toEqual([
      [0, BUCKET_MS],
      [2 * BUCKET_MS, 4 * BUCKET_MS],
    ]);
  });
});
