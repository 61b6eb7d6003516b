// The contract between the demo's simulation (demo/sim) and its HTTP servers (demo/server).
import type { LabelMatcher, LogStore, MetricStore, StoredTrace, TraceStore } from './query/types';

export type DemoBackend = 'prometheus' | 'loki' | 'tempo' | 'pyroscope' | 'alertmanager';

/** Default loopback ports: chosen to avoid the real backends' 9090/3100/3200/4040/9093. 0 = pick a free one. */
export const DEFAULT_DEMO_PORTS: Record<DemoBackend, number> = {
  prometheus: 19090,
  loki: 13100,
  tempo: 13200,
  pyroscope: 14040,
  alertmanager: 19093,
};

export interface ProfileTypeInfo {
  /** Pyroscope profile type id, e.g. process_cpu:cpu:nanoseconds:cpu:nanoseconds */
  id: string;
  name: string;
  sampleType: string;
  sampleUnit: string;
  periodType: string;
  periodUnit: string;
}

/** One stack (root frame first) with its value, already merged over the selection. */
export interface ProfileStackSample {
  stack: string[];
  value: number;
}

export interface ProfileStore {
  profileTypes(): ProfileTypeInfo[];
  labelNames(): string[];
  labelValues(name: string): string[];
  /**
   * Merged stacks of one profile type for the series matching all matchers in [startMs, endMs).
   * With spanIds, only samples labelled with one of those span ids (Pyroscope span profiles).
   */
  select(profileTypeId: string, matchers: LabelMatcher[], startMs: number, endMs: number, spanIds?: string[]): ProfileStackSample[];
  /** Total value per time bucket for the matching series, grouped by the given labels (SelectSeries). */
  series(
    profileTypeId: string,
    matchers: LabelMatcher[],
    startMs: number,
    endMs: number,
    stepMs: number,
    groupBy: string[],
  ): { labels: Record<string, string>; points: { timeMs: number; value: number }[] }[];
}

export interface AlertRuleDefinition {
  group: string;
  name: string;
  /** PromQL evaluated by the demo's engine over the metric store. */
  expr: string;
  forSeconds: number;
  labels: Record<string, string>; // severity, service...
  annotations: Record<string, string>; // summary, description, runbook_url
}

export interface IncidentWindow {
  kind: 'payment-latency' | 'order-db-pool';
  /**
   * major: the incident burns its SLOs past a day's error budget (SLO page alerts fire, the monthly review's day
   * is red); minor: the service alert fires (PaymentHighLatency) but the SLOs' daily budgets hold.
   */
  severity: 'major' | 'minor';
  service: string;
  startMs: number;
  endMs: number;
}

/** The whole simulated fleet: every store is a pure function of (seed, time), computed on demand. */
export interface Fleet {
  seed: number;
  metrics: MetricStore;
  logs: LogStore;
  traces: TraceStore & {
    /** A trace by 32-hex id, or null when the id is not one of the fleet's traces. */
    traceById(traceId: string): StoredTrace | null;
    /** The big batch-job trace (20,000 spans by default; 100,000 on request) of the hour containing timeMs. */
    batchTrace(timeMs: number, spanCount?: number): StoredTrace;
  };
  profiles: ProfileStore;
  alertRules: AlertRuleDefinition[];
  incidentsBetween(startMs: number, endMs: number): IncidentWindow[];
  /** Exemplars of a histogram/counter series: trace ids of real fleet traces. */
  exemplars(matchers: LabelMatcher[], startMs: number, endMs: number): {
    seriesLabels: Record<string, string>;
    exemplars: { labels: Record<string, string>; value: number; timestampMs: number }[];
  }[];
}
