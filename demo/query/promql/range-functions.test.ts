// The range kernels keep per-series state (prefix sums, a sliding min/max deque) so that long windows cost
// O(1) per step; they must give what a plain loop over the window gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawSeries } from '../types';
import { InMemoryMetricStore } from '../testing/in-memory-stores';
import { evaluateRange } from './index';
import { RANGE_KERNELS, type Window } from './range-functions';

function naive(name: string, v: number[], lo: number, hi: number): number | null {
  if (hi < lo) return null;
  const w = v.slice(lo, hi + 1);
  switch (name) {
    case 'sum_over_time':
      return w.reduce((a, b) => a + b, 0);
    case 'avg_over_time':
      return w.reduce((a, b) => a + b, 0) / w.length;
    case 'max_over_time':
      return w.reduce((m, x) => (x > m || Number.isNaN(m) ? x : m));
    case 'min_over_time':
      return w.reduce((m, x) => (x < m || Number.isNaN(m) ? x : m));
    case 'changes':
      return w.slice(1).filter((x, i) => x !== w[i] && !(Number.isNaN(x) && Number.isNaN(w[i]))).length;
    case 'resets':
      return w.slice(1).filter((x, i) => x < w[i]).length;
    default:
      throw new Error(name);
  }
}

function sameNumber(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}

describe('stateful kernels equal plain loops', () => {
  const values = fc.array(fc.oneof(fc.integer({ min: -50, max: 50 }), fc.constant(Number.NaN)), { minLength: 1, maxLength: 40 });
  const windows = fc.array(fc.tuple(fc.nat(3), fc.nat(6)), { minLength: 1, maxLength: 30 });

  for (const name of ['sum_over_time', 'avg_over_time', 'max_over_time', 'min_over_time', 'changes', 'resets']) {
    it(name, () => {
      fc.assert(
        fc.property(values, windows, (v, moves) => {
          const t = v.map((_, i) => i * 1000);
          const kernel = RANGE_KERNELS[name](t, v);
          let lo = 0;
          let hi = -1;
          for (const [dLo, width] of moves) {
            // Windows move forward only, as steps do.
            lo = Math.min(v.length, lo + dLo);
            hi = Math.max(hi, Math.min(v.length - 1, lo + width - 1));
            const w: Window = { t, v, lo, hi, rangeStartMs: 0, rangeEndMs: 0, rangeMs: 1, evalTimeMs: 0, param: 0, semantics: 'prometheus-2' };
            const got = kernel(w);
            const want = naive(name, v, lo, hi);
            if (!sameNumber(got, want)) throw new Error(`${name}(${JSON.stringify(v.slice(lo, hi + 1))}) = ${got}, want ${want}`);
          }
        }),
        { numRuns: 300 },
      );
    });
  }
});

describe('long windows', () => {
  it('rate and max_over_time over 30 days at hourly steps stay fast', () => {
    const DAY = 86_400_000;
    const series: RawSeries[] = [];
    for (let s = 0; s < 10; s++) {
      const t: number[] = [];
      const v: number[] = [];
      let total = 0;
      for (let ts = 0; ts <= 60 * DAY; ts += 15_000) {
        total += 1 + (ts % 7);
        // A counter reset every 10 days.
        if (ts % (10 * DAY) === 0) total = 0;
        t.push(ts);
        v.push(total);
      }
      series.push({ labels: { __name__: 'requests_total', pod: `p${s}` }, timestampsMs: t, values: v });
    }
    const store = new InMemoryMetricStore(series);
    const rate = evaluateRange('sum(increase(requests_total[30d]))', 30 * DAY, 60 * DAY, 3_600_000, store);
    const max = evaluateRange('max(max_over_time(requests_total[30d]))', 30 * DAY, 60 * DAY, 3_600_000, store);
    expect(rate.result[0].values).toHaveLength(721);
    expect(max.result[0].values).toHaveLength(721);

    // Increase over 30 days at the end: each 10-day segment restarts from 0; 4 resets are inside the window.
    const [, increase] = rate.result[0].values[720];
    let expected = 0;
    for (const s of series) {
      const from = s.timestampsMs.findIndex((ts) => ts >= 30 * DAY);
      let inc = s.values[s.values.length - 1] - s.values[from];
      for (let i = from + 1; i < s.values.length; i++) if (s.values[i] < s.values[i - 1]) inc += s.values[i - 1];
      expected += inc;
    }
    // First and last samples sit on the window's ends: no extrapolation.
    expect(increase).toBeCloseTo(expected, 3);
  });
});

describe('rate and increase over counter resets', () => {
  it('answer a step bit for bit the same whatever range the query starts at (alert chunks rely on it)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 200, maxLength: 400 }), fc.integer({ min: 1, max: 25 }), (increments, skip) => {
        // A fractional counter that resets to a small value every ~37 samples.
        const t: number[] = [];
        const v: number[] = [];
        let total = 0;
        increments.forEach((inc, i) => {
          total = i % 37 === 36 ? inc / 1e3 : total + inc / 7;
          t.push(i * 15_000);
          v.push(total);
        });
        const store = new InMemoryMetricStore([{ labels: { __name__: 'c' }, timestampsMs: t, values: v }]);
        const lastMs = t[t.length - 1];
        for (const fn of ['rate', 'increase']) {
          const long = evaluateRange(`${fn}(c[20m])`, 20 * 60_000, lastMs, 60_000, store).result[0].values;
          const short = evaluateRange(`${fn}(c[20m])`, 20 * 60_000 + skip * 60_000, lastMs, 60_000, store).result[0]?.values ?? [];
          const byTime = new Map(long.map(([time, value]) => [time, value]));
          for (const [time, value] of short) expect(Object.is(byTime.get(time), value)).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});
