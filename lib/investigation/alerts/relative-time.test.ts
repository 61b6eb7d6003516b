import { describe, expect, it } from 'vitest';
import { formatAgo, formatSpan } from './relative-time';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

describe('formatSpan / formatAgo', () => {
  it('uses at most two units, rounding down', () => {
    expect(formatSpan(45_900)).toBe('45 s');
    expect(formatSpan(12 * 60_000 + 59_000)).toBe('12 min');
    expect(formatSpan(3 * 3_600_000)).toBe('3 h');
    expect(formatSpan(3 * 3_600_000 + 5 * 60_000)).toBe('3 h 5 min');
    expect(formatSpan(2 * 86_400_000 + 4 * 3_600_000 + 59 * 60_000)).toBe('2 d 4 h');
    expect(formatSpan(-90_000)).toBe('1 min');
  });

  it('says ago, just now, or in (clock skew)', () => {
    expect(formatAgo(NOW - 12 * 60_000, NOW)).toBe('12 min ago');
    expect(formatAgo(NOW - 5_000, NOW)).toBe('just now');
    expect(formatAgo(NOW + 3 * 60_000, NOW)).toBe('in 3 min');
  });
});
