import { describe, expect, it } from 'vitest';
import { burnRates, windowReading, type WindowReading } from './burn-status';
import { DAY_MS, MINUTE_MS } from './durations';
import { policyWindowsMs } from './burn-rate';

const PERIOD = 30 * DAY_MS;

/** Readings with the given error ratio per window ("5m" -> 0.02) at 10 requests per second. */
function readings(ratios: Record<string, number>, requestsPerSecond = 10): WindowReading[] {
  return policyWindowsMs().map((windowMs) => {
    const reading = windowReading(windowMs, 0, requestsPerSecond);
    const ratio = ratios[reading.window] ?? 0;
    return windowReading(windowMs, ratio * requestsPerSecond, requestsPerSecond);
  });
}

describe('window readings', () => {
  it('turn rates into a ratio and an event count', () => {
    expect(windowReading(5 * MINUTE_MS, 0.5, 10)).toEqual({ windowMs: 300_000, window: '5m', errorRatio: 0.05, totalEvents: 3000 });
    expect(windowReading(5 * MINUTE_MS, null, 10).errorRatio).toBe(0);
    expect(windowReading(5 * MINUTE_MS, 1, 0)).toMatchObject({ errorRatio: null, totalEvents: 0 });
    expect(windowReading(5 * MINUTE_MS, 1, null)).toMatchObject({ errorRatio: null, totalEvents: null });
    // good > total (scrape skew) must not make a negative ratio.
    expect(windowReading(5 * MINUTE_MS, 12, 10).errorRatio).toBe(1);
  });
});

describe('burn rates of the four pairs', () => {
  it('are Critical when both windows of the page pair burn above 14.4', () => {
    const result = burnRates(readings({ '5m': 0.02, '1h': 0.016 }), 0.999, PERIOD);
    expect(result.pairs[0]).toMatchObject({ long: '1h', short: '5m', threshold: 14.4, status: 'critical' });
    expect(result.pairs[0].longBurnRate).toBeCloseTo(16, 9);
    expect(result.pairs[0].shortBurnRate).toBeCloseTo(20, 9);
    expect(result.status).toBe('critical');
    expect(result.worstPairIndex).toBe(0);
    expect(result.fastest).toEqual({ window: '5m', windowMs: 300_000, burnRate: expect.closeTo(20, 9) });
  });

  it('are Recovering when the long window still burns but the short one stopped', () => {
    const result = burnRates(readings({ '1h': 0.016, '5m': 0.0001, '6h': 0.0065, '30m': 0.001, '3d': 0.0011 }), 0.999, PERIOD);
    expect(result.pairs.map((p) => p.status)).toEqual(['recovering', 'recovering', 'acceptable', 'critical']);
    expect(result.status).toBe('critical');
    expect(result.worstPairIndex).toBe(3);
  });

  it('are Increasing when only the short window burns, and Acceptable otherwise', () => {
    const result = burnRates(readings({ '5m': 0.05 }), 0.999, PERIOD);
    expect(result.pairs[0].status).toBe('increasing');
    expect(result.pairs[1].status).toBe('acceptable');
    expect(result.status).toBe('increasing');
    const calm = burnRates(readings({}), 0.999, PERIOD);
    expect(calm.status).toBe('acceptable');
    // Every window at 0: the fastest is the shortest.
    expect(calm.fastest).toEqual({ window: '5m', windowMs: 300_000, burnRate: 0 });
  });

  it('pick the page pair first when page and ticket pairs are both Critical', () => {
    // An incident an hour in: every window burns, the 3-day one hardest against its (low) threshold.
    const result = burnRates(readings({ '5m': 0.1, '30m': 0.05, '1h': 0.03, '2h': 0.015, '6h': 0.008, '1d': 0.004, '3d': 0.002 }), 0.999, PERIOD);
    expect(result.pairs.map((p) => p.status)).toEqual(['critical', 'critical', 'critical', 'critical']);
    expect(result.worstPairIndex).toBe(0);
  });

  it('pick a Critical ticket pair over a Recovering page pair as the worst', () => {
    const result = burnRates(readings({ '1h': 0.02, '5m': 0, '1d': 0.004, '2h': 0.004 }), 0.999, PERIOD);
    expect(result.pairs[0].status).toBe('recovering');
    expect(result.pairs[2].status).toBe('critical');
    expect(result.worstPairIndex).toBe(2);
    expect(result.status).toBe('critical');
  });

  it('flag low traffic from the short window', () => {
    // 0.2 req/s: 60 requests in 5 minutes, fewer than the 70 the page pair needs at 99.9 %.
    const result = burnRates(readings({}, 0.2), 0.999, PERIOD);
    expect(result.pairs[0]).toMatchObject({ lowTraffic: true, minEvents: 70, shortEvents: 60 });
    expect(result.lowTraffic).toBe(true);
    expect(burnRates(readings({}, 10), 0.999, PERIOD).lowTraffic).toBe(false);
  });

  it('say no data when a window has none', () => {
    const none = policyWindowsMs().map((windowMs) => windowReading(windowMs, null, null));
    const result = burnRates(none, 0.999, PERIOD);
    expect(result.status).toBe('no-data');
    expect(result.worstPairIndex).toBeNull();
    expect(result.fastest).toBeNull();
    expect(result.lowTraffic).toBe(false);
  });

  it('use the thresholds of the period', () => {
    expect(burnRates(readings({}), 0.999, 28 * DAY_MS).pairs.map((p) => p.threshold)).toEqual([13.44, 5.6, 2.8, 0.933333333333]);
  });
});
