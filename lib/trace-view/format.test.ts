import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount, formatDurationUs } from './format';

describe('formatCount', () => {
  it('groups digits as en-US does', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(100_000)).toBe('100,000');
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCount(-1234)).toBe('-1,234');
    expect(formatCount(Number.NaN)).toBe('–');
    fc.assert(fc.property(fc.maxSafeNat(), (n) => formatCount(n) === n.toLocaleString('en-US')));
  });
});

describe('formatDurationUs', () => {
  it('picks the unit by size', () => {
    expect(formatDurationUs(0.5)).toBe('500 ns');
    expect(formatDurationUs(850)).toBe('850 µs');
    expect(formatDurationUs(12_345)).toBe('12.3 ms');
    expect(formatDurationUs(1_250_000)).toBe('1.25 s');
    expect(formatDurationUs(125_000_000)).toBe('2m 05s');
  });
});
