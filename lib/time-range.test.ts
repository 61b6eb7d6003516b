import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DAY_MS,
  DEFAULT_TIME_RANGE,
  HOUR_MS,
  MAX_RANGE_MS,
  MINUTE_MS,
  TIME_RANGE_PRESETS,
  describeTimeRange,
  formatDuration,
  formatInstant,
  formatRfc3339,
  hrefWithTimeRange,
  isRelativeRange,
  makeAbsolute,
  parseTimeExpr,
  parseTimeRange,
  parseTimeRangeParams,
  timeRangeFromSearchParams,
  timeRangeToSearchParams,
} from './time-range';

// A fixed clock: 2026-11-21T12:00:00Z.
const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

function value<T>(result: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new Error(`expected ok, got error: ${result.error}`);
  return result.value;
}

function error(result: { ok: boolean; error?: string }): string {
  if (result.ok || result.error === undefined) throw new Error('expected an error');
  return result.error;
}

describe('parseTimeExpr', () => {
  it('resolves now and relative offsets against the injected clock', () => {
    expect(value(parseTimeExpr('now', NOW))).toBe(NOW);
    expect(value(parseTimeExpr('now-5m', NOW))).toBe(NOW - 5 * MINUTE_MS);
    expect(value(parseTimeExpr('now-1h', NOW))).toBe(NOW - HOUR_MS);
    expect(value(parseTimeExpr('now-30d', NOW))).toBe(NOW - 30 * DAY_MS);
    expect(value(parseTimeExpr('now-1w', NOW))).toBe(NOW - 7 * DAY_MS);
    expect(value(parseTimeExpr('now+90s', NOW))).toBe(NOW + 90_000);
    expect(value(parseTimeExpr('now-1d+2h', NOW))).toBe(NOW - DAY_MS + 2 * HOUR_MS);
    expect(value(parseTimeExpr('  now - 15m ', NOW))).toBe(NOW - 15 * MINUTE_MS);
  });

  it('reads epoch milliseconds', () => {
    expect(value(parseTimeExpr('1763726400000', NOW))).toBe(1763726400000);
  });

  it('reads RFC3339 with Z, offsets and fractions', () => {
    expect(value(parseTimeExpr('2026-11-21T10:00:00Z', NOW))).toBe(Date.UTC(2026, 10, 21, 10));
    expect(value(parseTimeExpr('2026-11-21T12:00:00+02:00', NOW))).toBe(Date.UTC(2026, 10, 21, 10));
    expect(value(parseTimeExpr('2026-11-21T07:30:00-02:30', NOW))).toBe(Date.UTC(2026, 10, 21, 10));
    expect(value(parseTimeExpr('2026-11-21T10:00:00.123456789Z', NOW))).toBe(Date.UTC(2026, 10, 21, 10, 0, 0, 123));
    expect(value(parseTimeExpr('2026-11-21 10:00Z', NOW))).toBe(Date.UTC(2026, 10, 21, 10));
  });

  it('rejects garbage with a message that says what to write', () => {
    expect(error(parseTimeExpr('', NOW))).toMatch(/empty/);
    expect(error(parseTimeExpr('yesterday', NOW))).toMatch(/not a time: use now-1h, epoch milliseconds or RFC3339/);
    expect(error(parseTimeExpr('now-5x', NOW))).toMatch(/unknown unit "x" \(use s, m, h, d or w\)/);
    expect(error(parseTimeExpr('now-', NOW))).toMatch(/not a relative time/);
    expect(error(parseTimeExpr('now-1d/d', NOW))).toMatch(/rounding/);
    expect(error(parseTimeExpr('now-9999999999d', NOW))).toMatch(/too large/);
    expect(error(parseTimeExpr('NaN', NOW))).toMatch(/not a time/);
    expect(error(parseTimeExpr('Infinity', NOW))).toMatch(/not a time/);
    expect(error(parseTimeExpr('-5', NOW))).toMatch(/not a time/);
    expect(error(parseTimeExpr('1.5e12', NOW))).toMatch(/not a time/);
  });

  it('rejects epoch seconds and out-of-range instants', () => {
    expect(error(parseTimeExpr('1763726400', NOW))).toMatch(/looks like epoch seconds.*1763726400000/);
    expect(error(parseTimeExpr('0', NOW))).toMatch(/before the year 2000/);
    expect(error(parseTimeExpr('99999999999999', NOW))).toMatch(/after the year 2099/);
    expect(error(parseTimeExpr('12345678901234567890', NOW))).toMatch(/too large/);
    expect(error(parseTimeExpr('now-100w', Date.UTC(2001, 0, 1)))).toMatch(/before the year 2000/);
    expect(error(parseTimeExpr('now', Number.NaN))).toMatch(/clock is not a number/);
  });

  it('rejects impossible RFC3339 dates and missing zones', () => {
    expect(error(parseTimeExpr('2026-02-30T10:00:00Z', NOW))).toMatch(/not a valid date/);
    expect(error(parseTimeExpr('2026-13-01T10:00:00Z', NOW))).toMatch(/not a valid date/);
    expect(error(parseTimeExpr('2026-11-21T24:00:00Z', NOW))).toMatch(/not a valid date/);
    expect(error(parseTimeExpr('2026-11-21T10:00:00', NOW))).toMatch(/no time zone: add Z/);
    expect(error(parseTimeExpr('2026-11-21T10:00:00+25:00', NOW))).toMatch(/invalid time zone offset/);
  });
});

