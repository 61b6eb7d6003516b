// Alert history from Prometheus' synthetic ALERTS series: each firing alert instance is a series with value 1
// at every evaluation while it fires (https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/
// #inspecting-alerts-during-runtime). A range query over ALERTS{alertstate="firing"} turns into runs: maximal
// stretches of consecutive steps, one run per firing episode. Pure; O(samples).
import { labelSetFingerprint } from '../../datasources/prometheus/fingerprint';
import type { Labels, Series } from '../../model/metrics';
import { stepForRange } from '../../charts/series-data';

export interface AlertRun {
  name: string;
  /** The alert's own labels: the ALERTS series without __name__ and alertstate. */
  labels: Labels;
  /** Same identity as the alerts API's fingerprint for the same label set. */
  fingerprint: string;
  /** First step at which the run was seen firing (it started at most one step earlier). */
  firstSeenMs: number;
  /** Last step at which it was seen firing (it stopped within the next step). */
  lastSeenMs: number;
  /** The run reaches the last step of the range: it may still be firing. */
  ongoing: boolean;
}

export interface AlertRunsOptions {
  /** The range query's step. */
  stepMs: number;
  /** The last instant of the range (the query's end). */
  rangeEndMs: number;
}

/** Labels that belong to the ALERTS series, not to the alert. */
const SERIES_ONLY_LABELS = new Set(['__name__', 'alertstate']);

export function alertLabelsOfSeries(seriesLabels: Labels): Labels {
  return Object.fromEntries(
    Object.entries(seriesLabels)
      .filter(([name]) => !SERIES_ONLY_LABELS.has(name))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

/**
 * Firing runs from an ALERTS{alertstate="firing"} matrix. Two samples further apart than 1.5 steps belong to
 * different runs (Prometheus fills shorter gaps itself through its lookback). Runs come newest first.
 */
export function firingRuns(series: readonly Series[], options: AlertRunsOptions): AlertRun[] {
  const { stepMs, rangeEndMs } = options;
  if (!(stepMs > 0) || !Number.isFinite(rangeEndMs)) throw new RangeError('firingRuns needs a positive step and a finite range end');
  const maxGapMs = stepMs * 1.5;
  const runs: AlertRun[] = [];
  for (const one of series) {
    const labels = alertLabelsOfSeries(one.labels);
    const name = labels.alertname ?? '';
    const fingerprint = labelSetFingerprint(labels);
    const times = one.samples
      .filter((sample) => Number.isFinite(sample.value) && sample.value !== 0)
      .map((sample) => sample.timeMs)
      .sort((a, b) => a - b);
    let start: number | null = null;
    let previous = 0;
    const close = (end: number) => {
      if (start === null) return;
      runs.push({ name, labels, fingerprint, firstSeenMs: start, lastSeenMs: end, ongoing: end + stepMs > rangeEndMs });
    };
    for (const timeMs of times) {
      if (start !== null && timeMs - previous > maxGapMs) {
        close(previous);
        start = null;
      }
      if (start === null) start = timeMs;
      previous = timeMs;
    }
    close(previous);
  }
  return runs.sort((a, b) => b.lastSeenMs - a.lastSeenMs || b.firstSeenMs - a.firstSeenMs || a.name.localeCompare(b.name));
}

/** Between 15 s (a typical evaluation interval) and whatever keeps the query near 1500 points. */
export function historyStepMs(fromMs: number, toMs: number): number {
  return Math.max(15_000, stepForRange(fromMs, toMs, 1500));
}
