// Functions over range vectors (rate, increase, *_over_time, ...), each a kernel over the samples of one
// series inside one step's window [lo, hi]. Semantics follow Prometheus promql/functions.go.

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
function extrapolatedRate(w: Window, isCounter: boolean, isRate: boolean): number | null {
  const { t, v, lo, hi } = w;
  const n = hi - lo + 1;
  if (n < 2) return null;
  let result = v[hi] - v[lo];
  if (isCounter) {
    for (let i = lo + 1; i <= hi; i++) if (v[i] < v[i - 1]) result += v[i - 1];
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

const nonEmpty =
  (fn: (w: Window) => number): RangeKernel =>
  (w) =>
    w.hi >= w.lo ? fn(w) : null;

export const RANGE_KERNELS: Record<string, RangeKernel> = {
  rate: (w) => extrapolatedRate(w, true, true),
  increase: (w) => extrapolatedRate(w, true, false),
  delta: (w) => extrapolatedRate(w, false, false),
  irate: (w) => instantValue(w, true),
  idelta: (w) => instantValue(w, false),
  deriv: (w) => (w.hi - w.lo + 1 < 2 ? null : linearRegression(w, w.t[w.lo])[0]),
  predict_linear: (w) => {
    if (w.hi - w.lo + 1 < 2) return null;
    const [slope, intercept] = linearRegression(w, w.evalTimeMs);
    return slope * w.param + intercept;
  },
  changes: nonEmpty((w) => {
    let changes = 0;
    for (let i = w.lo + 1; i <= w.hi; i++) {
      const current = w.v[i];
      const previous = w.v[i - 1];
      if (current !== previous && !(Number.isNaN(current) && Number.isNaN(previous))) changes++;
    }
    return changes;
  }),
  resets: nonEmpty((w) => {
    let resets = 0;
    for (let i = w.lo + 1; i <= w.hi; i++) if (w.v[i] < w.v[i - 1]) resets++;
    return resets;
  }),
  avg_over_time: nonEmpty(avgOverTime),
  min_over_time: nonEmpty((w) => {
    let min = w.v[w.lo];
    for (let i = w.lo + 1; i <= w.hi; i++) if (w.v[i] < min || Number.isNaN(min)) min = w.v[i];
    return min;
  }),
  max_over_time: nonEmpty((w) => {
    let max = w.v[w.lo];
    for (let i = w.lo + 1; i <= w.hi; i++) if (w.v[i] > max || Number.isNaN(max)) max = w.v[i];
    return max;
  }),
  sum_over_time: nonEmpty((w) => {
    let sum = 0;
    for (let i = w.lo; i <= w.hi; i++) sum += w.v[i];
    return sum;
  }),
  count_over_time: nonEmpty((w) => w.hi - w.lo + 1),
  last_over_time: nonEmpty((w) => w.v[w.hi]),
  present_over_time: nonEmpty(() => 1),
  stdvar_over_time: nonEmpty(variance),
  stddev_over_time: nonEmpty((w) => Math.sqrt(variance(w))),
  quantile_over_time: nonEmpty(quantileOverTime),
};
