import { describe, expect, it } from 'vitest';
import { formatBytes, formatDurationMs, formatValue } from './format';

describe('formatValue', () => {
  it('formats by the named unit', () => {
    expect(formatValue(1.5, 'seconds')).toBe('1.5 s');
    expect(formatValue(0.25, 'seconds')).toBe('250 ms');
    expect(formatValue(0.0123, 'ratio')).toBe('1.23%');
    expect(formatValue(12.345, 'reqps')).toBe('12.3 req/s');
    expect(formatValue(2048, 'bytes')).toBe('2 KiB');
    expect(formatValue(1_500_000, 'ns')).toBe('1.5 ms');
  });

  it('shows missing and infinite values honestly', () => {
    expect(formatValue(null, 'count')).toBe('–');
    expect(formatValue(Number.NaN, 'count')).toBe('–');
    expect(formatValue(Number.POSITIVE_INFINITY, 'count')).toBe('+Inf');
  });
});

describe('durations and bytes', () => {
  it('picks a readable unit', () => {
    expect(formatDurationMs(0)).toBe('0 ms');
    expect(formatDurationMs(0.0005)).toBe('500 ns');
    expect(formatDurationMs(0.5)).toBe('500 µs');
    expect(formatDurationMs(90_000)).toBe('1.5 min');
    expect(formatDurationMs(7_200_000)).toBe('2 h');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MiB');
  });
});
