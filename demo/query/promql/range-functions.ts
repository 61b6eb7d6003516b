// Functions over range vectors (rate, increase, *_over_time, ...), each a kernel over the samples of one
// series inside one step's window [lo, hi]. Semantics follow Prometheus promql/functions.go.
import { firstAtOrAfter } from '../shared/search';

export type Semantics = 'prometheus-2' | 'prometheus-3';

export interface Window {
  /** Sample timestamps (ms) and values of the whole series, ascending. */
  t: ArrayLike<number>;
  v: ArrayLike<number>;
  /** Inclusive indexes of the samples inside the window; hi < lo when empty. */
  lo: number;
  hi: number;
  rangeStartMs: number;
  rangeEndMs: number;
  rangeMs: number;
  /** The step's evaluation time (predict_linear intercept). */
  evalTimeMs: number;
  /** The scalar argument of quantile_over_time / predict_linear at this step. */
  param: number;
  semantics: Semantics;
}

/** A kernel returns the step's value, or null for "no sample at this step". */
export type RangeKernel = (w: Window) => number | null;

/**
 * Prometheus' extrapolatedRate: the increase between the first and last sample (plus counter resets),
 * extrapolated to the range boundaries when the samples reach within 1.1 average intervals of them (half an
 * interval otherwise), never below the counter's zero point. Prometheus 2.x applies the zero-point clamp
 * before the threshold test; 2.52+ (and 3.x) after it.
 */
function extrapolatedRate(w: Window, isCounter: boolean, isRate: boolean, resets: Int32Array | null): number | null {
  const { t, v, lo, hi } = w;
  const n = hi - lo + 1;
  if (n < 2) return null;
  let result = v[hi] - v[lo];
  if (isCounter) {
    if (resets) {
      // The window's resets in order, as Prometheus adds them: the value depends on the window only, not on where
      // the query's samples start (a prefix sum would), so a step answers the same in any range that contains it.
      for (let k = firstAtOrAfter(resets, lo + 1); k < resets.length && resets[k] <= hi; k++) result += v[resets[k] - 1];
    } else {
      for (let i = lo + 1; i <= hi; i++) if (v[i] < v[i - 1]) result += v[i - 1];
    }
  }
  let durationToStart = (t[lo] - w.rangeStartMs) / 1000;
  let durationToEnd = (w.rangeEndMs - t[hi]) / 1000;
  const sampledInterval = (t[hi] - t[lo]) / 1000;
  const averageDurationBetweenSamples = sampledInterval / (n - 1);
  const threshold = averageDurationBetweenSamples * 1.1;

  if (w.semantics === 'prometheus-2') {
    if (isCounter && result > 0 && v[lo] >= 0) {
      const durationToZero = sampledInterval * (v[lo] / result);
      if (durationToZero < durationToStart) durationToStart = durationToZero;
    }
    if (durationToStart >= threshold) durationToStart = averageDurationBetweenSamples / 2;
  } else {
    if (durationToStart >= threshold) durationToStart = averageDurationBetweenSamples / 2;
    if (isCounter && result > 0 && v[lo] >= 0) {
      const durationToZero = sampledInterval * (v[lo] / result);
      if (durationToZero < durationToStart) durationToStart = durationToZero;
    }
  }
  if (durationToEnd >= threshold) durationToEnd = averageDurationBetweenSamples / 2;

  let factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
  if (isRate) factor /= w.rangeMs / 1000;
  return result * factor;
}

/** irate/idelta: the last two samples only. */
function instantValue(w: Window, isRate: boolean): number | null {
  const { t, v, lo, hi } = w;
  if (hi - lo + 1 < 2) return null;
  const last = v[hi];
  const previous = v[hi - 1];
  let result = isRate && last < previous ? last : last - previous;
  const sampledIntervalMs = t[hi] - t[hi - 1];
  if (sampledIntervalMs === 0) return null;
  if (isRate) result /= sampledIntervalMs / 1000;
  return result;
}

function kahanInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  if (Math.abs(sum) >= Math.abs(inc)) c += sum - t + inc;
  else c += inc - t + sum;
  return [t, c];
}

