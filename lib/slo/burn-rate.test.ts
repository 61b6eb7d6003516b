// The math against the Google SRE Workbook, chapter 5 (Alerting on SLOs), for a 99.9 % SLO over 30 days.
import { describe, expect, it } from 'vitest';
import {
  WORKBOOK_POLICY,
  budgetConsumed,
  burnRate,
  burnRateThreshold,
  burnRateWindows,
  burnStatus,
  errorBudget,
  isLowTraffic,
  minEventsForWindow,
  periodBudget,
  policyWindowsMs,
  timeToExhaustionMs,
} from './burn-rate';
import { calendarPeriod, zonedDays } from './calendar';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './durations';

const PERIOD_30D = 30 * DAY_MS;

describe('the Workbook table for a 30-day window', () => {
  const windows = burnRateWindows(PERIOD_30D);

  it('gives page 1h/5m at 14.4, page 6h/30m at 6, ticket 1d/2h at 3 and ticket 3d/6h at 1', () => {
    expect(windows.map((w) => [w.severity, w.long, w.short, w.threshold])).toEqual([
      ['page', '1h', '5m', 14.4],
      ['page', '6h', '30m', 6],
      ['ticket', '1d', '2h', 3],
      ['ticket', '3d', '6h', 1],
    ]);
  });

  it('spends 2 %, 5 %, 10 % and 10 % of the budget in the long window at the threshold', () => {
    const consumed = windows.map((w) => budgetConsumed(w.threshold, w.longWindowMs, PERIOD_30D));
    expect(consumed[0]).toBeCloseTo(0.02, 12);
    expect(consumed[1]).toBeCloseTo(0.05, 12);
    expect(consumed[2]).toBeCloseTo(0.1, 12);
    expect(consumed[3]).toBeCloseTo(0.1, 12);
  });

  it('scales the factors with the window: 28 days gives 13.44 / 5.6 / 2.8 / 0.93', () => {
    const thresholds = burnRateWindows(28 * DAY_MS).map((w) => w.threshold);
    expect(thresholds[0]).toBeCloseTo(13.44, 10);
    expect(thresholds[1]).toBeCloseTo(5.6, 10);
    expect(thresholds[2]).toBeCloseTo(2.8, 10);
    expect(thresholds[3]).toBeCloseTo(0.9333, 4);
    expect(burnRateWindows(7 * DAY_MS)[0].threshold).toBeCloseTo(3.36, 10);
  });

  it('uses the real length of a calendar month (no 30-day shortcut)', () => {
    const february = calendarPeriod('2026-02', 'UTC');
    const march = calendarPeriod('2026-03', 'UTC');
    expect(burnRateWindows(february.endMs - february.startMs)[0].threshold).toBeCloseTo(13.44, 10);
    expect(burnRateWindows(march.endMs - march.startMs)[0].threshold).toBeCloseTo(14.88, 10);
    expect(burnRateThreshold(0.02, 31 * DAY_MS, HOUR_MS)).toBe(14.88);
  });

  it('lists the seven distinct windows shortest first', () => {
    expect(policyWindowsMs(WORKBOOK_POLICY)).toEqual([5, 30, 60, 120, 360, 1440, 4320].map((m) => m * MINUTE_MS));
  });
});

describe('budget and burn rate', () => {
  it('derives the budget from the objective without float noise', () => {
    expect(errorBudget(0.999)).toBe(0.001);
    expect(errorBudget(0.99)).toBe(0.01);
    expect(errorBudget(0.9995)).toBe(0.0005);
    expect(() => errorBudget(1)).toThrow(RangeError);
    expect(() => errorBudget(0)).toThrow(RangeError);
    expect(() => errorBudget(99.9)).toThrow(/between 0 and 1/);
  });

  it('burns at error ratio / budget', () => {
    expect(burnRate(0.001, 0.999)).toBeCloseTo(1, 12);
    expect(burnRate(0.0144, 0.999)).toBeCloseTo(14.4, 12);
    expect(burnRate(1, 0.999)).toBeCloseTo(1000, 9);
    expect(burnRate(0, 0.999)).toBe(0);
  });

  it('exhausts the budget as in Workbook table 5-4 (1: 30 days, 2: 15 days, 10: 3 days, 1000: 43 minutes)', () => {
    expect(timeToExhaustionMs(1, 1, PERIOD_30D)).toBe(30 * DAY_MS);
    expect(timeToExhaustionMs(1, 2, PERIOD_30D)).toBe(15 * DAY_MS);
    expect(timeToExhaustionMs(1, 10, PERIOD_30D)).toBe(3 * DAY_MS);
    expect(Math.floor(timeToExhaustionMs(1, 1000, PERIOD_30D)! / MINUTE_MS)).toBe(43);
    expect(timeToExhaustionMs(0.5, 0, PERIOD_30D)).toBeNull();
    expect(timeToExhaustionMs(-0.2, 3, PERIOD_30D)).toBe(0);
  });
});

