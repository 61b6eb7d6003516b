import { describe, expect, it } from 'vitest';
import {
  calendarPeriod,
  calendarPeriodAt,
  isValidTimeZone,
  shiftCalendarPeriod,
  zonedDays,
  zonedParts,
  zonedTimeToUtcMs,
} from './calendar';
import { DAY_MS, HOUR_MS } from './durations';

const iso = (ms: number) => new Date(ms).toISOString();

describe('calendar months', () => {
  it('have 28 to 31 days, leap years included', () => {
    const days = (label: string) => calendarPeriod(label, 'UTC');
    expect(days('2026-01')).toMatchObject({ days: 31, startMs: Date.UTC(2026, 0, 1), endMs: Date.UTC(2026, 1, 1) });
    expect(days('2026-02').days).toBe(28);
    expect(days('2026-02').endMs - days('2026-02').startMs).toBe(28 * DAY_MS);
    expect(days('2028-02').days).toBe(29);
    expect(days('2026-04').days).toBe(30);
    expect(days('2026-12')).toMatchObject({ days: 31, endMs: Date.UTC(2027, 0, 1), label: '2026-12' });
  });

  it('are cut at local midnight and follow daylight saving (Europe/Berlin)', () => {
    const march = calendarPeriod('2026-03', 'Europe/Berlin');
    expect(iso(march.startMs)).toBe('2026-02-28T23:00:00.000Z');
    expect(iso(march.endMs)).toBe('2026-03-31T22:00:00.000Z');
    // Clocks go forward on 29 March: the month is one hour short of 31 days.
    expect(march.endMs - march.startMs).toBe(31 * DAY_MS - HOUR_MS);
    expect(march.days).toBe(31);
    const october = calendarPeriod('2026-10', 'Europe/Berlin');
    expect(october.endMs - october.startMs).toBe(31 * DAY_MS + HOUR_MS);
    const november = calendarPeriod('2026-11', 'America/New_York');
    expect(iso(november.startMs)).toBe('2026-11-01T04:00:00.000Z'); // EDT at midnight; EST from 02:00
    expect(iso(november.endMs)).toBe('2026-12-01T05:00:00.000Z');
  });

  it('handles half-hour offsets and zones east of UTC', () => {
    expect(iso(calendarPeriod('2026-11', 'Asia/Kolkata').startMs)).toBe('2026-10-31T18:30:00.000Z');
    expect(iso(calendarPeriod('2026-01', 'Pacific/Auckland').startMs)).toBe('2025-12-31T11:00:00.000Z');
  });

  it('finds the period holding an instant in the zone, not in UTC', () => {
    const lateNovemberUtc = Date.UTC(2026, 10, 30, 23, 30); // already 1 December in Berlin
    expect(calendarPeriodAt('month', lateNovemberUtc, 'UTC').label).toBe('2026-11');
    expect(calendarPeriodAt('month', lateNovemberUtc, 'Europe/Berlin').label).toBe('2026-12');
    expect(calendarPeriodAt('quarter', lateNovemberUtc, 'UTC').label).toBe('2026-Q4');
    expect(calendarPeriodAt('quarter', Date.UTC(2026, 11, 31, 23, 30), 'Europe/Berlin').label).toBe('2027-Q1');
  });
});

