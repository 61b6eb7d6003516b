import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, MINUTE_MS, describeDuration, formatDuration, parseDurationMs } from './durations';

describe('Prometheus durations', () => {
  it('parses single and compound units', () => {
    expect(parseDurationMs('5m')).toBe(5 * MINUTE_MS);
    expect(parseDurationMs('1h30m')).toBe(90 * MINUTE_MS);
    expect(parseDurationMs('30d')).toBe(30 * DAY_MS);
    expect(parseDurationMs('2w')).toBe(14 * DAY_MS);
    expect(parseDurationMs('1y')).toBe(365 * DAY_MS);
    expect(parseDurationMs('1500ms')).toBe(1500);
    expect(parseDurationMs(' 6h ')).toBe(6 * HOUR_MS);
  });

  it('refuses what Prometheus refuses', () => {
    for (const bad of ['', '5', 'm', '5 m', '30m1h', '1h1h', '0s', '-5m', '1.5h', '5M', '1d2y']) expect(parseDurationMs(bad), bad).toBeNull();
  });

  it('formats the shortest form and round-trips', () => {
    expect(formatDuration(5 * MINUTE_MS)).toBe('5m');
    expect(formatDuration(DAY_MS)).toBe('1d');
    expect(formatDuration(3 * DAY_MS)).toBe('3d');
    expect(formatDuration(90 * MINUTE_MS)).toBe('1h30m');
    expect(formatDuration(28 * DAY_MS)).toBe('28d');
    expect(formatDuration(1_234_567_000)).toBe('14d6h56m7s');
    for (const ms of [1, 999, 60_000, 7_200_000, 1_234_567_000, 2_678_400_000]) expect(parseDurationMs(formatDuration(ms))).toBe(ms);
    expect(() => formatDuration(0)).toThrow(RangeError);
    expect(() => formatDuration(1.5)).toThrow(RangeError);
  });

  it('describes durations in words', () => {
    expect(describeDuration(HOUR_MS)).toBe('1 hour');
    expect(describeDuration(5 * MINUTE_MS)).toBe('5 minutes');
    expect(describeDuration(30 * DAY_MS)).toBe('30 days');
    expect(describeDuration(90 * MINUTE_MS)).toBe('1.5 hours');
  });
});
