// Chart data for ECharts, built by pure helpers so the chart component only renders.
// Like the Prometheus UI: points are step-aligned and a missing step is null (a gap), never 0.
import type { Labels, Series } from '../model/metrics';

export type ChartPoint = [timeMs: number, value: number | null];

export interface ChartSeries {
  name: string;
  labels: Labels;
  points: ChartPoint[];
}

/** Fills every step in [startMs, endMs] with the sample at that step or null. O(steps + samples). */
export function stepAlignedPoints(series: Series, startMs: number, endMs: number, stepMs: number): ChartPoint[] {
  if (!(stepMs > 0) || endMs < startMs) return [];
  const byTime = new Map<number, number>();
  for (const sample of series.samples) byTime.set(sample.timeMs, sample.value);
  const points: ChartPoint[] = [];
  for (let t = startMs; t <= endMs; t += stepMs) {
    const value = byTime.get(t);
    points.push([t, value === undefined || !Number.isFinite(value) ? null : value]);
  }
  return points;
}

/** A legend name from labels: `{service="payment", code="500"}` style, or the metric name alone. */
export function seriesName(labels: Labels, hiddenLabels: readonly string[] = []): string {
  const name = labels.__name__ ?? '';
  const rest = Object.entries(labels)
    .filter(([key]) => key !== '__name__' && !hiddenLabels.includes(key))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}="${value}"`)
    .join(', ');
  if (!rest) return name || '{}';
  return `${name}{${rest}}`;
}

export function toChartSeries(series: readonly Series[], startMs: number, endMs: number, stepMs: number): ChartSeries[] {
  return series.map((one) => ({
    name: seriesName(one.labels),
    labels: one.labels,
    points: stepAlignedPoints(one, startMs, endMs, stepMs),
  }));
}

/** A step that keeps a range query near `points` points, rounded to a readable step (>= 1 s). */
export function stepForRange(startMs: number, endMs: number, points = 240): number {
  const raw = Math.max(1000, (endMs - startMs) / points);
  const nice = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400].map((s) => s * 1000);
  return nice.find((step) => step >= raw) ?? Math.ceil(raw / 86_400_000) * 86_400_000;
}

/** Aligns a range to its step so the same view always asks the same query (cache-friendly, reproducible). */
export function alignRange(startMs: number, endMs: number, stepMs: number): { startMs: number; endMs: number } {
  return { startMs: Math.floor(startMs / stepMs) * stepMs, endMs: Math.ceil(endMs / stepMs) * stepMs };
}
