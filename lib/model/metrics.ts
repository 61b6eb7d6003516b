// Our metric model. Values may be NaN or ±Inf (Prometheus sends them as strings).

export type Labels = Record<string, string>;

export interface Sample {
  timeMs: number;
  value: number;
}

export interface Series {
  labels: Labels;
  samples: Sample[];
}

export type PromQueryResult =
  | { type: 'matrix'; series: Series[] }
  | { type: 'vector'; samples: (Sample & { labels: Labels })[] }
  | { type: 'scalar'; sample: Sample }
  | { type: 'string'; timeMs: number; value: string };

export interface Exemplar {
  /** Labels of the series the exemplar belongs to. */
  seriesLabels: Labels;
  /** The exemplar's own labels (trace_id / traceID / span_id ...). */
  labels: Labels;
  value: number;
  timeMs: number;
  /** Normalised trace id when one of the labels carries it. */
  traceId?: string;
}

export type AlertState = 'firing' | 'pending' | 'inactive' | 'resolved' | 'suppressed';

export interface Alert {
  name: string;
  state: AlertState;
  labels: Labels;
  annotations: Record<string, string>;
  /** When it became active (Prometheus activeAt, Alertmanager startsAt), epoch ms. */
  activeAtMs?: number;
  endsAtMs?: number;
  value?: number;
  source: 'prometheus' | 'alertmanager';
  /** Stable identity for links: Alertmanager fingerprint or a hash of the label set. */
  fingerprint: string;
  generatorUrl?: string;
}

export interface AlertingRule {
  type: 'alerting';
  group: string;
  name: string;
  query: string;
  durationSeconds: number;
  labels: Labels;
  annotations: Record<string, string>;
  health: string;
  state?: string;
  alerts: Alert[];
}

export interface RecordingRule {
  type: 'recording';
  group: string;
  name: string;
  query: string;
  labels: Labels;
  health: string;
}

export type Rule = AlertingRule | RecordingRule;
