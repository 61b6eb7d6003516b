// JSON answers of GET /api/alerts (home) and GET /api/alerts/<name> (alert view): what the route handlers
// send and the components render. Each backend's part is a SourceResult, so one failure leaves the rest.
import type { ValueUnit } from '../../charts/format';
import type { ChartSeries } from '../../charts/series-data';
import type { SourceResult } from '../../correlate/source-result';
import type { Labels } from '../../model/metrics';
import type { AlertGroup } from './alert-list';
import type { AlertComparison } from './alert-threshold';

export interface HomeAlertsResponse {
  range: { fromMs: number; toMs: number };
  /** Alerts active now, from Alertmanager when it is configured, else from Prometheus. */
  current: SourceResult<{ source: 'prometheus' | 'alertmanager'; groups: AlertGroup[]; count: number }>;
  /** Firing episodes over in the range, from Prometheus' ALERTS series. */
  resolved: SourceResult<{
    groups: AlertGroup[];
    count: number;
    /** The query step: start and end are known to within it. */
    stepMs: number;
    /** More episodes than the page lists. */
    truncated: boolean;
    /** Why summaries are missing, when the rules could not be read. */
    summariesUnavailable: string | null;
  }>;
}

export interface AlertRuleInfo {
  group: string;
  name: string;
  query: string;
  forSeconds: number;
  labels: Labels;
  annotations: Record<string, string>;
  /** Only an absolute http(s) URL, safe for an href. */
  runbookUrl: string | null;
  health: string;
  comparison: AlertComparison | null;
  /** Other rules with this name matching the labels. */
  alsoMatching: number;
  labelsMatched: boolean;
}

export interface AlertInstanceInfo {
  state: 'firing' | 'pending' | 'suppressed' | 'resolved' | 'inactive';
  source: 'prometheus' | 'alertmanager';
  labels: Labels;
  annotations: Record<string, string>;
  activeAtMs: number | null;
  value: number | null;
}

export interface AlertChartData {
  /** What is plotted: the side of the comparison that is not the threshold, or the whole expression. */
  query: string;
  unit: ValueUnit;
  series: ChartSeries[];
  /** Series the expression returned before keeping this alert's. */
  totalSeries: number;
  /** Other instances' series were left out. */
  filtered: boolean;
  /** Series beyond the chart's limit were left out. */
  truncated: boolean;
}

export interface AlertExemplar {
  traceId: string;
  spanId: string | null;
  timeMs: number;
  /** The exemplar's own value, in valueUnit. */
  value: number;
  valueUnit: ValueUnit;
  /** Where it sits on the chart: its value, or the line's value when the units differ. */
  plotValue: number;
  href: string;
}

export interface AlertExemplars {
  /** Exemplars with a trace id in the window, oldest first: all of them, or the highest of each time bucket. */
  items: AlertExemplar[];
  /** How many the window holds. */
  total: number;
  /** items is a sample of them. */
  truncated: boolean;
}

export interface AlertTraceRow {
  traceId: string;
  rootServiceName: string;
  rootTraceName: string;
  startMs: number;
  durationMs: number;
  href: string;
}

export interface AlertTraces {
  query: string;
  traces: AlertTraceRow[];
  /** Tempo had more matches than we asked for. */
  truncated: boolean;
  /** How many traces were looked at to find these (the slowest are the slowest of those). */
  inspected: number;
}

export interface AlertDetailResponse {
  name: string;
  labels: Labels;
  window: { fromMs: number; toMs: number; stepMs: number };
  service: string | null;
  /** null data: Prometheus has no alerting rule by that name. */
  rule: SourceResult<AlertRuleInfo | null>;
  /** null data: this instance is not active now. */
  instance: SourceResult<AlertInstanceInfo | null>;
  /** Firing episodes of this alert in the window (from ALERTS). */
  firing: SourceResult<{ startMs: number; endMs: number; ongoing: boolean }[]>;
  /** null when there is no rule to plot. */
  chart: SourceResult<AlertChartData> | null;
  exemplars: SourceResult<AlertExemplars> | null;
  /** null when the alert names no service. */
  slowest: SourceResult<AlertTraces> | null;
  failed: SourceResult<AlertTraces> | null;
}
