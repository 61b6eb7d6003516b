// read-slo against a fake Prometheus: which queries it sends, how it folds answers, and that concurrent
// readers of one period share the work through the bucket cache.
import { describe, expect, it } from 'vitest';
import type { PromQueryResult } from '../model/metrics';
import { HOUR_MS } from './durations';
import type { SloDefinition } from './model';
import { BucketCache, badRateOf, readEventBuckets, readBurnRates, resultValue, type SloPrometheus } from './read-slo';

const SLO: SloDefinition = {
  name: 'x',
  service: 's',
  description: '',
  sli: { type: 'good', goodQuery: 'ok_total', totalQuery: 'all_total' },
  objective: 0.99,
  window: { kind: 'rolling', days: 30 },
  owner: '',
  labels: {},
};

/** 10 events/s in all, 9.8/s good (2 % bad) for every query; counts what was asked. */
function fakePrometheus(delayMs = 0) {
  const calls = { query: [] as string[], queryRange: [] as string[] };
  const rate = (expr: string) => (expr.includes('ok_total') ? 9.8 : 10);
  const prom: SloPrometheus = {
    async query(expr, timeMs) {
      calls.query.push(expr);
      return { type: 'vector', samples: [{ labels: {}, timeMs, value: rate(expr) }] };
    },
    async queryRange(expr, startMs, endMs, stepMs) {
      calls.queryRange.push(`${expr} ${startMs}..${endMs}/${stepMs}`);
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const samples = [];
      for (let t = startMs; t <= endMs; t += stepMs) samples.push({ timeMs: t, value: rate(expr) });
      return { type: 'matrix', series: [{ labels: {}, samples }] };
    },
  };
  return { prom, calls };
}

describe('reading answers', () => {
  it('sums the series of an instant answer and treats NaN (0/0) as no data', () => {
    const vector = (values: number[]): PromQueryResult => ({ type: 'vector', samples: values.map((value) => ({ labels: {}, timeMs: 0, value })) });
    expect(resultValue(vector([1, 2.5]))).toBe(3.5);
    expect(resultValue(vector([]))).toBeNull();
    expect(resultValue(vector([Number.NaN]))).toBeNull();
    expect(resultValue({ type: 'scalar', sample: { timeMs: 0, value: 4 } })).toBe(4);
  });

  it('derives bad events from good ones, never below zero', () => {
    expect(badRateOf(SLO.sli, 9.8, 10)).toBeCloseTo(0.2, 12);
    expect(badRateOf(SLO.sli, null, 10)).toBe(10);
    expect(badRateOf(SLO.sli, 10.5, 10)).toBe(0);
    expect(badRateOf(SLO.sli, 9, null)).toBeNull();
    expect(badRateOf({ type: 'bad', badQuery: 'x', totalQuery: 'y' }, 3, 10)).toBe(3);
  });
});

describe('burn rates', () => {
  it('ask both parts for each of the seven windows and burn at 2 % / 1 %', async () => {
    const { prom, calls } = fakePrometheus();
    const rates = await readBurnRates(prom, SLO, Date.UTC(2026, 10, 21, 12));
    expect(calls.query).toHaveLength(14);
    expect(calls.query).toContain('sum(rate(ok_total[3d]))');
    expect(calls.query).toContain('sum(rate(all_total[5m]))');
    for (const pair of rates.pairs) expect(pair.longBurnRate).toBeCloseTo(2, 9);
    expect(rates.pairs.map((p) => p.status)).toEqual(['acceptable', 'acceptable', 'acceptable', 'critical']);
  });
});

describe('event buckets', () => {
  const span = { startMs: Date.UTC(2026, 10, 20, 10, 30), endMs: Date.UTC(2026, 10, 21, 10, 30) };

  it('read whole hours with one range query per part and the partial ends with instant queries', async () => {
    const { prom, calls } = fakePrometheus();
    const buckets = await readEventBuckets(prom, SLO.sli, span, { nowMs: span.endMs + HOUR_MS });
    expect(calls.queryRange).toEqual([
      `sum(rate(ok_total[1h])) ${Date.UTC(2026, 10, 20, 12)}..${Date.UTC(2026, 10, 21, 10)}/${HOUR_MS}`,
      `sum(rate(all_total[1h])) ${Date.UTC(2026, 10, 20, 12)}..${Date.UTC(2026, 10, 21, 10)}/${HOUR_MS}`,
    ]);
    expect(calls.query.sort()).toEqual(['sum(rate(all_total[30m]))', 'sum(rate(all_total[30m]))', 'sum(rate(ok_total[30m]))', 'sum(rate(ok_total[30m]))']);
    expect(buckets).toHaveLength(25);
    expect(buckets[0]).toMatchObject({ startMs: span.startMs, endMs: Date.UTC(2026, 10, 20, 11) });
    expect(buckets[0].total).toBeCloseTo(10 * 1800, 6);
    expect(buckets[1].bad).toBeCloseTo(0.2 * 3600, 6);
    const total = buckets.reduce((sum, b) => sum + (b.total ?? 0), 0);
    expect(total).toBeCloseTo(10 * 86_400, 4);
  });

  it('ask only for unsettled hours once the others are cached, and let concurrent readers share one query', async () => {
    const { prom, calls } = fakePrometheus(50);
    const cache = new BucketCache();
    const options = { cache, cacheScope: 'a', nowMs: span.endMs + HOUR_MS };
    const [first, second] = await Promise.all([readEventBuckets(prom, SLO.sli, span, options), readEventBuckets(prom, SLO.sli, span, options)]);
    expect(second).toEqual(first);
    expect(calls.queryRange).toHaveLength(2);
    await readEventBuckets(prom, SLO.sli, span, options);
    expect(calls.queryRange).toHaveLength(2);
    // Another Prometheus (or tenant) does not see these buckets.
    await readEventBuckets(prom, SLO.sli, span, { ...options, cacheScope: 'b' });
    expect(calls.queryRange).toHaveLength(4);
    // An hour that ended less than 5 minutes ago is not settled: it is asked again, and only it.
    calls.queryRange.length = 0;
    await readEventBuckets(prom, SLO.sli, span, { ...options, nowMs: Date.UTC(2026, 10, 21, 10, 2) });
    expect(calls.queryRange).toEqual([
      `sum(rate(ok_total[1h])) ${Date.UTC(2026, 10, 21, 10)}..${Date.UTC(2026, 10, 21, 10)}/${HOUR_MS}`,
      `sum(rate(all_total[1h])) ${Date.UTC(2026, 10, 21, 10)}..${Date.UTC(2026, 10, 21, 10)}/${HOUR_MS}`,
    ]);
  });
});
