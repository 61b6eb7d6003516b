// The alerts that fired in the month, from Prometheus' ALERTS history: each firing run is an episode with its
// start, end, duration and time to resolve (from the first pending sample, when the condition first held).
// Builds on the investigation's firingRuns (same run rules as the alert view). Pure; O(samples).
import { alertViewHref } from '../investigation/alerts/alert-ref';
import { firingRuns, type AlertRun } from '../investigation/alerts/alert-runs';
import { serviceOfAlert } from '../investigation/alerts/alert-service';
import { alertWindow } from '../investigation/alerts/alert-window';
import { labelSetFingerprint } from '../datasources/prometheus/fingerprint';
import type { Series } from '../model/metrics';
import { traceSearchHref } from './links';
import type { ReportMonth } from './month';
import type { AlertEpisode } from './types';

export interface EpisodeOptions {
  month: ReportMonth;
  /** The ALERTS query step. */
  stepMs: number;
  /** The end of the data: min(month end, now). */
  dataEndMs: number;
  nowMs: number;
}

/** Trace links of a long episode look at its first hour: the traces that were there when it began. */
export const TRACE_LINK_MAX_MS = 60 * 60_000;
const TRACE_LINK_PAD_MS = 5 * 60_000;

/** Merges one series' chunks (several range queries over consecutive ranges) into one series per label set. */
export function mergeSeriesChunks(chunks: readonly (readonly Series[])[]): Series[] {
  const byKey = new Map<string, Series>();
  for (const chunk of chunks) {
    for (const one of chunk) {
      const key = labelSetFingerprint(one.labels);
      const existing = byKey.get(key);
      if (existing) existing.samples.push(...one.samples);
      else byKey.set(key, { labels: one.labels, samples: [...one.samples] });
    }
  }
  return [...byKey.values()].map((one) => ({ labels: one.labels, samples: one.samples.sort((a, b) => a.timeMs - b.timeMs) }));
}

function byState(series: readonly Series[], state: string): Series[] {
  return series.filter((one) => one.labels.alertstate === state);
}

/**
 * The pending run that led into a firing run: same alert, begun before it fired and lasting until at most 1.5
 * steps before. Prometheus marks the pending series stale when the alert fires; a source without staleness
 * markers shows it for another lookback period, so a pending run may also overlap the firing one.
 */
function pendingBefore(pending: readonly AlertRun[], firing: AlertRun, stepMs: number): AlertRun | undefined {
  return pending
    .filter((run) => run.fingerprint === firing.fingerprint && run.firstSeenMs < firing.firstSeenMs && run.lastSeenMs >= firing.firstSeenMs - stepMs * 1.5)
    .sort((a, b) => b.firstSeenMs - a.firstSeenMs)[0];
}

/** Episodes oldest first, from ALERTS series of both states (alertstate firing and pending). */
export function alertEpisodes(series: readonly Series[], options: EpisodeOptions): AlertEpisode[] {
  const { month, stepMs, dataEndMs, nowMs } = options;
  const runOptions = { stepMs, rangeEndMs: dataEndMs };
  const firing = firingRuns(byState(series, 'firing'), runOptions);
  const pending = firingRuns(byState(series, 'pending'), runOptions);
  return firing
    .map((run): AlertEpisode => {
      const startedBeforeMonth = run.firstSeenMs - month.startMs < stepMs;
      const startMs = run.firstSeenMs;
      const endMs = run.ongoing ? dataEndMs : Math.min(dataEndMs, run.lastSeenMs + stepMs);
      const lead = startedBeforeMonth ? undefined : pendingBefore(pending, run, stepMs);
      const pendingStartMs = lead?.firstSeenMs ?? null;
      const service = serviceOfAlert(run.labels);
      const linkFromMs = startMs - TRACE_LINK_PAD_MS;
      const linkToMs = Math.min(endMs, startMs + TRACE_LINK_MAX_MS) + TRACE_LINK_PAD_MS;
      return {
        ref: `${run.name}@${startMs}`,
        name: run.name,
        labels: run.labels,
        fingerprint: run.fingerprint,
        severity: run.labels.severity ?? null,
        service,
        summary: null,
        startMs,
        endMs,
        durationMs: endMs - startMs,
        pendingStartMs,
        timeToResolveMs: endMs - (pendingStartMs ?? startMs),
        ongoing: run.ongoing,
        startedBeforeMonth,
        alertHref: alertViewHref(run.name, run.labels, alertWindow(startMs, run.ongoing ? null : endMs, nowMs)),
        tracesHref: traceSearchHref({ service, fromMs: linkFromMs, toMs: linkToMs }),
        failedTracesHref: traceSearchHref({ service, fromMs: linkFromMs, toMs: linkToMs, failed: true }),
        exemplars: [],
        exemplarLookup: 'not-looked-up',
      };
    })
    .sort((a, b) => a.startMs - b.startMs || a.name.localeCompare(b.name));
}
