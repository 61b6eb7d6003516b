// The home page's alert rows: alerts firing now (from the alerts API) and recently resolved ones (from ALERTS
// history), each with what an on-call person scans for (severity, service, summary, since when) and a link
// to the alert view with an absolute window. Grouped by alert name, most severe first. Pure.
import type { Alert, AlertingRule, Labels } from '../../model/metrics';
import { alertViewHref, labelsInclude, labelValue } from './alert-ref';
import type { AlertRun } from './alert-runs';
import { serviceOfAlert } from './alert-service';
import { alertWindow } from './alert-window';

export type HomeAlertState = 'firing' | 'pending' | 'suppressed' | 'resolved';

export interface HomeAlertRow {
  /** Unique within one answer: the label set's fingerprint plus when the episode started. */
  key: string;
  name: string;
  state: HomeAlertState;
  severity: string | null;
  service: string | null;
  summary: string | null;
  labels: Labels;
  /** Became active (firing/pending alerts) or first seen firing (resolved ones), epoch ms. */
  sinceMs: number | null;
  /** Resolved alerts: last seen firing. */
  lastSeenMs: number | null;
  value: number | null;
  /** The alert view, over an absolute window around this episode. */
  href: string;
}

export interface AlertGroup {
  name: string;
  /** The most severe of its rows. */
  severity: string | null;
  rows: HomeAlertRow[];
}

const SEVERITY_RANKS: Record<string, number> = {
  critical: 0,
  page: 0,
  error: 1,
  high: 1,
  major: 1,
  warning: 2,
  warn: 2,
  ticket: 2,
  medium: 2,
  minor: 3,
  low: 3,
  info: 4,
  informational: 4,
  none: 5,
};
const UNKNOWN_SEVERITY_RANK = 4.5;

/** Lower is more severe; unknown names sit between info and none. */
export function severityRank(severity: string | null): number {
  if (severity === null) return UNKNOWN_SEVERITY_RANK;
  const key = severity.trim().toLowerCase();
  return Object.hasOwn(SEVERITY_RANKS, key) ? SEVERITY_RANKS[key] : UNKNOWN_SEVERITY_RANK;
}

const STATE_RANKS: Record<HomeAlertState, number> = { firing: 0, suppressed: 1, pending: 2, resolved: 3 };

function severityOf(labels: Labels): string | null {
  const value = labels.severity?.trim();
  return value ? value : null;
}

function summaryOf(annotations: Record<string, string>): string | null {
  const text = (annotations.summary ?? annotations.description ?? annotations.message ?? '').trim();
  return text === '' ? null : text;
}

function compareRows(a: HomeAlertRow, b: HomeAlertRow): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    STATE_RANKS[a.state] - STATE_RANKS[b.state] ||
    // Newest first: the alert that just started is the one to look at.
    (b.sinceMs ?? 0) - (a.sinceMs ?? 0) ||
    a.name.localeCompare(b.name) ||
    a.key.localeCompare(b.key)
  );
}

/** Rows for alerts active now (firing, pending or suppressed), sorted most severe and newest first. */
export function currentAlertRows(alerts: readonly Alert[], nowMs: number): HomeAlertRow[] {
  const rows: HomeAlertRow[] = [];
  for (const alert of alerts) {
    if (alert.state !== 'firing' && alert.state !== 'pending' && alert.state !== 'suppressed') continue;
    const name = alert.name || alert.labels.alertname || '';
    if (name === '') continue;
    const sinceMs = alert.activeAtMs ?? null;
    rows.push({
      key: `${alert.fingerprint}:${sinceMs ?? ''}`,
      name,
      state: alert.state,
      severity: severityOf(alert.labels),
      service: serviceOfAlert(alert.labels),
      summary: summaryOf(alert.annotations),
      labels: alert.labels,
      sinceMs,
      lastSeenMs: null,
      value: alert.value !== undefined && Number.isFinite(alert.value) ? alert.value : null,
      href: alertViewHref(name, alert.labels, alertWindow(sinceMs ?? nowMs - 60 * 60_000, null, nowMs)),
    });
  }
  return rows.sort(compareRows);
}

/**
 * Rows for firing runs that are over. A run that reaches the end of the range counts as resolved only when
 * the current alerts are known (`current` not null) and none of them is this alert: it stopped within the
 * last step. Summaries come from the rule's annotations when they need no template data we lack.
 */
export function resolvedAlertRows(
  runs: readonly AlertRun[],
  current: readonly Alert[] | null,
  nowMs: number,
  rules: readonly AlertingRule[] = [],
): HomeAlertRow[] {
  const rows: HomeAlertRow[] = [];
  for (const run of runs) {
    if (run.name === '') continue;
    if (run.ongoing) {
      if (current === null) continue;
      // Alertmanager adds external labels: a current alert is this run when it carries all of the run's labels.
      const stillActive = current.some((alert) => alert.name === run.name && labelsInclude(alert.labels, run.labels));
      if (stillActive) continue;
    }
    const rule = rules.find((candidate) => candidate.name === run.name && labelsInclude(run.labels, candidate.labels));
    rows.push({
      key: `${run.fingerprint}:${run.firstSeenMs}`,
      name: run.name,
      state: 'resolved',
      severity: severityOf(run.labels),
      service: serviceOfAlert(run.labels),
      summary: rule ? expandSummary(rule.annotations, run.labels) : null,
      labels: run.labels,
      sinceMs: run.firstSeenMs,
      lastSeenMs: run.lastSeenMs,
      value: null,
      href: alertViewHref(run.name, run.labels, alertWindow(run.firstSeenMs, run.lastSeenMs, nowMs)),
    });
  }
  return rows.sort(compareRows);
}

const LABEL_REFERENCE = /\{\{-?\s*(?:\$labels|\.Labels)\.([A-Za-z_][A-Za-z0-9_]*)\s*-?\}\}/g;

/**
 * A rule's summary with `{{ $labels.x }}` filled in. Anything else in a template ($value, functions) is only
 * known when the alert fires: such a summary is left out rather than shown half-expanded.
 */
export function expandSummary(annotations: Record<string, string>, labels: Labels): string | null {
  const template = summaryOf(annotations);
  if (template === null) return null;
  const expanded = template.replace(LABEL_REFERENCE, (_match, name: string) => labelValue(labels, name) ?? '');
  return expanded.includes('{{') ? null : expanded;
}

/** Rows grouped by alert name: groups ordered by their most severe (then newest) row, rows kept in order. */
export function groupAlertRows(rows: readonly HomeAlertRow[]): AlertGroup[] {
  const sorted = [...rows].sort(compareRows);
  const groups = new Map<string, AlertGroup>();
  for (const row of sorted) {
    const group = groups.get(row.name);
    if (group) group.rows.push(row);
    else groups.set(row.name, { name: row.name, severity: row.severity, rows: [row] });
  }
  // The first row of each group is its most severe one, and groups were created in row order.
  return [...groups.values()];
}