describe('calendar quarters', () => {
  it('have 90 to 92 days', () => {
    expect(calendarPeriod('2026-Q1', 'UTC').days).toBe(90);
    expect(calendarPeriod('2028-Q1', 'UTC').days).toBe(91);
    expect(calendarPeriod('2026-Q2', 'UTC').days).toBe(91);
    expect(calendarPeriod('2026-Q3', 'UTC').days).toBe(92);
    expect(calendarPeriod('2026-Q4', 'UTC')).toMatchObject({ days: 92, startMs: Date.UTC(2026, 9, 1), endMs: Date.UTC(2027, 0, 1) });
    const q1Berlin = calendarPeriod('2026-Q1', 'Europe/Berlin');
    expect(q1Berlin.endMs - q1Berlin.startMs).toBe(90 * DAY_MS - HOUR_MS);
  });

  it('shift across years', () => {
    expect(shiftCalendarPeriod(calendarPeriod('2026-12', 'UTC'), 1).label).toBe('2027-01');
    expect(shiftCalendarPeriod(calendarPeriod('2026-01', 'UTC'), -1).label).toBe('2025-12');
    expect(shiftCalendarPeriod(calendarPeriod('2026-Q1', 'Europe/Berlin'), -1)).toMatchObject({ label: '2025-Q4', timeZone: 'Europe/Berlin' });
    expect(shiftCalendarPeriod(calendarPeriod('2026-Q4', 'UTC'), 1).label).toBe('2027-Q1');
  });
});

describe('labels and zones', () => {
  it('refuses what is not a month, a quarter or a zone', () => {
    expect(() => calendarPeriod('2026-13', 'UTC')).toThrow(/not a month/);
    expect(() => calendarPeriod('2026-Q5', 'UTC')).toThrow(RangeError);
    expect(() => calendarPeriod('November', 'UTC')).toThrow(RangeError);
    expect(() => calendarPeriod('2026-11', 'CEST')).toThrow(/Unknown time zone "CEST"/);
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    for (const bad of ['', ' UTC', 'Mars/Olympus', 'CEST', 'Europe/Berlin\n']) expect(isValidTimeZone(bad), JSON.stringify(bad)).toBe(false);
  });
});

describe('wall-clock times', () => {
  it('pick the earlier instant of a repeated hour and the jump for a skipped one', () => {
    expect(iso(zonedTimeToUtcMs({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(zonedTimeToUtcMs({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    // Chile moves its clocks at midnight: 6 September 2026 starts at 01:00 local, the instant of the jump.
    const start = zonedTimeToUtcMs({ year: 2026, month: 9, day: 6 }, 'America/Santiago');
    expect(iso(start)).toBe('2026-09-06T04:00:00.000Z');
    expect(zonedParts(start, 'America/Santiago')).toMatchObject({ day: 6, hour: 1 });
    expect(zonedParts(start - 1000, 'America/Santiago')).toMatchObject({ day: 5, hour: 23 });
  });
});

describe('local days', () => {
  it('cover a month with 23- and 25-hour days where the clocks change', () => {
    const march = calendarPeriod('2026-03', 'Europe/Berlin');
    const days = zonedDays(march.startMs, march.endMs, 'Europe/Berlin');
    expect(days).toHaveLength(31);
    expect(days[0]).toEqual({ date: '2026-03-01', startMs: march.startMs, endMs: march.startMs + DAY_MS });
    expect(days[28].date).toBe('2026-03-29');
    expect(days[28].endMs - days[28].startMs).toBe(23 * HOUR_MS);
    expect(days[30].endMs).toBe(march.endMs);
    for (let i = 1; i < days.length; i++) expect(days[i].startMs).toBe(days[i - 1].endMs);
    const october = calendarPeriod('2026-10', 'Europe/Berlin');
    const octoberDays = zonedDays(october.startMs, october.endMs, 'Europe/Berlin');
    expect(octoberDays.find((d) => d.date === '2026-10-25')).toMatchObject({ startMs: Date.UTC(2026, 9, 24, 22) });
    expect(octoberDays.map((d) => d.endMs - d.startMs).filter((ms) => ms !== DAY_MS)).toEqual([25 * HOUR_MS]);
  });

  it('include the partial days at either end and cross month ends', () => {
    const days = zonedDays(Date.UTC(2026, 1, 27, 12), Date.UTC(2026, 2, 1, 1), 'UTC');
    expect(days.map((d) => d.date)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(days[0].startMs).toBe(Date.UTC(2026, 1, 27));
    expect(zonedDays(10, 10, 'UTC')).toEqual([]);
  });
});
