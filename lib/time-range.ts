// The console's time range: Grafana-style expressions in the URL (`from=now-1h&to=now`, epoch ms or RFC3339),
// resolved against an injected clock so every function here is pure and testable.

/** A time range as written in the URL: each side is `now[±N unit]...`, epoch milliseconds or RFC3339. */
export interface RawTimeRange {
  from: string;
  to: string;
}

/** A validated range: the expressions as written plus the instants they resolved to (epoch ms, to > from). */
export interface TimeRange {
  raw: RawTimeRange;
  fromMs: number;
  toMs: number;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Values Next.js hands a page as `searchParams`, or any URLSearchParams-like object. */
export type SearchParamsInput =
  | { get(name: string): string | null }
  | Record<string, string | string[] | undefined>;

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

/** Longest range we accept by default: a year and a day, so a calendar year or a 30d SLO window fits. */
export const MAX_RANGE_MS = 366 * DAY_MS;
/** Instants outside [2000-01-01, 2100-01-01) are typos (epoch seconds pasted as ms, a missing digit). */
export const MIN_INSTANT_MS = Date.UTC(2000, 0, 1);
export const MAX_INSTANT_MS = Date.UTC(2100, 0, 1);

export const DEFAULT_TIME_RANGE: RawTimeRange = { from: 'now-1h', to: 'now' };

export interface TimeRangePreset {
  /** Short form used on buttons: "1h". */
  short: string;
  label: string;
  raw: RawTimeRange;
}

export const TIME_RANGE_PRESETS: readonly TimeRangePreset[] = [
  preset('5m', 'Last 5 minutes'),
  preset('15m', 'Last 15 minutes'),
  preset('1h', 'Last 1 hour'),
  preset('6h', 'Last 6 hours'),
  preset('24h', 'Last 24 hours'),
  preset('7d', 'Last 7 days'),
  preset('30d', 'Last 30 days'),
];

function preset(short: string, label: string): TimeRangePreset {
  return { short, label, raw: { from: `now-${short}`, to: 'now' } };
}

const UNIT_MS: Record<string, number> = { s: SECOND_MS, m: MINUTE_MS, h: HOUR_MS, d: DAY_MS, w: WEEK_MS };
const UNIT_NAMES: Record<string, [string, string]> = {
  s: ['second', 'seconds'],
  m: ['minute', 'minutes'],
  h: ['hour', 'hours'],
  d: ['day', 'days'],
  w: ['week', 'weeks'],
};

const RELATIVE_TERM = /([+-])\s*(\d+)\s*([A-Za-z]+)/y;
const EPOCH_MS = /^\d+$/;
// RFC3339 (seconds optional for hand-typed values); a zone is required so the instant is unambiguous.
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|z|[+-]\d{2}:\d{2})?$/;

/**
 * The wall clock, the one impure function here: call it once per request (server pages) or in an event handler,
 * then pass the value down as `nowMs` so everything below stays deterministic.
 */
export function currentTimeMs(): number {
  return Date.now();
}

/** True when the expression starts with `now`, i.e. it moves with the clock. */
export function isRelativeExpr(expr: string): boolean {
  return /^now\b/.test(expr.trim());
}

/** True when either side moves with the clock. */
export function isRelativeRange(raw: RawTimeRange): boolean {
  return isRelativeExpr(raw.from) || isRelativeExpr(raw.to);
}

/**
 * Resolve one expression to epoch ms. Accepts `now`, `now-1h`, `now-1d+2h` (units s, m, h, d, w),
 * epoch milliseconds (`1700000000000`) and RFC3339 with a zone (`2026-11-21T10:00:00Z`, `...+02:00`).
 */
export function parseTimeExpr(expr: string, nowMs: number): ParseResult<number> {
  const text = expr.trim();
  if (text === '') return fail('is empty');
  if (isRelativeExpr(text)) return parseRelative(text, nowMs);
  if (EPOCH_MS.test(text)) return parseEpochMs(text);
  const rfc = RFC3339.exec(text);
  if (rfc) return parseRfc3339(rfc);
  return fail(`"${clip(text)}" is not a time: use now-1h, epoch milliseconds or RFC3339 like 2026-11-21T10:00:00Z`);
}

function parseRelative(text: string, nowMs: number): ParseResult<number> {
  if (!Number.isFinite(nowMs)) return fail('cannot be resolved: the clock is not a number');
  let offsetMs = 0;
  let pos = 3; // after "now"
  while (pos < text.length) {
    while (text[pos] === ' ') pos += 1;
    if (pos >= text.length) break;
    if (text[pos] === '/') return fail(`"${clip(text)}": rounding with "/" is not supported`);
    RELATIVE_TERM.lastIndex = pos;
    const term = RELATIVE_TERM.exec(text);
    if (!term) return fail(`"${clip(text)}" is not a relative time: write it like now-15m or now-1d+2h`);
    const [, sign, digits, unit] = term;
    const unitMs = UNIT_MS[unit];
    if (unitMs === undefined) {
      return fail(`"${clip(text)}": unknown unit "${clip(unit)}" (use s, m, h, d or w)`);
    }
    if (digits.length > 9) return fail(`"${clip(text)}": the offset ${clip(digits)}${unit} is too large`);
    offsetMs += (sign === '-' ? -1 : 1) * Number(digits) * unitMs;
    pos = RELATIVE_TERM.lastIndex;
  }
  return checkInstant(nowMs + offsetMs, text);
}