/** Least-squares slope and intercept at `interceptMs` (Prometheus linearRegression, Kahan-summed). */
function linearRegression(w: Window, interceptMs: number): [number, number] {
  const { t, v, lo, hi } = w;
  let n = 0;
  let sumX = 0;
  let cX = 0;
  let sumY = 0;
  let cY = 0;
  let sumXY = 0;
  let cXY = 0;
  let sumX2 = 0;
  let cX2 = 0;
  const initY = v[lo];
  let constY = true;
  for (let i = lo; i <= hi; i++) {
    if (constY && i > lo && v[i] !== initY) constY = false;
    n += 1;
    const x = (t[i] - interceptMs) / 1000;
    [sumX, cX] = kahanInc(x, sumX, cX);
    [sumY, cY] = kahanInc(v[i], sumY, cY);
    [sumXY, cXY] = kahanInc(x * v[i], sumXY, cXY);
    [sumX2, cX2] = kahanInc(x * x, sumX2, cX2);
  }
  if (constY) {
    if (!Number.isFinite(initY) && !Number.isNaN(initY)) return [Number.NaN, Number.NaN];
    return [0, initY];
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  const intercept = sumY / n - (slope * sumX) / n;
  return [slope, intercept];
}

function quantileOverTime(w: Window): number {
  const values: number[] = [];
  for (let i = w.lo; i <= w.hi; i++) values.push(w.v[i]);
  const q = w.param;
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  values.sort((a, b) => a - b);
  const rank = q * (values.length - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(values.length - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return values[lower] * (1 - weight) + values[upper] * weight;
}

function variance(w: Window): number {
  let count = 0;
  let mean = 0;
  let aux = 0;
  for (let i = w.lo; i <= w.hi; i++) {
    count++;
    const delta = w.v[i] - mean;
    mean += delta / count;
    aux += delta * (w.v[i] - mean);
  }
  return aux / count;
}

function avgOverTime(w: Window): number {
  // Prometheus 2.x: incremental mean, keeping an infinite mean unless NaN or the other infinity arrives.
  let mean = w.v[w.lo];
  let count = 1;
  for (let i = w.lo + 1; i <= w.hi; i++) {
    const value = w.v[i];
    count++;
    if (mean === Number.POSITIVE_INFINITY || mean === Number.NEGATIVE_INFINITY) {
      const valueInfinite = value === Number.POSITIVE_INFINITY || value === Number.NEGATIVE_INFINITY;
      if (valueInfinite && mean > 0 === value > 0) continue;
      if (!valueInfinite && !Number.isNaN(value)) continue;
    }
    mean += value / count - mean / count;
  }
  return mean;
}

/** Per-series state built once, so that long windows cost O(1) per step instead of O(window). */
export interface SeriesKernel {
  (w: Window): number | null;
}

export type KernelFactory = (t: ArrayLike<number>, v: ArrayLike<number>) => SeriesKernel;

function allFinite(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/** Indexes i where the counter went down (v[i] < v[i - 1]), ascending. */
function resetIndexes(v: ArrayLike<number>): Int32Array {
  const out: number[] = [];
  for (let i = 1; i < v.length; i++) if (v[i] < v[i - 1]) out.push(i);
  return Int32Array.from(out);
}

/** prefix[i] = sum of f(j) for j in 1..i (counter-reset corrections, change counts ...). */
function pairPrefix(v: ArrayLike<number>, f: (previous: number, current: number) => number): Float64Array {
  const prefix = new Float64Array(v.length);
  for (let i = 1; i < v.length; i++) prefix[i] = prefix[i - 1] + f(v[i - 1], v[i]);
  return prefix;
}

/** Sums over windows from prefix sums when every value is finite (Inf - Inf would be NaN), else directly. */
function windowSum(v: ArrayLike<number>): (lo: number, hi: number) => number {
  if (allFinite(v)) {
    const prefix = new Float64Array(v.length + 1);
    for (let i = 0; i < v.length; i++) prefix[i + 1] = prefix[i] + v[i];
    return (lo, hi) => prefix[hi + 1] - prefix[lo];
  }
  return (lo, hi) => {
    let sum = 0;
    for (let i = lo; i <= hi; i++) sum += v[i];
    return sum;
  };
}

/**
 * min/max over sliding windows with a monotonic deque (windows only move forward, or stay). NaN loses to any
 * number and is the answer only for a window of NaNs, as in Prometheus.
 */
function slidingExtreme(v: ArrayLike<number>, isMax: boolean): SeriesKernel {
  const deque: number[] = [];
  let head = 0;
  let nextIn = 0;
  const better = (a: number, b: number): boolean => {
    if (Number.isNaN(b)) return true;
    if (Number.isNaN(a)) return false;
    return isMax ? a >= b : a <= b;
  };
  return (w) => {
    if (w.hi < w.lo) return null;
    if (nextIn > w.hi + 1 || (head < deque.length && deque[head] < w.lo && nextIn < w.lo)) {
      // The window moved backwards or jumped: start over.
      deque.length = 0;
      head = 0;
      nextIn = w.lo;
    }
    if (nextIn < w.lo) nextIn = w.lo;
    for (; nextIn <= w.hi; nextIn++) {
      while (deque.length > head && better(w.v[nextIn], w.v[deque[deque.length - 1]])) deque.pop();
      deque.push(nextIn);
    }
    while (head < deque.length && deque[head] < w.lo) head++;
    if (head > 1024) {
      deque.splice(0, head);
      head = 0;
    }
    return w.v[deque[head]];
  };
}

const nonEmpty =
  (fn: (w: Window) => number): RangeKernel =>
  (w) =>
    w.hi >= w.lo ? fn(w) : null;

const stateless =
  (kernel: RangeKernel): KernelFactory =>
  () =>
    kernel;

export const RANGE_KERNELS: Record<string, KernelFactory> = {
  rate: (_, v) => {
    const resets = resetIndexes(v);
    return (w) => extrapolatedRate(w, true, true, resets);
  },
  increase: (_, v) => {
    const resets = resetIndexes(v);
    return (w) => extrapolatedRate(w, true, false, resets);
  },
  delta: stateless((w) => extrapolatedRate(w, false, false, null)),
  irate: stateless((w) => instantValue(w, true)),
  idelta: stateless((w) => instantValue(w, false)),
  deriv: stateless((w) => (w.hi - w.lo + 1 < 2 ? null : linearRegression(w, w.t[w.lo])[0])),
  predict_linear: stateless((w) => {
    if (w.hi - w.lo + 1 < 2) return null;
    const [slope, intercept] = linearRegression(w, w.evalTimeMs);
    return slope * w.param + intercept;
  }),
  changes: (_, v) => {
    const changes = pairPrefix(v, (p, c) => (c !== p && !(Number.isNaN(c) && Number.isNaN(p)) ? 1 : 0));
    return nonEmpty((w) => changes[w.hi] - changes[w.lo]);
  },
  resets: (_, v) => {
    const resets = pairPrefix(v, (p, c) => (c < p ? 1 : 0));
    return nonEmpty((w) => resets[w.hi] - resets[w.lo]);
  },
  avg_over_time: (_, v) => {
    // Prefix sums when finite (long windows); Prometheus' incremental mean otherwise (infinities).
    if (!allFinite(v)) return nonEmpty(avgOverTime);
    const sum = windowSum(v);
    return nonEmpty((w) => sum(w.lo, w.hi) / (w.hi - w.lo + 1));
  },
  min_over_time: (_, v) => slidingExtreme(v, false),
  max_over_time: (_, v) => slidingExtreme(v, true),
  sum_over_time: (_, v) => {
    const sum = windowSum(v);
    return nonEmpty((w) => sum(w.lo, w.hi));
  },
  count_over_time: stateless(nonEmpty((w) => w.hi - w.lo + 1)),
  last_over_time: stateless(nonEmpty((w) => w.v[w.hi])),
  present_over_time: stateless(nonEmpty(() => 1)),
  stdvar_over_time: stateless(nonEmpty(variance)),
  stddev_over_time: stateless(nonEmpty((w) => Math.sqrt(variance(w)))),
  quantile_over_time: stateless(nonEmpty(quantileOverTime)),
};
