import { describe, expect, it } from 'vitest';
import { logDots, type LogMarker } from './log-markers';

describe('logDots', () => {
  it('places a few markers at their exact time on the axis', () => {
    const dots = logDots(
      [
        { timeMs: 1000, level: 'info' },
        { timeMs: 1050, level: 'error' },
        { timeMs: 2000, level: 'warn' },
      ],
      1000,
      100_000, // 100 ms trace
    );
    expect(dots).toEqual([
      { fraction: 0, level: 'info', count: 1 },
      { fraction: 0.5, level: 'error', count: 1 },
      { fraction: 1, level: 'warn', count: 1 }, // clamped: logged after the trace ended
    ]);
  });

  it('buckets many markers, keeping the most severe level and the count', () => {
    const markers: LogMarker[] = [];
    for (let i = 0; i < 1000; i++) markers.push({ timeMs: 1000 + i * 0.1, level: i === 10 ? 'error' : 'debug' });
    const dots = logDots(markers, 1000, 100_000, 10);
    expect(dots).toHaveLength(10);
    expect(dots.reduce((s, d) => s + d.count, 0)).toBe(1000);
    expect(dots[0]).toMatchObject({ level: 'error', count: 100, fraction: 0.05 });
    expect(dots[1].level).toBe('debug');
  });

  it('draws everything at 0 on a zero-length trace', () => {
    expect(logDots([{ timeMs: 5, level: 'info' }], 5, 0)).toEqual([{ fraction: 0, level: 'info', count: 1 }]);
  });
});
