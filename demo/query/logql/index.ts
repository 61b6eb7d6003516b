// Public API of the LogQL engine: log queries (streams) and metric queries (instant vector, range matrix)
// over a LogStore, returning plain data; the HTTP server formats them to Loki's wire format.
import { QueryError, type Labels, type LogStore } from '../types';
import { labelsKey } from '../shared/labels';
import type { MetricExpr } from './ast';
import { evaluateLogSelector, type LogQueryOptions, type StreamsResult } from './evaluate-logs';
import { LogMetricEvaluator } from './evaluate-metrics';
import { parseLogQL } from './parse';

export type { LogQueryOptions, ResultEntry, ResultStream, StreamsResult } from './evaluate-logs';
export { EMPTY_SELECTOR_MESSAGE, logQueryKind, parseLogQL } from './parse';

export interface LogVectorSample {
  labels: Labels;
  /** [time in ms, value] */
  value: [number, number];
}

export interface LogMatrixSeries {
  labels: Labels;
  values: [number, number][];
}

export type LogMetricInstantResult = { resultType: 'vector'; result: LogVectorSample[] } | { resultType: 'scalar'; result: [number, number] };

export interface LogMetricRangeResult {
  resultType: 'matrix';
  result: LogMatrixSeries[];
}

/** Loki's default max_query_series-like guard on steps per series. */
export const MAX_STEPS = 11_000;

function nsToMs(ns: bigint): number {
  return Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;
}

function byLabels<T extends { labels: Labels }>(items: T[]): T[] {
  return items
    .map((item) => ({ item, key: labelsKey(item.labels) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.item);
}

function metricExpr(query: string): MetricExpr {
  const expr = parseLogQL(query);
  if (expr.kind === 'log') throw new QueryError('parse error : expected a metric query, got a log query', 'parse');
  return expr;
}

/** A log query ({selector} | pipeline): matching lines, limited across streams in direction order. */
export function evaluateLogQuery(query: string, options: LogQueryOptions, store: LogStore): StreamsResult {
  const expr = parseLogQL(query);
  if (expr.kind !== 'log') throw new QueryError('parse error : expected a log query, got a metric query', 'parse');
  return evaluateLogSelector(expr, options, store);
}

/** A metric query at one instant (ns since the epoch). */
export function evaluateLogMetricInstant(query: string, timeNs: bigint, store: LogStore): LogMetricInstantResult {
  const expr = metricExpr(query);
  const value = new LogMetricEvaluator(store, timeNs, 1n, 1).eval(expr);
  const timeMs = nsToMs(timeNs);
  if (value.type === 'scalar') return { resultType: 'scalar', result: [timeMs, value.values[0]] };
  if (value.type !== 'vector') throw new QueryError('parse error : unexpected string result', 'parse');
  let samples: LogVectorSample[] = byLabels(
    value.series.filter((s) => s.present[0] === 1).map((s) => ({ labels: s.labels, value: [timeMs, s.values[0]] as [number, number] })),
  );
  if (expr.kind === 'vectorAgg' && (expr.op === 'sort' || expr.op === 'bottomk')) samples = samples.sort((a, b) => a.value[1] - b.value[1]);
  if (expr.kind === 'vectorAgg' && (expr.op === 'sort_desc' || expr.op === 'topk')) samples = samples.sort((a, b) => b.value[1] - a.value[1]);
  return { resultType: 'vector', result: samples };
}

/**
 * Loki's query frontend aligns metric range queries to the step before evaluating: the start down and the
 * end up to a multiple of the step (recorded from Loki 2.8: end 1795303935 s at step 120 s gave a last
 * point at 1795304040 s). The HTTP layer applies this; evaluateLogMetricRange takes the times as given.
 */
export function alignToStep(startNs: bigint, endNs: bigint, stepMs: number): { startNs: bigint; endNs: bigint } {
  const stepNs = BigInt(Math.round(stepMs * 1e6));
  if (stepNs <= 0n) return { startNs, endNs };
  const floor = (t: bigint): bigint => t - (((t % stepNs) + stepNs) % stepNs);
  const alignedEnd = floor(endNs);
  return { startNs: floor(startNs), endNs: alignedEnd === endNs ? endNs : alignedEnd + stepNs };
}

/** A metric query at startNs, startNs + step, ... up to endNs. */
export function evaluateLogMetricRange(query: string, startNs: bigint, endNs: bigint, stepMs: number, store: LogStore): LogMetricRangeResult {
  if (endNs < startNs) throw new QueryError('invalid query, through < from', 'parse');
  if (!Number.isFinite(stepMs) || stepMs <= 0) {
    throw new QueryError('zero or negative query resolution step widths are not accepted. Try a positive integer', 'parse');
  }
  const stepNs = BigInt(Math.round(stepMs * 1e6));
  const count = Number((endNs - startNs) / stepNs) + 1;
  if (count > MAX_STEPS) {
    throw new QueryError('exceeded maximum resolution of 11,000 points per timeseries. Try increasing the value of the step parameter', 'parse');
  }
  const expr = metricExpr(query);
  const value = new LogMetricEvaluator(store, startNs, stepNs, count).eval(expr);
  const startMs = nsToMs(startNs);
  if (value.type === 'scalar') {
    return { resultType: 'matrix', result: [{ labels: {}, values: Array.from(value.values, (v, i) => [startMs + i * stepMs, v] as [number, number]) }] };
  }
  if (value.type !== 'vector') throw new QueryError('parse error : unexpected string result', 'parse');
  const result = value.series.map((s) => {
    const values: [number, number][] = [];
    for (let i = 0; i < count; i++) if (s.present[i]) values.push([startMs + i * stepMs, s.values[i]]);
    return { labels: s.labels, values };
  });
  return { resultType: 'matrix', result: byLabels(result) };
}
