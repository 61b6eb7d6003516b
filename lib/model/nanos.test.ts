import { describe, expect, it } from 'vitest';
import { canonicalNanos, compareCanonicalNanos, compareNanos, diffNanos, nanosToMs, splitFromMs, splitNanos } from './nanos';

describe('nanosToMs', () => {
  it('derives milliseconds from exact nanosecond strings', () => {
    expect(nanosToMs('1795303440742148755')).toBeCloseTo(1795303440742.148755, 3);
    expect(Math.floor(nanosToMs('1795303440742148755'))).toBe(1795303440742);
    expect(nanosToMs('999999')).toBeCloseTo(0.999999, 9);
    expect(nanosToMs('0')).toBe(0);
  });
});

describe('canonicalNanos / compareCanonicalNanos', () => {
  it('drops leading zeros but keeps a lone zero', () => {
    expect(canonicalNanos('000123')).toBe('123');
    expect(canonicalNanos('000')).toBe('0');
    expect(canonicalNanos('1795303440742148755')).toBe('1795303440742148755');
  });

  it('orders canonical strings numerically, beyond double precision', () => {
    expect(compareCanonicalNanos('9', '10')).toBeLessThan(0);
    expect(compareCanonicalNanos('1795303440742148756', '1795303440742148755')).toBeGreaterThan(0);
    expect(compareCanonicalNanos('42', '42')).toBe(0);
  });
});

describe('splitNanos', () => {
  it('splits exactly and refuses what is not a plain non-negative integer', () => {
    expect(splitNanos('1795303440742148755')).toEqual({ sec: 1795303440, nano: 742148755 });
    expect(splitNanos('5')).toEqual({ sec: 0, nano: 5 });
    expect(splitNanos('')).toBeNull();
    expect(splitNanos('-1')).toBeNull();
    expect(splitNanos('1e9')).toBeNull();
  });

  it('differences and compares split instants exactly', () => {
    const a = splitNanos('1795303440742148755');
    const b = splitNanos('1795303440742148756');
    if (!a || !b) throw new Error('split failed');
    expect(diffNanos(b, a)).toBe(1);
    expect(compareNanos(a, b)).toBeLessThan(0);
    expect(splitFromMs(1500.25)).toEqual({ sec: 1, nano: 500_250_000 });
  });
});