describe('parseTimeRange', () => {
  it('resolves a relative range', () => {
    const range = value(parseTimeRange({ from: 'now-1h', to: 'now' }, NOW));
    expect(range).toEqual({ raw: { from: 'now-1h', to: 'now' }, fromMs: NOW - HOUR_MS, toMs: NOW });
  });

  it('resolves mixed absolute and relative sides', () => {
    const range = value(parseTimeRange({ from: '2026-11-21T10:00:00Z', to: 'now' }, NOW));
    expect(range.toMs - range.fromMs).toBe(2 * HOUR_MS);
  });

  it('rejects reversed and empty ranges', () => {
    expect(error(parseTimeRange({ from: 'now', to: 'now-1h' }, NOW))).toBe(
      'The start (2026-11-21 12:00:00 UTC) is after the end (2026-11-21 11:00:00 UTC): swap them',
    );
    expect(error(parseTimeRange({ from: 'now', to: 'now' }, NOW))).toMatch(/empty/);
  });

  it('rejects a huge range and names both spans', () => {
    expect(error(parseTimeRange({ from: 'now-400d', to: 'now' }, NOW))).toBe(
      'The time range spans 400 days; the longest allowed is 366 days',
    );
    expect(value(parseTimeRange({ from: 'now-366d', to: 'now' }, NOW)).fromMs).toBe(NOW - MAX_RANGE_MS);
    expect(error(parseTimeRange({ from: 'now-2h', to: 'now' }, NOW, { maxRangeMs: HOUR_MS }))).toMatch(
      /spans 2 hours; the longest allowed is 1 hour/,
    );
  });

  it('says which side is wrong', () => {
    expect(error(parseTimeRange({ from: 'soon', to: 'now' }, NOW))).toMatch(/^Invalid start time \(from\): /);
    expect(error(parseTimeRange({ from: 'now-1h', to: 'later' }, NOW))).toMatch(/^Invalid end time \(to\): /);
  });

  it('accepts every preset', () => {
    for (const p of TIME_RANGE_PRESETS) {
      const range = value(parseTimeRange(p.raw, NOW));
      expect(range.toMs).toBe(NOW);
      expect(range.fromMs).toBeLessThan(NOW);
    }
  });
});

describe('makeAbsolute', () => {
  it('pins a relative range to epoch ms with the injected clock', () => {
    expect(value(makeAbsolute({ from: 'now-15m', to: 'now' }, NOW))).toEqual({
      from: String(NOW - 15 * MINUTE_MS),
      to: String(NOW),
    });
  });

  it('truncates the clock to the whole second, keeping the span', () => {
    expect(value(makeAbsolute({ from: 'now-1h', to: 'now' }, NOW + 987))).toEqual({ from: String(NOW - HOUR_MS), to: String(NOW) });
    expect(value(makeAbsolute({ from: '1763726400123', to: 'now' }, NOW + 5)).from).toBe('1763726400123');
  });

  it('converts RFC3339 sides to epoch ms and is idempotent', () => {
    const once = value(makeAbsolute({ from: '2026-11-21T10:00:00Z', to: '2026-11-21T11:00:00+00:00' }, NOW));
    expect(once).toEqual({ from: String(Date.UTC(2026, 10, 21, 10)), to: String(Date.UTC(2026, 10, 21, 11)) });
    expect(isRelativeRange(once)).toBe(false);
    expect(value(makeAbsolute(once, NOW + DAY_MS))).toEqual(once);
  });

  it('refuses to pin an invalid range', () => {
    expect(error(makeAbsolute({ from: 'now', to: 'now-5m' }, NOW))).toMatch(/after the end/);
  });
});

