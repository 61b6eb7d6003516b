// Calendar periods (months, quarters, days) cut in an IANA time zone, as instants. Months have 28-31 days and
// a day in a zone with daylight saving has 23 or 25 hours twice a year: every boundary is computed from the
// zone's own offset at that moment (Intl), never as "30 days" or "24 hours". Pure, no dependencies.
import { formatterPerZone } from '../zone-format';
import { DAY_MS } from './durations';

export type CalendarKind = 'month' | 'quarter';

export interface CalendarPeriod {
  kind: CalendarKind;
  /** "2026-11" for a month, "2026-Q4" for a quarter. */
  label: string;
  timeZone: string;
  /** First instant of the period (local midnight of its first day), epoch ms. */
  startMs: number;
  /** First instant of the next period (exclusive end), epoch ms. */
  endMs: number;
  /** Calendar days in the period: 28-31 for a month, 90-92 for a quarter. */
  days: number;
}

export interface ZonedDay {
  /** Local date, "2026-11-21". */
  date: string;
  startMs: number;
  /** Exclusive: the next day's start. 23 or 25 hours after startMs on the days the clocks change. */
  endMs: number;
}

export interface ZonedParts {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatterFor = formatterPerZone('en-US', {
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** True for a zone Intl knows ("UTC", "Europe/Berlin"); false for "CEST", "Mars/Olympus", "". */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '' || timeZone !== timeZone.trim()) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a zone. Throws a RangeError for an unknown zone. */
export function zonedParts(atMs: number, timeZone: string): ZonedParts {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(atMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return { year: fields.year, month: fields.month, day: fields.day, hour: fields.hour % 24, minute: fields.minute, second: fields.second };
}

/** The zone's offset from UTC at an instant, ms (Europe/Berlin in July: +7_200_000). */
export function zoneOffsetMs(atMs: number, timeZone: string): number {
  const p = zonedParts(atMs, timeZone);
  const wholeSecondMs = Math.floor(atMs / 1000) * 1000;
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - wholeSecondMs;
}

/**
 * The instant a wall-clock time names in a zone. Month and day may overflow (month 13 is January of the next
 * year), as with Date.UTC. A time that occurs twice (clocks turned back) gives the earlier instant; a time
 * that never occurs (clocks turned forward over it) gives the instant the clocks jumped, read with the offset
 * before the jump — so a day that starts in a gap starts at the jump, its first real instant.
 */
export function zonedTimeToUtcMs(fields: { year: number; month: number; day: number; hour?: number; minute?: number }, timeZone: string): number {
  const localMs = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour ?? 0, fields.minute ?? 0);
  // Offsets a day either side: transitions are weeks apart, so these are the offsets before and after any
  // change near this time.
  const before = zoneOffsetMs(localMs - DAY_MS, timeZone);
  const after = zoneOffsetMs(localMs + DAY_MS, timeZone);
  const valid = [localMs - before, localMs - after].filter((candidate, index) => zoneOffsetMs(candidate, timeZone) === (index === 0 ? before : after));
  if (valid.length > 0) return Math.min(...valid);
  return localMs - before;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function dayCount(startMs: number, endMs: number, timeZone: string): number {
  // Local dates of the first and last day, counted in UTC where every day has 24 hours.
  const first = zonedParts(startMs, timeZone);
  const last = zonedParts(endMs - 1, timeZone);
  return Math.round((Date.UTC(last.year, last.month - 1, last.day) - Date.UTC(first.year, first.month - 1, first.day)) / DAY_MS) + 1;
}

function period(kind: CalendarKind, year: number, firstMonth: number, timeZone: string): CalendarPeriod {
  const months = kind === 'month' ? 1 : 3;
  const startMs = zonedTimeToUtcMs({ year, month: firstMonth, day: 1 }, timeZone);
  const endMs = zonedTimeToUtcMs({ year, month: firstMonth + months, day: 1 }, timeZone);
  const label = kind === 'month' ? `${year}-${pad(firstMonth)}` : `${year}-Q${(firstMonth - 1) / 3 + 1}`;
  return { kind, label, timeZone, startMs, endMs, days: dayCount(startMs, endMs, timeZone) };
}

/** The month or quarter that contains an instant, in a zone. */
export function calendarPeriodAt(kind: CalendarKind, atMs: number, timeZone: string): CalendarPeriod {
  const { year, month } = zonedParts(atMs, timeZone);
  const firstMonth = kind === 'month' ? month : Math.floor((month - 1) / 3) * 3 + 1;
  return period(kind, year, firstMonth, timeZone);
}

const MONTH_LABEL = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_LABEL = /^(\d{4})-Q([1-4])$/;

/**
 * A period by its label: "2026-11" (a month) or "2026-Q4" (a quarter), in a zone. Throws a RangeError naming
 * the problem for anything else (the monthly review parses its URL with this).
 */
export function calendarPeriod(label: string, timeZone: string): CalendarPeriod {
  if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone "${timeZone}": use an IANA name such as Europe/Berlin or UTC`);
  const month = MONTH_LABEL.exec(label);
  if (month) return period('month', Number(month[1]), Number(month[2]), timeZone);
  const quarter = QUARTER_LABEL.exec(label);
  if (quarter) return period('quarter', Number(quarter[1]), (Number(quarter[2]) - 1) * 3 + 1, timeZone);
  throw new RangeError(`"${label}" is not a month (yyyy-mm) or a quarter (yyyy-Qn)`);
}

/** The period after (offset 1) or before (-1) this one. */
export function shiftCalendarPeriod(current: CalendarPeriod, offset: number): CalendarPeriod {
  const { year, month } = zonedParts(current.startMs, current.timeZone);
  const step = current.kind === 'month' ? 1 : 3;
  const index = year * 12 + (month - 1) + offset * step;
  return period(current.kind, Math.floor(index / 12), (index % 12) + 1, current.timeZone);
}

/** The whole local days (midnight to midnight) that overlap [startMs, endMs). */
export function zonedDays(startMs: number, endMs: number, timeZone: string): ZonedDay[] {
  const days: ZonedDay[] = [];
  if (!(endMs > startMs)) return days;
  const first = zonedParts(startMs, timeZone);
  let cursor = { year: first.year, month: first.month, day: first.day };
  let dayStart = zonedTimeToUtcMs(cursor, timeZone);
  while (dayStart < endMs) {
    const next = { ...cursor, day: cursor.day + 1 };
    const nextStart = zonedTimeToUtcMs(next, timeZone);
    const date = new Date(Date.UTC(cursor.year, cursor.month - 1, cursor.day));
    days.push({ date: `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`, startMs: dayStart, endMs: nextStart });
    // Normalise the overflowing day through Date.UTC so the cursor stays a real date.
    const normal = new Date(Date.UTC(next.year, next.month - 1, next.day));
    cursor = { year: normal.getUTCFullYear(), month: normal.getUTCMonth() + 1, day: normal.getUTCDate() };
    dayStart = nextStart;
  }
  return days;
}
