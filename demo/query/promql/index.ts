// Public API of the PromQL engine: instant and range queries over a MetricStore, returning plain data
// (times in ms, values as numbers); the HTTP server formats them to Prometheus' wire format.
import { QueryError, type LabelMatcher, type Labels, type MetricStore } from '../types';
import { labelsKey } from '../shared/labels';
import type { StepSeries } from '../vector/step-series';
import { typeOf, unwrapParens, type Expr } from './ast';
import { Evaluator, resolveOptions, type PromqlOptions } from './evaluate';
import { parsePromQL } from './parse';
import { typeName } from './functions-spec';

export type { PromqlOptions } from './evaluate';
export { parsePromQL, parseSeriesSelector } from './parse';

export interface VectorSample {
  labels: Labels;
  /** [evaluation time in ms, value] */
  value: [number, number];
}

export interface MatrixSeries {
  labels: Labels;
  /** [time in ms, value], ascending */
  values: [number, number][];
}

export type InstantResult =
  | { resultType: 'vector'; result: VectorSample[] }
  | { resultType: 'matrix'; result: MatrixSeries[] }
  | { resultType: 'scalar'; result: [number, number] }
  | { resultType: 'string'; result: [number, string] };

export interface RangeResult {
  resultType: 'matrix';
  result: MatrixSeries[];
}

/** Every vector selector of an expression (also inside range selectors and subqueries), as matchers. */
export function vectorSelectors(query: string): LabelMatcher[][] {
  const out: LabelMatcher[][] = [];
  const visit = (expr: Expr): void => {
    switch (expr.kind) {
      case 'vectorSelector':
        out.push(expr.matchers);
        return;
      case 'matrixSelector':
        out.push(expr.selector.matchers);
        return;
      case 'subquery':
      case 'paren':
      case 'unary':
        visit(expr.expr);
        return;
      case 'aggregate':
        if (expr.param) visit(expr.param);
        visit(expr.expr);
        return;
      case 'binary':
        visit(expr.lhs);
        visit(expr.rhs);
        return;
      case 'call':
        expr.args.forEach(visit);
        return;
      default:
        return;
    }
  };
  visit(parsePromQL(query));
  return out;
}

/** Prometheus refuses range queries with more points per series than this. */
export const MAX_POINTS_PER_SERIES = 11_000;

function byLabels<T extends { labels: Labels }>(items: T[]): T[] {
  return items
    .map((item) => ({ item, key: labelsKey(item.labels) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.item);
}

/** Orders an instant vector like Prometheus presents it: sort()/sort_desc()/topk()/bottomk() by value. */
function orderInstant(expr: Expr, samples: VectorSample[]): VectorSample[] {
  const top = unwrapParens(expr);
  const sorted = byLabels(samples);
  const desc = (a: VectorSample, b: VectorSample) => valueOrder(b.value[1], a.value[1]);
  const asc = (a: VectorSample, b: VectorSample) => valueOrder(a.value[1], b.value[1]);
  if (top.kind === 'call' && top.func === 'sort') return sorted.sort(asc);
  if (top.kind === 'call' && top.func === 'sort_desc') return sorted.sort(desc);
  if (top.kind === 'aggregate' && top.op === 'topk') return sorted.sort(desc);
  if (top.kind === 'aggregate' && top.op === 'bottomk') return sorted.sort(asc);
  return sorted;
}

/** NaN sorts last either way, as Prometheus' sort() does. */
function valueOrder(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a - b;
}

function checkTime(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new QueryError(`invalid parameter "${name}": not a finite time`, 'parse');
}

/** Evaluates a PromQL expression at one instant (ms since the epoch). Throws QueryError. */
export function evaluateInstant(query: string, timeMs: number, store: MetricStore, options?: PromqlOptions): InstantResult {
  checkTime('time', timeMs);
  const expr = parsePromQL(query);
  const resolved = resolveOptions(options);
  const evaluator = new Evaluator(store, { startMs: timeMs, stepMs: 1, count: 1 }, resolved, timeMs, timeMs);
  const top = unwrapParens(expr);
  if (top.kind === 'matrixSelector' || top.kind === 'subquery') {
    const input = evaluator.rangeInput(top);
    const leftOpen = resolved.semantics === 'prometheus-3';
    const at = top.kind === 'matrixSelector' ? top.selector.at : top.at;
    const evalMs = at === null ? timeMs : at.kind === 'time' ? at.timeMs : timeMs;
    const endMs = evalMs - input.offsetMs;
    const startMs = endMs - input.rangeMs;
    const result: MatrixSeries[] = [];
    for (const series of input.series) {
      const values: [number, number][] = [];
      for (let i = 0; i < series.t.length; i++) {
        const t = series.t[i];
        if (t <= endMs && (leftOpen ? t > startMs : t >= startMs)) values.push([t, series.v[i]]);
      }
      if (values.length > 0) result.push({ labels: series.labels, values });
    }
    return { resultType: 'matrix', result: byLabels(result) };
  }
  const value = evaluator.eval(expr);
  switch (value.type) {
    case 'scalar':
      return { resultType: 'scalar', result: [timeMs, value.values[0]] };
    case 'string':
      return { resultType: 'string', result: [timeMs, value.value] };
    case 'vector': {
      const samples: VectorSample[] = value.series
        .filter((s) => s.present[0] === 1)
        .map((s) => ({ labels: s.labels, value: [timeMs, s.values[0]] }));
      return { resultType: 'vector', result: orderInstant(expr, samples) };
    }
  }
}

function toMatrix(series: StepSeries, startMs: number, stepMs: number): MatrixSeries {
  const values: [number, number][] = [];
  for (let i = 0; i < series.values.length; i++) if (series.present[i]) values.push([startMs + i * stepMs, series.values[i]]);
  return { labels: series.labels, values };
}

/**
 * Evaluates a PromQL expression at startMs, startMs + stepMs, ... up to endMs, like /api/v1/query_range.
 * Always a matrix; scalars become one series without labels. Throws QueryError.
 */
export function evaluateRange(
  query: string,
  startMs: number,
  endMs: number,
  stepMs: number,
  store: MetricStore,
  options?: PromqlOptions,
): RangeResult {
  checkTime('start', startMs);
  checkTime('end', endMs);
  if (endMs < startMs) throw new QueryError('invalid parameter "end": end timestamp must not be before start time', 'parse');
  if (!(stepMs > 0) || !Number.isFinite(stepMs)) {
    throw new QueryError('invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer', 'parse');
  }
  const count = Math.floor((endMs - startMs) / stepMs) + 1;
  if (count > MAX_POINTS_PER_SERIES) {
    throw new QueryError('exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)', 'parse');
  }
  const expr = parsePromQL(query);
  const type = typeOf(expr);
  if (type !== 'scalar' && type !== 'vector') {
    throw new QueryError(`invalid expression type "${typeName(type)}" for range query, must be Scalar or instant Vector`, 'parse');
  }
  const evaluator = new Evaluator(store, { startMs, stepMs, count }, resolveOptions(options), startMs, endMs);
  const value = evaluator.eval(expr);
  if (value.type === 'scalar') {
    const values: [number, number][] = Array.from(value.values, (v, i) => [startMs + i * stepMs, v]);
    return { resultType: 'matrix', result: [{ labels: {}, values }] };
  }
  if (value.type !== 'vector') throw new QueryError('range queries must return a scalar or an instant vector', 'parse');
  return { resultType: 'matrix', result: byLabels(value.series.map((s) => toMatrix(s, startMs, stepMs))) };
}