describe('status labels from the long and short windows', () => {
  it('names each combination', () => {
    expect(burnStatus(20, 30, 14.4)).toBe('critical');
    expect(burnStatus(20, 2, 14.4)).toBe('recovering');
    expect(burnStatus(2, 30, 14.4)).toBe('increasing');
    expect(burnStatus(2, 3, 14.4)).toBe('acceptable');
    // At the threshold is not above it: the alert expression is a strict ">".
    expect(burnStatus(14.4, 14.4, 14.4)).toBe('acceptable');
    // Exactly at the budget, with the float noise of rate() arithmetic, is not above it.
    expect(burnStatus(1.0000000000000009, 1.0000000000000007, 1)).toBe('acceptable');
    expect(burnStatus(1.001, 1.0000000000000007, 1)).toBe('recovering');
    expect(burnStatus(null, 3, 14.4)).toBe('no-data');
    expect(burnStatus(2, Number.NaN, 14.4)).toBe('no-data');
  });
});

describe('low traffic', () => {
  it('flags a window where one failed request would cross the threshold', () => {
    expect(minEventsForWindow(14.4, 0.999)).toBe(70);
    expect(minEventsForWindow(1, 0.999)).toBe(1000);
    expect(minEventsForWindow(6, 0.99)).toBe(17);
    expect(isLowTraffic(69, 14.4, 0.999)).toBe(true);
    expect(isLowTraffic(70, 14.4, 0.999)).toBe(false);
    expect(isLowTraffic(null, 14.4, 0.999)).toBe(false);
    // The definition holds: at 69 events one failure is above 14.4x, at 70 it is not.
    expect(burnRate(1 / 69, 0.999)).toBeGreaterThan(14.4);
    expect(burnRate(1 / 70, 0.999)).toBeLessThan(14.4);
  });
});

describe('the budget of a period', () => {
  it('for a rolling window is bad / (budget x total)', () => {
    const budget = periodBudget({ badEvents: 500, totalEvents: 1_000_000, objective: 0.999, elapsedMs: PERIOD_30D, periodMs: PERIOD_30D });
    expect(budget.errorRatio).toBe(0.0005);
    expect(budget.attainment).toBe(0.9995);
    expect(budget.burnRate).toBeCloseTo(0.5, 12);
    expect(budget.consumed).toBeCloseTo(0.5, 12);
    expect(budget.remaining).toBeCloseTo(0.5, 12);
    expect(budget.allowedBadEvents).toBeCloseTo(1000, 6);
  });

  it('goes negative when overspent', () => {
    const budget = periodBudget({ badEvents: 2500, totalEvents: 1_000_000, objective: 0.999, elapsedMs: PERIOD_30D, periodMs: PERIOD_30D });
    expect(budget.remaining).toBeCloseTo(-1.5, 12);
  });

  it('for a calendar month in progress counts only the elapsed share', () => {
    const november = calendarPeriod('2026-11', 'UTC');
    const periodMs = november.endMs - november.startMs;
    // 10 of 30 days gone, burning at exactly 1: a third of the month's budget spent.
    const budget = periodBudget({ badEvents: 100, totalEvents: 100_000, objective: 0.999, elapsedMs: 10 * DAY_MS, periodMs });
    expect(budget.burnRate).toBeCloseTo(1, 12);
    expect(budget.consumed).toBeCloseTo(1 / 3, 12);
    expect(budget.allowedBadEvents).toBeCloseTo(300, 6);
  });

  it('adds up: the days of a month consume what the month consumes', () => {
    const february = calendarPeriod('2026-02', 'Europe/Berlin');
    const periodMs = february.endMs - february.startMs;
    const days = zonedDays(february.startMs, february.endMs, 'Europe/Berlin');
    // Uneven traffic and failures per day.
    const perDay = days.map((_, i) => ({ total: 50_000 + 1_000 * ((i * 7) % 11), bad: (i % 5) * 20 }));
    const total = perDay.reduce((sum, d) => sum + d.total, 0);
    const bad = perDay.reduce((sum, d) => sum + d.bad, 0);
    const month = periodBudget({ badEvents: bad, totalEvents: total, objective: 0.999, elapsedMs: periodMs, periodMs });
    // A day's share of the month's budget: its failures over the failures the month allows.
    const dailySum = perDay.reduce((sum, d) => sum + d.bad / month.allowedBadEvents, 0);
    expect(dailySum).toBeCloseTo(month.consumed, 12);
    // Consumption is burn rate x window / period when traffic is even.
    const even = periodBudget({ badEvents: 10 * 2 * 144, totalEvents: 1000 * 144, objective: 0.99, elapsedMs: periodMs, periodMs });
    expect(even.consumed).toBeCloseTo(budgetConsumed(2, periodMs, periodMs), 12);
  });

  it('with no events has nothing to say and spends nothing', () => {
    expect(periodBudget({ badEvents: 0, totalEvents: 0, objective: 0.999, elapsedMs: DAY_MS, periodMs: PERIOD_30D })).toEqual({
      errorRatio: null,
      attainment: null,
      burnRate: null,
      consumed: 0,
      remaining: 1,
      allowedBadEvents: 0,
    });
  });
});