function parseEpochMs(text: string): ParseResult<number> {
  if (text.length > 16) return fail(`"${clip(text)}" is too large to be epoch milliseconds`);
  const ms = Number(text);
  if (ms < MIN_INSTANT_MS && ms * 1000 >= MIN_INSTANT_MS && ms * 1000 < MAX_INSTANT_MS) {
    return fail(`"${text}" looks like epoch seconds: times in the URL are epoch milliseconds (${text}000)`);
  }
  return checkInstant(ms, text);
}

function parseRfc3339(m: RegExpExecArray): ParseResult<number> {
  const [text, y, mo, d, h, mi, s = '00', frac = '', zone] = m;
  if (zone === undefined) {
    return fail(`"${clip(text)}" has no time zone: add Z (UTC) or an offset such as +02:00`);
  }
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const base = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(base);
  // Date.UTC rolls 2026-02-30 over to March; a round trip catches impossible dates and times.
  if (
    month < 1 ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    return fail(`"${clip(text)}" is not a valid date and time`);
  }
  const fracMs = frac === '' ? 0 : Math.floor(Number(`0${frac}`) * 1000);
  let offsetMs = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const zh = Number(zone.slice(1, 3));
    const zm = Number(zone.slice(4, 6));
    if (zh > 23 || zm > 59) return fail(`"${clip(text)}" has an invalid time zone offset ${zone}`);
    offsetMs = (zone[0] === '-' ? -1 : 1) * (zh * HOUR_MS + zm * MINUTE_MS);
  }
  return checkInstant(base + fracMs - offsetMs, text);
}

function checkInstant(ms: number, text: string): ParseResult<number> {
  if (!Number.isFinite(ms)) return fail(`"${clip(text)}" is not a finite time`);
  if (ms < MIN_INSTANT_MS) return fail(`"${clip(text)}" is before the year 2000`);
  if (ms >= MAX_INSTANT_MS) return fail(`"${clip(text)}" is after the year 2099`);
  return { ok: true, value: ms };
}

export interface ParseTimeRangeOptions {
  /** Longest accepted span; defaults to MAX_RANGE_MS. */
  maxRangeMs?: number;
}

/** Resolve and validate a range: both sides parse, from < to, and the span is at most maxRangeMs. */
export function parseTimeRange(
  raw: RawTimeRange,
  nowMs: number,
  options: ParseTimeRangeOptions = {},
): ParseResult<TimeRange> {
  const from = parseTimeExpr(raw.from, nowMs);
  if (!from.ok) return fail(`Invalid start time (from): ${from.error}`);
  const to = parseTimeExpr(raw.to, nowMs);
  if (!to.ok) return fail(`Invalid end time (to): ${to.error}`);
  const spanMs = to.value - from.value;
  if (spanMs === 0) return fail('The time range is empty: start and end are the same instant');
  if (spanMs < 0) {
    return fail(
      `The start (${formatInstant(from.value)}) is after the end (${formatInstant(to.value)}): swap them`,
    );
  }
  const maxRangeMs = options.maxRangeMs ?? MAX_RANGE_MS;
  if (spanMs > maxRangeMs) {
    return fail(`The time range spans ${formatDuration(spanMs)}; the longest allowed is ${formatDuration(maxRangeMs)}`);
  }
  return { ok: true, value: { raw: { from: raw.from.trim(), to: raw.to.trim() }, fromMs: from.value, toMs: to.value } };
}

/** The range's expressions as pinned epoch milliseconds (what "make absolute" and permalinks store). */
export function toAbsoluteRaw(range: TimeRange): RawTimeRange {
  return { from: String(range.fromMs), to: String(range.toMs) };
}

/**
 * Resolve a raw range against the clock and pin it to epoch milliseconds. `now` is truncated to the whole second
 * so pinned links read cleanly (1795307364000, "10:29:24 UTC"); the span is unchanged.
 */
export function makeAbsolute(raw: RawTimeRange, nowMs: number, options?: ParseTimeRangeOptions): ParseResult<RawTimeRange> {
  const parsed = parseTimeRange(raw, nowMs - (nowMs % SECOND_MS), options);
  return parsed.ok ? { ok: true, value: toAbsoluteRaw(parsed.value) } : parsed;
}

