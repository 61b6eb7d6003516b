// The home page's data: alerts active now and firing episodes over in the range, fetched in parallel. The
// alerts API and the ALERTS history are separate sources: either may fail and the other still shows.
import type { AlertmanagerClient } from '../../datasources/alertmanager/client';
import type { PrometheusClient } from '../../datasources/prometheus/client';
import { alignRange } from '../../charts/series-data';
import { settleSource } from '../../correlate/source-result';
import type { Alert, AlertingRule } from '../../model/metrics';
import { selector } from '../../query-lang/promql';
import { currentAlertRows, groupAlertRows, resolvedAlertRows } from './alert-list';
import { firingRuns, historyStepMs } from './alert-runs';
import type { HomeAlertsResponse } from './types';

export interface HomeAlertsSources {
  prometheus: Pick<PrometheusClient, 'alerts' | 'rules' | 'queryRange'>;
  /** null: Alertmanager is not configured and Prometheus' alerts API is read instead. */
  alertmanager: Pick<AlertmanagerClient, 'alerts'> | null;
}

export interface HomeAlertsOptions {
  fromMs: number;
  toMs: number;
  nowMs: number;
  signal?: AbortSignal;
  /** Most resolved episodes listed (newest first). */
  maxResolved?: number;
  /** The ALERTS query step; default historyStepMs (at least 15 s). */
  stepMs?: number;
}

export const DEFAULT_MAX_RESOLVED = 100;

/** Prometheus' synthetic series of firing alerts. */
export const FIRING_ALERTS_SELECTOR = selector('ALERTS', [{ name: 'alertstate', value: 'firing' }]);

export async function loadHomeAlerts(sources: HomeAlertsSources, options: HomeAlertsOptions): Promise<HomeAlertsResponse> {
  const { fromMs, toMs, nowMs, signal } = options;
  const maxResolved = options.maxResolved ?? DEFAULT_MAX_RESOLVED;
  const opts = { signal };
  const stepMs = options.stepMs ?? historyStepMs(fromMs, toMs);
  const grid = alignRange(fromMs, toMs, stepMs);

  const alertmanager = sources.alertmanager;
  const currentPromise = alertmanager
    ? settleSource('alertmanager', () => alertmanager.alerts({}, opts))
    : settleSource('prometheus', () => sources.prometheus.alerts(opts));
  const historyPromise = settleSource('prometheus', async () => {
    const result = await sources.prometheus.queryRange(FIRING_ALERTS_SELECTOR, grid.startMs, grid.endMs, stepMs, opts);
    // A matrix is what a range query gives; anything else would be a broken server, and shows as no history.
    return firingRuns(result.type === 'matrix' ? result.series : [], { stepMs, rangeEndMs: grid.endMs });
  });
  const rulesPromise = settleSource('prometheus', () => sources.prometheus.rules({ type: 'alert' }, opts));
  const [current, history, rules] = await Promise.all([currentPromise, historyPromise, rulesPromise]);

  const currentAlerts: Alert[] | null = current.status === 'ok' ? current.data : null;
  const currentPart: HomeAlertsResponse['current'] =
    current.status === 'ok'
      ? (() => {
          const rows = currentAlertRows(current.data, nowMs);
          return { ...current, data: { source: alertmanager ? 'alertmanager' : 'prometheus', groups: groupAlertRows(rows), count: rows.length } };
        })()
      : current;

  let resolvedPart: HomeAlertsResponse['resolved'];
  if (history.status === 'ok') {
    const alertingRules = rules.status === 'ok' ? rules.data.filter((rule): rule is AlertingRule => rule.type === 'alerting') : [];
    // Only episodes that overlap the range: the grid was widened to whole steps.
    const runs = history.data.filter((run) => run.lastSeenMs >= fromMs && run.firstSeenMs <= toMs);
    const rows = resolvedAlertRows(runs, currentAlerts, nowMs, alertingRules);
    const newest = [...rows].sort((a, b) => (b.lastSeenMs ?? 0) - (a.lastSeenMs ?? 0)).slice(0, maxResolved);
    resolvedPart = {
      ...history,
      data: {
        groups: groupAlertRows(newest),
        count: newest.length,
        stepMs,
        truncated: rows.length > newest.length,
        summariesUnavailable: rules.status === 'error' ? rules.error.message : null,
      },
    };
  } else {
    resolvedPart = history;
  }
  return { range: { fromMs, toMs }, current: currentPart, resolved: resolvedPart };
}
