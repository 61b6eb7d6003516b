// histogram_quantile over classic histograms (series with an `le` label), as Prometheus' bucketQuantile:
// buckets sorted by upper bound, duplicates of one bound merged, counts forced monotonic, linear
// interpolation inside the bucket, the highest finite bound when the rank falls into +Inf.
import type { Labels } from '../types';
import { labelsKey, METRIC_NAME_LABEL } from '../shared/labels';
import { SeriesBuilder, type StepSeries } from '../vector/step-series';

export interface Bucket {
  upperBound: number;
  count: number;
}

export function bucketQuantile(q: number, input: readonly Bucket[]): number {
  if (Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  if (input.length === 0) return Number.NaN;
  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
  if (sorted[sorted.length - 1].upperBound !== Number.POSITIVE_INFINITY) return Number.NaN;

  const buckets: Bucket[] = [];
  for (const b of sorted) {
    const last = buckets[buckets.length - 1];
    if (last && last.upperBound === b.upperBound) last.count += b.count;
    else buckets.push({ ...b });
  }
  // Scrapes are not atomic across buckets: take the running maximum so counts never decrease.
  let max = buckets[0].count;
  for (let i = 1; i < buckets.length; i++) {
    if (buckets[i].count > max) max = buckets[i].count;
    else if (buckets[i].count < max) buckets[i].count = max;
  }

  if (buckets.length < 2) return Number.NaN;
  const observations = buckets[buckets.length - 1].count;
  if (observations === 0) return Number.NaN;
  let rank = q * observations;
  let b = buckets.length - 1;
  for (let i = 0; i < buckets.length - 1; i++) {
    if (buckets[i].count >= rank) {
      b = i;
      break;
    }
  }
  if (b === buckets.length - 1) return buckets[buckets.length - 2].upperBound;
  if (b === 0 && buckets[0].upperBound <= 0) return buckets[0].upperBound;
  let bucketStart = 0;
  const bucketEnd = buckets[b].upperBound;
  let count = buckets[b].count;
  if (b > 0) {
    bucketStart = buckets[b - 1].upperBound;
    count -= buckets[b - 1].count;
    rank -= buckets[b - 1].count;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

/** Go's strconv.ParseFloat for an `le` value; null when it does not parse. */
export function parseUpperBound(text: string): number | null {
  const t = text.trim();
  if (/^[+-]?inf(inity)?$/i.test(t)) return t.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  return null;
}

/** histogram_quantile(φ, buckets) for every step; output labels drop `le` and the metric name. */
export function histogramQuantile(phi: Float64Array, input: readonly StepSeries[], count: number): StepSeries[] {
  const groups = new Map<string, { labels: Labels; members: { series: StepSeries; upperBound: number }[] }>();
  for (const series of input) {
    const le = series.labels.le;
    const upperBound = le === undefined ? null : parseUpperBound(le);
    if (upperBound === null) continue;
    const labels: Labels = { ...series.labels };
    delete labels.le;
    delete labels[METRIC_NAME_LABEL];
    const key = labelsKey(labels);
    let group = groups.get(key);
    if (!group) {
      group = { labels, members: [] };
      groups.set(key, group);
    }
    group.members.push({ series, upperBound });
  }
  const builder = new SeriesBuilder(count);
  for (const group of groups.values()) {
    const out = builder.series(group.labels);
    for (let step = 0; step < count; step++) {
      const buckets: Bucket[] = [];
      for (const m of group.members) {
        if (m.series.present[step]) buckets.push({ upperBound: m.upperBound, count: m.series.values[step] });
      }
      if (buckets.length > 0) builder.set(out, step, bucketQuantile(phi[step], buckets));
    }
  }
  return builder.result();
}
