// Which of an expression's series and exemplars belong to one alert instance. An alert's labels are the
// expression's output labels plus the rule's own labels (which win), so a series belongs to the alert when
// every label they share (other than the rule's) has the same value. Pure.
import type { ChartPoint, ChartSeries } from '../../charts/series-data';
import type { Exemplar, Labels, Series } from '../../model/metrics';
import { labelValue } from './alert-ref';

/** The alert's labels that come from the expression: without alertname and the rule's own labels. */
export function expressionLabels(alertLabels: Labels, ruleLabels: Labels): Labels {
  return Object.fromEntries(Object.entries(alertLabels).filter(([name]) => name !== 'alertname' && !Object.hasOwn(ruleLabels, name)));
}

/** True when no label present on both sides differs. */
export function consistentWith(seriesLabels: Labels, wanted: Labels): boolean {
  for (const [name, value] of Object.entries(wanted)) {
    const actual = labelValue(seriesLabels, name);
    if (actual !== undefined && actual !== value) return false;
  }
  return true;
}

export interface SelectedSeries {
  series: Series[];
  /** True when some series were left out as other instances of the alert. */
  filtered: boolean;
}

/** The series of this alert instance; all of them when none fits (the labels then say nothing about them). */
export function seriesOfAlert(series: readonly Series[], wanted: Labels): SelectedSeries {
  const matching = series.filter((one) => consistentWith(one.labels, wanted));
  if (matching.length === 0 || matching.length === series.length) return { series: [...series], filtered: false };
  return { series: matching, filtered: true };
}

/** Exemplars of this alert's series that carry a trace id, oldest first. */
export function exemplarsOfAlert(exemplars: readonly Exemplar[], wanted: Labels): Exemplar[] {
  return exemplars
    .filter((exemplar) => exemplar.traceId !== undefined && consistentWith(exemplar.seriesLabels, wanted))
    .sort((a, b) => a.timeMs - b.timeMs);
}

/**
 * Where an exemplar sits on the chart when its own value is in another unit than the plotted expression (a
 * request counter's exemplar on an error-ratio chart): on the first series' value at the nearest step, or 0.
 */
export function valueOnSeries(points: readonly ChartPoint[], timeMs: number): number {
  let best: ChartPoint | null = null;
  for (const point of points) {
    if (point[1] === null) continue;
    if (best === null || Math.abs(point[0] - timeMs) < Math.abs(best[0] - timeMs)) best = point;
  }
  return best?.[1] ?? 0;
}

/** The plotted series that an exemplar most likely belongs to: the first whose labels fit its series'. */
export function chartSeriesOfExemplar(series: readonly ChartSeries[], exemplar: Exemplar): ChartSeries | null {
  return series.find((one) => consistentWith(exemplar.seriesLabels, withoutName(one.labels))) ?? series[0] ?? null;
}

function withoutName(labels: Labels): Labels {
  const { __name__: _name, ...rest } = labels;
  return rest;
}

/**
 * At most `buckets * perBucket` exemplars spread over [fromMs, toMs]: the highest `perBucket` of each time
 * bucket, so the chart shows the whole window and every bucket's slowest requests, not a wall of points.
 * Oldest first; does not mutate its input. O(n log n).
 */
export function sampleExemplars<T extends { timeMs: number; value: number }>(exemplars: readonly T[], fromMs: number, toMs: number, buckets: number, perBucket: number): T[] {
  if (exemplars.length <= buckets * perBucket) return [...exemplars].sort((a, b) => a.timeMs - b.timeMs);
  const widthMs = Math.max(1, (toMs - fromMs) / buckets);
  const byBucket = new Map<number, T[]>();
  for (const exemplar of exemplars) {
    const index = Math.min(buckets - 1, Math.max(0, Math.floor((exemplar.timeMs - fromMs) / widthMs)));
    const list = byBucket.get(index);
    if (list) list.push(exemplar);
    else byBucket.set(index, [exemplar]);
  }
  const kept: T[] = [];
  for (const list of byBucket.values()) kept.push(...list.sort((a, b) => b.value - a.value).slice(0, perBucket));
  return kept.sort((a, b) => a.timeMs - b.timeMs);
}
