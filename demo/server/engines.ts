// What the servers need from the query engines (demo/query), in the servers' own terms. One adapter
// (engines-default.ts) maps demo/query's functions onto this, so a change there touches one file here,
// and tests can run the servers on stub engines.
import type { LabelMatcher, Labels, LogStore, LogStream, MetricStore, TraceStore } from '../query/types';

export interface PromPoint {
  timeMs: number;
  value: number;
}

export type PromResult =
  | { resultType: 'matrix'; result: { metric: Labels; points: PromPoint[] }[] }
  | { resultType: 'vector'; result: { metric: Labels; timeMs: number; value: number }[] }
  | { resultType: 'scalar'; timeMs: number; value: number }
  | { resultType: 'string'; timeMs: number; value: string };

/** An evaluation deadline (epoch ms) and the caller's signal; engines check them between steps when they can. */
export interface EvalBudget {
  deadlineMs: number;
  signal?: AbortSignal;
}

export interface LogQueryOptions {
  startNs: bigint;
  endNs: bigint;
  limit: number;
  direction: 'forward' | 'backward';
}

export interface LogQueryResult {
  streams: LogStream[];
  /** Lines and bytes the engine looked at, for Loki's `stats` block. */
  linesProcessed: number;
  bytesProcessed: number;
}

export interface TraceSearchSpan {
  spanId: string;
  name?: string;
  startNs: bigint;
  durationNs: bigint;
  attributes: Record<string, string | number | boolean>;
}

export interface TraceSearchHit {
  traceId: string;
  rootServiceName: string;
  rootTraceName?: string;
  startNs: bigint;
  durationMs: number;
  spanSets: { spans: TraceSearchSpan[]; matched: number }[];
}

export interface TraceSearchResult {
  traces: TraceSearchHit[];
  inspectedTraces: number;
  inspectedBytes: number;
}

export interface TraceSearchOptions {
  startNs: bigint;
  endNs: bigint;
  limit: number;
  /** Tempo's `spss`: spans per span set. */
  spansPerSpanSet: number;
  minDurationNs?: bigint;
  maxDurationNs?: bigint;
}

/**
 * The engines evaluate synchronously. The async methods split long ranges into slices (as Loki and Tempo split
 * queries by time, and as range steps are independent), check the budget between slices and let the event loop
 * serve other requests in between: a month-long query is interruptible instead of freezing every demo backend.
 */
export interface Engines {
  promInstant(query: string, timeMs: number, store: MetricStore, budget: EvalBudget): PromResult;
  promRange(query: string, startMs: number, endMs: number, stepMs: number, store: MetricStore, budget: EvalBudget): Promise<PromResult>;
  /** One unsplit evaluation, for callers that bound the range themselves (alert rule chunks). */
  promRangeSync(query: string, startMs: number, endMs: number, stepMs: number, store: MetricStore, budget: EvalBudget): PromResult;
  /** `{a="b"}` or `metric{...}` -> matchers (throws QueryError for anything else). */
  parseSelector(text: string): LabelMatcher[];
  /** Every vector selector of a PromQL expression (for query_exemplars), each as matchers. */
  extractSelectors(query: string): LabelMatcher[][];

  isLogMetricQuery(query: string): boolean;
  logQuery(query: string, options: LogQueryOptions, store: LogStore, budget: EvalBudget): Promise<LogQueryResult>;
  logMetricRange(query: string, startNs: bigint, endNs: bigint, stepMs: number, store: LogStore, budget: EvalBudget): Promise<PromResult>;
  logMetricInstant(query: string, timeNs: bigint, store: LogStore, budget: EvalBudget): PromResult;
  /** Stream selector only (`{service="x"}`) for series / index stats. */
  parseLogSelector(text: string): LabelMatcher[];

  traceQL(query: string, options: TraceSearchOptions, store: TraceStore, budget: EvalBudget): Promise<TraceSearchResult>;
  /** Tempo's `tags=` search (logfmt key=value pairs, all must match on some span or the resource). */
  tagSearch(tags: Record<string, string>, options: TraceSearchOptions, store: TraceStore, budget: EvalBudget): Promise<TraceSearchResult>;
}
