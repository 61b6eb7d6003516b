import { describe, expect, it } from 'vitest';
import {
  lastCompleteMonth,
  monthAt,
  monthDays,
  monthState,
  monthTitle,
  nextMonth,
  parseReportMonth,
  previousMonth,
  recentMonths,
  reportMonth,
} from './month';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const iso = (ms: number) => new Date(ms).toISOString();

describe('report months', () => {
  it('have 28, 29, 30 or 31 days', () => {
    expect(reportMonth('2026-02', 'UTC').days).toBe(28);
    expect(reportMonth('2028-02', 'UTC').days).toBe(29);
    expect(reportMonth('2000-02', 'UTC').days).toBe(29); // divisible by 400: a leap year
    expect(reportMonth('2026-04', 'UTC').days).toBe(30);
    expect(reportMonth('2026-10', 'UTC').days).toBe(31);
    for (const label of ['2026-02', '2028-02', '2026-04', '2026-10']) {
      const month = reportMonth(label, 'UTC');
      expect(month.endMs - month.startMs).toBe(month.days * DAY_MS);
      expect(monthDays(month)).toHaveLength(month.days);
    }
  });

  it('leap February in a zone: 29 local days, the last one ending at local midnight of 1 March', () => {
    const february = reportMonth('2028-02', 'America/New_York');
    const days = monthDays(february);
    expect(days).toHaveLength(29);
    expect(days[28]).toMatchObject({ date: '2028-02-29', startMs: Date.parse('2028-02-29T05:00:00Z'), endMs: Date.parse('2028-03-01T05:00:00Z') });
  });

  it('are cut at local midnight: October 2026 in Europe/Berlin has 31 days and 745 hours (clocks go back on the 25th)', () => {
    const october = reportMonth('2026-10', 'Europe/Berlin');
    expect(iso(october.startMs)).toBe('2026-09-30T22:00:00.000Z');
    expect(iso(october.endMs)).toBe('2026-10-31T23:00:00.000Z');
    expect(october.endMs - october.startMs).toBe(31 * DAY_MS + HOUR_MS);
    const days = monthDays(october);
    expect(days).toHaveLength(31);
    const long = days.find((day) => day.date === '2026-10-25');
    expect(long && long.endMs - long.startMs).toBe(25 * HOUR_MS);
    expect(days.filter((day) => day.endMs - day.startMs === DAY_MS)).toHaveLength(30);
  });

  it('March 2026 in Europe/Berlin is an hour short; in America/New_York the clocks change on another day', () => {
    const berlin = reportMonth('2026-03', 'Europe/Berlin');
    expect(berlin.endMs - berlin.startMs).toBe(31 * DAY_MS - HOUR_MS);
    expect(monthDays(berlin).find((day) => day.endMs - day.startMs === 23 * HOUR_MS)?.date).toBe('2026-03-29');
    const newYork = reportMonth('2026-03', 'America/New_York');
    expect(iso(newYork.startMs)).toBe('2026-03-01T05:00:00.000Z'); // EST
    expect(iso(newYork.endMs)).toBe('2026-04-01T04:00:00.000Z'); // EDT
    expect(monthDays(newYork).find((day) => day.endMs - day.startMs === 23 * HOUR_MS)?.date).toBe('2026-03-08');
    const november = reportMonth('2026-11', 'America/New_York');
    expect(november.endMs - november.startMs).toBe(30 * DAY_MS + HOUR_MS);
    expect(monthDays(november)[0]).toMatchObject({ date: '2026-11-01', endMs: Date.parse('2026-11-02T05:00:00Z') });
  });

  it('steps across years and keeps the zone', () => {
    const january = reportMonth('2027-01', 'Europe/Berlin');
    expect(previousMonth(january)).toMatchObject({ label: '2026-12', timeZone: 'Europe/Berlin' });
    expect(nextMonth(reportMonth('2026-12', 'UTC')).label).toBe('2027-01');
    expect(previousMonth(january).endMs).toBe(january.startMs);
  });

  it('takes "now" in the zone: the last complete month, the current one, the list', () => {
    const lateNovemberUtc = Date.parse('2026-11-30T23:30:00Z'); // already 1 December in Berlin
    expect(monthAt(lateNovemberUtc, 'UTC').label).toBe('2026-11');
    expect(monthAt(lateNovemberUtc, 'Europe/Berlin').label).toBe('2026-12');
    expect(lastCompleteMonth(lateNovemberUtc, 'UTC').label).toBe('2026-10');
    expect(lastCompleteMonth(lateNovemberUtc, 'Europe/Berlin').label).toBe('2026-11');
    expect(recentMonths(lateNovemberUtc, 'UTC', 3).map((month) => month.label)).toEqual(['2026-11', '2026-10', '2026-09']);
    const october = reportMonth('2026-10', 'UTC');
    expect(monthState(october, Date.parse('2026-11-01T00:00:00Z'))).toBe('past');
    expect(monthState(october, Date.parse('2026-10-31T23:59:59Z'))).toBe('current');
    expect(monthState(october, Date.parse('2026-09-30T23:59:59Z'))).toBe('future');
  });

  it('refuses what is not a month or not a zone, naming the problem', () => {
    expect(parseReportMonth('2026-13', 'UTC')).toEqual({ ok: false, error: expect.stringContaining('yyyy-mm') });
    expect(parseReportMonth('2026-1', 'UTC').ok).toBe(false);
    expect(parseReportMonth('../etc', 'UTC').ok).toBe(false);
    expect(parseReportMonth('2026-10', 'CEST')).toEqual({ ok: false, error: expect.stringContaining('IANA') });
    expect(parseReportMonth('1999-12', 'UTC').ok).toBe(false);
    expect(monthTitle('2026-10')).toBe('October 2026');
  });
});
