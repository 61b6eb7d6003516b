// Helpers for the simulation's tests: a fixed clock, and small re-implementations of what Prometheus computes
// (rate over raw samples, histogram_quantile) so tests check the data itself, not a query engine.
import type { Fleet, IncidentWindow } from '../contract';
import type { RawSeries } from '../query/types';

/** A fixed "now" for tests: 2026-11-21T12:00:07Z (the fixtures' capture day). */
export const TEST_NOW_MS = Date.UTC(2026, 10, 21, 12, 0, 7);

export const hours = (n: number) => n * 3_600_000;
export const minutes = (n: number) => n * 60_000;
export const msToNsBig = (ms: number) => BigInt(Math.round(ms)) * 1_000_000n;

/**
 * The latest incident of a kind and severity that ended before TEST_NOW_MS. Major incidents come once per 6-day
 * cycle per kind (incidents.ts), so the search looks back a week.
 */
export function latestIncident(fleet: Pick<Fleet, 'incidentsBetween'>, kind: IncidentWindow['kind'], severity: IncidentWindow['severity'] = 'major'): IncidentWindow {
  const found = fleet
    .incidentsBetween(TEST_NOW_MS - hours(7 * 24), TEST_NOW_MS)
    .filter((i) => i.kind === kind && i.severity === severity && i.endMs < TEST_NOW_MS)
    .at(-1);
  if (!found) throw new Error(`no ${severity} ${kind} incident in the week before TEST_NOW_MS`);
  return found;
}

/** Increase of a counter series between the samples at (or just before) fromMs and toMs, with resets handled. */
export function increase(series: RawSeries, fromMs: number, toMs: number): number {
  let total = 0;
  let previous: number | null = null;
  for (let i = 0; i < series.timestampsMs.length; i++) {
    const t = series.timestampsMs[i];
    if (t < fromMs || t > toMs) continue;
    const v = series.values[i];
    if (previous !== null) total += v >= previous ? v - previous : v;
    previous = v;
  }
  return total;
}

/** Prometheus' histogram_quantile over cumulative bucket counts (le ascending, last = +Inf). */
export function histogramQuantile(q: number, buckets: { le: number; count: number }[]): number {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted[sorted.length - 1].count;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let i = 0;
  while (i < sorted.length - 1 && sorted[i].count < rank) i++;
  if (i === sorted.length - 1) return sorted[sorted.length - 2].le;
  const lower = i === 0 ? 0 : sorted[i - 1].le;
  const lowerCount = i === 0 ? 0 : sorted[i - 1].count;
  const upper = sorted[i].le;
  return lower + ((upper - lower) * (rank - lowerCount)) / (sorted[i].count - lowerCount);
}

/** histogram_quantile(q, sum by (le) (rate(bucket[windowMs]))) at evalMs, from raw `_bucket` series. */
export function quantileAt(q: number, bucketSeries: RawSeries[], evalMs: number, windowMs: number): number {
  const byLe = new Map<number, number>();
  for (const s of bucketSeries) {
    const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
    byLe.set(le, (byLe.get(le) ?? 0) + increase(s, evalMs - windowMs, evalMs));
  }
  return histogramQuantile(q, [...byLe].map(([le, count]) => ({ le, count })));
}

/** sum(increase) of the series over (fromMs, toMs]. */
export function sumIncrease(series: RawSeries[], fromMs: number, toMs: number): number {
  return series.reduce((sum, s) => sum + increase(s, fromMs, toMs), 0);
}
