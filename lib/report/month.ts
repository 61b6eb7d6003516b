// The report's calendar month: 'yyyy-mm' cut at local midnight in an IANA zone (28-31 days; a DST month is an
// hour shorter or longer), and its local days.
// Boundaries come from lib/slo/calendar (Intl offsets), never from "30 days" or "24 hours". Pure.
import { calendarPeriod, calendarPeriodAt, isValidTimeZone, shiftCalendarPeriod, zonedDays, type CalendarPeriod, type ZonedDay } from '../slo/calendar';

export type { ZonedDay } from '../slo/calendar';

export interface ReportMonth {
  /** 'yyyy-mm' */
  label: string;
  timeZone: string;
  /** Local midnight of the 1st, epoch ms. */
  startMs: number;
  /** Local midnight of the next month's 1st (exclusive), epoch ms. */
  endMs: number;
  /** Calendar days: 28-31. */
  days: number;
}

export type MonthState = 'past' | 'current' | 'future';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const MONTH_LABEL = /^\d{4}-(0[1-9]|1[0-2])$/;
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function fromPeriod(period: CalendarPeriod): ReportMonth {
  return { label: period.label, timeZone: period.timeZone, startMs: period.startMs, endMs: period.endMs, days: period.days };
}

/** A month from its URL label and a zone; the error says which part is wrong. */
export function parseReportMonth(label: string, timeZone: string): Parsed<ReportMonth> {
  if (!MONTH_LABEL.test(label)) return { ok: false, error: `"${label.slice(0, 40)}" is not a month: write it as yyyy-mm, e.g. 2026-10` };
  if (!isValidTimeZone(timeZone)) return { ok: false, error: `"${timeZone.slice(0, 60)}" is not an IANA time zone (e.g. UTC, Europe/Berlin)` };
  const year = Number(label.slice(0, 4));
  if (year < 2000 || year > 2099) return { ok: false, error: 'The year must be between 2000 and 2099' };
  return { ok: true, value: fromPeriod(calendarPeriod(label, timeZone)) };
}

/** Like parseReportMonth, for labels known to be valid; throws a RangeError otherwise. */
export function reportMonth(label: string, timeZone: string): ReportMonth {
  const parsed = parseReportMonth(label, timeZone);
  if (!parsed.ok) throw new RangeError(parsed.error);
  return parsed.value;
}

/** The month holding an instant, in the zone (23:30 UTC on 30 November is already December in Berlin). */
export function monthAt(atMs: number, timeZone: string): ReportMonth {
  return fromPeriod(calendarPeriodAt('month', atMs, timeZone));
}

export function shiftMonth(month: ReportMonth, offset: number): ReportMonth {
  const period: CalendarPeriod = { kind: 'month', label: month.label, timeZone: month.timeZone, startMs: month.startMs, endMs: month.endMs, days: month.days };
  return fromPeriod(shiftCalendarPeriod(period, offset));
}

export function previousMonth(month: ReportMonth): ReportMonth {
  return shiftMonth(month, -1);
}

export function nextMonth(month: ReportMonth): ReportMonth {
  return shiftMonth(month, 1);
}

/** The last month that has ended: what a monthly review looks at. */
export function lastCompleteMonth(nowMs: number, timeZone: string): ReportMonth {
  return previousMonth(monthAt(nowMs, timeZone));
}

export function monthState(month: ReportMonth, nowMs: number): MonthState {
  if (nowMs >= month.endMs) return 'past';
  if (nowMs >= month.startMs) return 'current';
  return 'future';
}

/** The months to list, newest first: the current month and `count - 1` before it. */
export function recentMonths(nowMs: number, timeZone: string, count: number): ReportMonth[] {
  const months: ReportMonth[] = [];
  let month = monthAt(nowMs, timeZone);
  for (let i = 0; i < count; i++) {
    months.push(month);
    month = previousMonth(month);
  }
  return months;
}

/** The local days of the month: 28-31 of them, 23 or 25 hours long on the days the clocks change. */
export function monthDays(month: ReportMonth): ZonedDay[] {
  return zonedDays(month.startMs, month.endMs, month.timeZone);
}

/** "October 2026". */
export function monthTitle(label: string): string {
  const [year, month] = label.split('-');
  return `${MONTH_NAMES[Number(month) - 1] ?? month} ${year}`;
}