describe('search params', () => {
  it('defaults missing or blank sides to the last hour', () => {
    expect(timeRangeFromSearchParams(new URLSearchParams(''))).toEqual(DEFAULT_TIME_RANGE);
    expect(timeRangeFromSearchParams(new URLSearchParams('from=&to=now-5m'))).toEqual({ from: 'now-1h', to: 'now-5m' });
  });

  it('reads URLSearchParams and Next.js page searchParams records (first value wins)', () => {
    expect(timeRangeFromSearchParams(new URLSearchParams('from=now-6h&to=now&x=1'))).toEqual({ from: 'now-6h', to: 'now' });
    expect(timeRangeFromSearchParams({ from: ['now-7d', 'now-1d'], to: 'now', other: undefined })).toEqual({
      from: 'now-7d',
      to: 'now',
    });
  });

  it('parses a page searchParams record in one step and keeps the raw input on errors', () => {
    const ok = parseTimeRangeParams({ from: 'now-24h' }, NOW);
    expect(ok.ok && ok.value.fromMs).toBe(NOW - 24 * HOUR_MS);
    const bad = parseTimeRangeParams({ from: 'now', to: 'now-1h' }, NOW);
    expect(bad.ok).toBe(false);
    expect(bad.raw).toEqual({ from: 'now', to: 'now-1h' });
  });

  it('writes from/to and keeps the other parameters', () => {
    const params = timeRangeToSearchParams({ from: 'now-5m', to: 'now' }, 'q=%7Bjob%3D%22a%22%7D&from=old');
    expect(params.get('q')).toBe('{job="a"}');
    expect(params.get('from')).toBe('now-5m');
    expect(params.getAll('from')).toHaveLength(1);
    expect(params.get('to')).toBe('now');
  });

  it('builds links that carry the range, keeping query and hash', () => {
    expect(hrefWithTimeRange('/traces', { from: 'now-6h', to: 'now' })).toBe('/traces?from=now-6h&to=now');
    expect(hrefWithTimeRange('/slo?service=pay#budget', { from: '1', to: '2' })).toBe('/slo?service=pay&from=1&to=2#budget');
  });

  it('round-trips any raw range through the URL unchanged', () => {
    const expr = fc.oneof(
      fc.constantFrom('now', 'now-1h', 'now-1d+2h', '2026-11-21T10:00:00+02:00'),
      fc.integer({ min: 946684800000, max: 4102444799999 }).map(String),
      fc.string(),
    );
    fc.assert(
      fc.property(expr, expr, (from, to) => {
        fc.pre(from.trim() !== '' && to.trim() !== '');
        const url = `/x?${timeRangeToSearchParams({ from, to }).toString()}`;
        const back = timeRangeFromSearchParams(new URL(url, 'http://weft.test').searchParams);
        expect(back).toEqual({ from, to });
      }),
    );
  });

  it('round-trips absolute instants: ms -> RFC3339 -> ms', () => {
    fc.assert(
      fc.property(fc.integer({ min: 946684800000, max: 4102444799999 }), (ms) => {
        expect(value(parseTimeExpr(formatRfc3339(ms), NOW))).toBe(ms);
        expect(value(parseTimeExpr(String(ms), NOW))).toBe(ms);
      }),
    );
  });

  it('make-absolute of any valid relative range keeps its span', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 365 * 24 }), fc.integer({ min: 0, max: 24 }), (hoursBack, hoursEnd) => {
        fc.pre(hoursEnd < hoursBack);
        const raw = { from: `now-${hoursBack}h`, to: hoursEnd === 0 ? 'now' : `now-${hoursEnd}h` };
        const pinned = value(makeAbsolute(raw, NOW));
        expect(Number(pinned.to) - Number(pinned.from)).toBe((hoursBack - hoursEnd) * HOUR_MS);
        expect(Number(pinned.to)).toBe(NOW - hoursEnd * HOUR_MS);
      }),
    );
  });
});

describe('formatting', () => {
  it('labels presets and simple relative ranges', () => {
    expect(describeTimeRange({ from: 'now-1h', to: 'now' }, NOW)).toBe('Last 1 hour');
    expect(describeTimeRange({ from: 'now-30d', to: 'now' }, NOW)).toBe('Last 30 days');
    expect(describeTimeRange({ from: 'now-90m', to: 'now' }, NOW)).toBe('Last 90 minutes');
    expect(describeTimeRange({ from: 'now-2d', to: 'now-1d' }, NOW)).toBe('now-2d to now-1d');
  });

  it('labels absolute ranges in UTC', () => {
    expect(describeTimeRange({ from: String(NOW - HOUR_MS), to: String(NOW) }, NOW)).toBe('2026-11-21 11:00:00 to 12:00:00 UTC');
    expect(describeTimeRange({ from: String(NOW - DAY_MS), to: String(NOW) }, NOW)).toBe(
      '2026-11-20 12:00:00 UTC to 2026-11-21 12:00:00 UTC',
    );
    expect(describeTimeRange({ from: '2026-11-21T10:00:00Z', to: 'now' }, NOW)).toBe('2026-11-21 10:00:00 UTC to now');
    expect(describeTimeRange({ from: 'junk', to: 'now' }, NOW)).toBe('junk to now');
  });

  it('formats instants and durations', () => {
    expect(formatInstant(NOW)).toBe('2026-11-21 12:00:00 UTC');
    expect(formatInstant(NOW + 5)).toBe('2026-11-21 12:00:00.005 UTC');
    expect(formatRfc3339(NOW)).toBe('2026-11-21T12:00:00Z');
    expect(formatDuration(HOUR_MS)).toBe('1 hour');
    expect(formatDuration(90 * MINUTE_MS)).toBe('90 minutes');
    expect(formatDuration(14 * DAY_MS)).toBe('2 weeks');
    expect(formatDuration(366 * DAY_MS)).toBe('366 days');
    expect(formatDuration(1500)).toBe('1500 ms');
  });
});