/** Read `from`/`to` from search params; a missing or blank side takes the default (now-1h .. now). */
export function timeRangeFromSearchParams(params: SearchParamsInput): RawTimeRange {
  const from = readParam(params, 'from');
  const to = readParam(params, 'to');
  return { from: from ?? DEFAULT_TIME_RANGE.from, to: to ?? DEFAULT_TIME_RANGE.to };
}

/** Read and resolve the range from a page's search params in one step. */
export function parseTimeRangeParams(
  params: SearchParamsInput,
  nowMs: number,
  options?: ParseTimeRangeOptions,
): ParseResult<TimeRange> & { raw: RawTimeRange } {
  const raw = timeRangeFromSearchParams(params);
  return { ...parseTimeRange(raw, nowMs, options), raw };
}

/** Search params with `from`/`to` set to the range, keeping every other parameter of `base`. */
export function timeRangeToSearchParams(raw: RawTimeRange, base?: string | URLSearchParams): URLSearchParams {
  const params = new URLSearchParams(base);
  params.set('from', raw.from);
  params.set('to', raw.to);
  return params;
}

/** A link to `pathname` carrying the range (other query parameters of `pathname` are kept). */
export function hrefWithTimeRange(pathname: string, raw: RawTimeRange): string {
  const hashAt = pathname.indexOf('#');
  const hash = hashAt >= 0 ? pathname.slice(hashAt) : '';
  const withoutHash = hashAt >= 0 ? pathname.slice(0, hashAt) : pathname;
  const queryAt = withoutHash.indexOf('?');
  const path = queryAt >= 0 ? withoutHash.slice(0, queryAt) : withoutHash;
  const query = queryAt >= 0 ? withoutHash.slice(queryAt + 1) : '';
  return `${path}?${timeRangeToSearchParams(raw, query).toString()}${hash}`;
}

export function isSameRawRange(a: RawTimeRange, b: RawTimeRange): boolean {
  return a.from.trim() === b.from.trim() && a.to.trim() === b.to.trim();
}

/** A short human label: "Last 1 hour", "Last 90 minutes", "2026-11-21 10:00:00 to 11:00:00 UTC", "now-2d to now-1d". */
export function describeTimeRange(raw: RawTimeRange, nowMs: number): string {
  const known = TIME_RANGE_PRESETS.find((p) => isSameRawRange(p.raw, raw));
  if (known) return known.label;
  if (raw.to.trim() === 'now') {
    const single = /^now-(\d+)([smhdw])$/.exec(raw.from.trim());
    if (single) return `Last ${pluralUnit(Number(single[1]), single[2])}`;
  }
  const parsed = parseTimeRange(raw, nowMs, { maxRangeMs: Number.POSITIVE_INFINITY });
  if (!parsed.ok) return `${raw.from} to ${raw.to}`;
  if (!isRelativeExpr(raw.from) && !isRelativeExpr(raw.to)) {
    const from = formatInstant(parsed.value.fromMs);
    const to = formatInstant(parsed.value.toMs);
    // Same UTC day: say the date once ("2026-11-21 10:00:00 to 11:00:00 UTC").
    if (from.slice(0, 10) === to.slice(0, 10)) return `${from.replace(' UTC', '')} to ${to.slice(11)}`;
    return `${from} to ${to}`;
  }
  const fromText = isRelativeExpr(raw.from) ? raw.from.trim() : formatInstant(parsed.value.fromMs);
  const toText = isRelativeExpr(raw.to) ? raw.to.trim() : formatInstant(parsed.value.toMs);
  return `${fromText} to ${toText}`;
}

/** "2026-11-21 10:00:00 UTC" (milliseconds shown only when not zero). */
export function formatInstant(ms: number): string {
  return `${formatRfc3339(ms).replace('T', ' ').replace('Z', '')} UTC`;
}

/** RFC3339 in UTC without a zero millisecond part: 2026-11-21T10:00:00Z. */
export function formatRfc3339(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** Whole-unit duration in words: "1 hour", "90 minutes", "366 days", "1500 ms". */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    const unitMs = UNIT_MS[unit];
    if (abs >= unitMs && abs % unitMs === 0) {
      // Prefer days over odd week counts ("10 days", not "1 week" + remainder).
      if (unit === 'w' && abs / unitMs > 8) continue;
      return pluralUnit(ms / unitMs, unit);
    }
  }
  if (abs >= DAY_MS) return `${(ms / DAY_MS).toFixed(1)} days`;
  return `${ms} ms`;
}

function pluralUnit(count: number, unit: string): string {
  const names = UNIT_NAMES[unit];
  return `${count} ${Math.abs(count) === 1 ? names[0] : names[1]}`;
}

function readParam(params: SearchParamsInput, name: string): string | undefined {
  const value = hasGetter(params) ? params.get(name) : params[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null || first.trim() === '') return undefined;
  return first;
}

function hasGetter(params: SearchParamsInput): params is { get(name: string): string | null } {
  return typeof (params as { get?: unknown }).get === 'function';
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function fail<T>(error: string): ParseResult<T> {
  return { ok: false, error };
}
