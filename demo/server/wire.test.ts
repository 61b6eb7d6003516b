import { describe, expect, it } from 'vitest';
import {
  escapeLabelValue,
  formatGoDurationMs,
  formatGoExp,
  formatPromFloat,
  parseGoDurationNs,
  parsePromDurationMs,
  parseRfc3339Ns,
  rfc3339Nano,
  rfc3339NanoFromNs,
} from './wire';

describe('Go number formatting', () => {
  it("formats sample values like strconv.FormatFloat(v, 'f', -1, 64)", () => {
    expect(formatPromFloat(0.01818181818181818)).toBe('0.01818181818181818');
    expect(formatPromFloat(4)).toBe('4');
    expect(formatPromFloat(1e21)).toBe('1000000000000000000000');
    expect(formatPromFloat(1.5e-7)).toBe('0.00000015');
    expect(formatPromFloat(-2.5e22)).toBe('-25000000000000000000000');
    expect(formatPromFloat(NaN)).toBe('NaN');
    expect(formatPromFloat(Infinity)).toBe('+Inf');
    expect(formatPromFloat(-Infinity)).toBe('-Inf');
  });

  it("formats alert values like strconv.FormatFloat(v, 'e', -1, 64)", () => {
    // fixtures/prometheus/alerts.json: "1e+00", "0e+00"
    expect(formatGoExp(1)).toBe('1e+00');
    expect(formatGoExp(0)).toBe('0e+00');
    expect(formatGoExp(2.5e-3)).toBe('2.5e-03');
    expect(formatGoExp(123456)).toBe('1.23456e+05');
    expect(formatGoExp(1e100)).toBe('1e+100');
  });
});

describe('RFC3339', () => {
  it('prints Go RFC3339Nano with trailing zeros trimmed', () => {
    expect(rfc3339Nano(Date.UTC(2026, 10, 21, 23, 15, 36))).toBe('2026-11-21T23:15:36Z');
    expect(rfc3339Nano(Date.UTC(2026, 10, 21, 23, 15, 36, 730))).toBe('2026-11-21T23:15:36.73Z');
    expect(rfc3339NanoFromNs(1795303874730124283n)).toBe('2026-11-21T23:31:14.730124283Z');
  });

  it('parses RFC3339 with zones and fractions to ns', () => {
    expect(parseRfc3339Ns('2026-11-21T23:31:14.730124283Z')).toBe(1795303874730124283n);
    expect(parseRfc3339Ns('2026-11-22T00:31:14+01:00')).toBe(1795303874000000000n);
    expect(parseRfc3339Ns('yesterday')).toBeNull();
  });
});

describe('durations', () => {
  it('parses Prometheus durations', () => {
    expect(parsePromDurationMs('1h30m')).toBe(5_400_000);
    expect(parsePromDurationMs('15s')).toBe(15_000);
    expect(parsePromDurationMs('1d')).toBe(86_400_000);
    expect(parsePromDurationMs('250ms')).toBe(250);
    expect(parsePromDurationMs('1.5h')).toBeNull();
    expect(parsePromDurationMs('')).toBeNull();
  });

  it('parses and prints Go durations', () => {
    expect(parseGoDurationNs('250ms')).toBe(250e6);
    expect(parseGoDurationNs('1.5h')).toBe(5400e9);
    expect(parseGoDurationNs('1h2m3s')).toBe(3723e9);
    expect(parseGoDurationNs('fast')).toBeNull();
    expect(formatGoDurationMs(721 * 3_600_000)).toBe('721h0m0s');
    expect(formatGoDurationMs(90_000)).toBe('1m30s');
    expect(formatGoDurationMs(250)).toBe('250ms');
  });
});

describe('escapeLabelValue', () => {
  it('escapes backslash, quote and newline for the text formats', () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });
});
