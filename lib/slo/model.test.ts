import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from './durations';
import { describeWindow, formatObjective, sloPeriod, validateSloDefinition } from './model';

const VALID = {
  name: 'checkout-availability',
  service: 'gateway',
  description: 'Checkouts that do not fail',
  sli: { type: 'bad', badQuery: 'http_requests_total{code=~"5.."}', totalQuery: 'http_requests_total' },
  objective: 0.999,
  window: { kind: 'rolling', days: 30 },
  owner: 'storefront',
  labels: { tier: '1' },
};

function errorOf(input: unknown): string {
  const result = validateSloDefinition(input);
  if (result.ok) throw new Error('expected a validation error');
  return result.error;
}

describe('SLO definitions', () => {
  it('accept a valid one and fill defaults', () => {
    const result = validateSloDefinition({ ...VALID, description: undefined, owner: undefined, labels: undefined, name: '  checkout-availability ' });
    expect(result).toEqual({ ok: true, value: { ...VALID, description: '', owner: '', labels: {} } });
  });

  it('name the field at fault', () => {
    expect(errorOf({ ...VALID, name: '' })).toBe('name is required');
    expect(errorOf({ ...VALID, name: 'Checkout Availability' })).toMatch(/^name may hold lowercase letters/);
    expect(errorOf({ ...VALID, service: 'a b' })).toMatch(/^service may hold/);
    expect(errorOf({ ...VALID, objective: 1 })).toMatch(/^objective must be below 100 %/);
    expect(errorOf({ ...VALID, objective: 99.9 })).toMatch(/^objective must be below 100 %/);
    expect(errorOf({ ...VALID, objective: '0.999' })).toBe('objective must be a number');
    expect(errorOf({ ...VALID, window: { kind: 'rolling', days: 0 } })).toBe('window.days must be at least 1');
    expect(errorOf({ ...VALID, window: { kind: 'rolling', days: 365 } })).toMatch(/^window.days must be at most 90/);
    expect(errorOf({ ...VALID, window: { kind: 'rolling', days: 7.5 } })).toBe('window.days must be a whole number of days');
    expect(errorOf({ ...VALID, window: { kind: 'calendar', period: 'month', timeZone: 'CET+1' } })).toMatch(/^window.timeZone is not an IANA time zone/);
    expect(errorOf({ ...VALID, window: { kind: 'calendar', period: 'week', timeZone: 'UTC' } })).toBe('window.period is month or quarter');
    expect(errorOf({ ...VALID, window: { kind: 'sliding' } })).toMatch(/window.kind is rolling or calendar/);
    expect(errorOf({ ...VALID, sli: { type: 'bad', badQuery: 'sum(rate(x[5m]))', totalQuery: 'x' } })).toMatch(/^sli.badQuery is neither/);
    expect(errorOf({ ...VALID, sli: { type: 'ratio' } })).toMatch(/sli.type is good or bad/);
    expect(errorOf({ ...VALID, labels: { 'bad-name': 'x' } })).toMatch(/^labels: names are Prometheus label names/);
    expect(errorOf({ ...VALID, description: 'a\u0000b' })).toBe('description contains a control character');
  });
});

describe('SLO periods', () => {
  it('end at the instant for a rolling window', () => {
    const at = Date.UTC(2026, 10, 21, 12);
    expect(sloPeriod({ kind: 'rolling', days: 28 }, at)).toEqual({
      startMs: at - 28 * DAY_MS,
      endMs: at,
      evaluatedAtMs: at,
      periodMs: 28 * DAY_MS,
      elapsedMs: 28 * DAY_MS,
      label: '28d',
    });
  });

  it('are the month holding the instant for a calendar window', () => {
    const at = Date.UTC(2026, 10, 21, 12);
    const period = sloPeriod({ kind: 'calendar', period: 'month', timeZone: 'Europe/Berlin' }, at);
    expect(period).toMatchObject({ label: '2026-11', startMs: Date.UTC(2026, 9, 31, 23), endMs: Date.UTC(2026, 10, 30, 23), evaluatedAtMs: at });
    expect(period.periodMs).toBe(30 * DAY_MS);
    expect(period.elapsedMs).toBe(20 * DAY_MS + 13 * HOUR_MS);
  });

  it('describe themselves', () => {
    expect(describeWindow({ kind: 'rolling', days: 30 })).toBe('30 days rolling');
    expect(describeWindow({ kind: 'calendar', period: 'quarter', timeZone: 'UTC' })).toBe('calendar quarter');
    expect(describeWindow({ kind: 'calendar', period: 'month', timeZone: 'Europe/Berlin' })).toBe('calendar month (Europe/Berlin)');
    expect(formatObjective(0.999)).toBe('99.9 %');
    expect(formatObjective(0.9995)).toBe('99.95 %');
  });
});
