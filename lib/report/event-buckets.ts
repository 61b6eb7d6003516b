// Events per 15-minute bucket from two range queries of an SLI (numerator and total, each events per second
// averaged over the bucket, as lib/slo's renderEventQuery writes them). Counting per bucket and summing makes
// every total add up: the days sum to the month, whatever the time zone. Pure; O(samples).
import type { Series } from '../model/metrics';

export interface EventBucket {
  /** The bucket holds events in (endMs - step, endMs]. */
  endMs: number;
  bad: number;
  total: number;
}

/** Sum of all series' values per timestamp (a template query may not aggregate to one series). */
function sumByTime(series: readonly Series[]): Map<number, number> {
  const sums = new Map<number, number>();
  for (const one of series) {
    for (const sample of one.samples) {
      if (!Number.isFinite(sample.value)) continue;
      sums.set(sample.timeMs, (sums.get(sample.timeMs) ?? 0) + sample.value);
    }
  }
  return sums;
}

/**
 * Buckets with traffic, oldest first. `numerator` is bad events (sli type 'bad') or good events ('good'); a
 * bucket without a total sample has no data and is left out. Bad events are clamped to [0, total]: rate()
 * extrapolation can make good exceed total by a hair.
 */
export function eventBuckets(numerator: readonly Series[], total: readonly Series[], sliType: 'good' | 'bad', stepMs: number): EventBucket[] {
  if (!(stepMs > 0)) throw new RangeError(`The step must be positive, got ${stepMs}`);
  const perSecond = stepMs / 1000;
  const numerators = sumByTime(numerator);
  const buckets: EventBucket[] = [];
  for (const [endMs, totalRate] of sumByTime(total)) {
    const totalEvents = Math.max(0, totalRate * perSecond);
    if (totalEvents === 0) {
      buckets.push({ endMs, bad: 0, total: 0 });
      continue;
    }
    // A missing numerator sample with traffic present: no bad (or no good) events matched the selector.
    const counted = Math.max(0, (numerators.get(endMs) ?? 0) * perSecond);
    const bad = sliType === 'bad' ? counted : totalEvents - counted;
    buckets.push({ endMs, bad: Math.min(totalEvents, Math.max(0, bad)), total: totalEvents });
  }
  return buckets.sort((a, b) => a.endMs - b.endMs);
}
