// LogQL metric queries. A range aggregation reads its streams once for the whole query, runs the pipeline
// per line, groups lines into series by their final labels, then slides Loki's (t - range, t] window over the
// steps. Aggregations, binary operators and label_replace reuse the PromQL engine's step-vector operators.
import { QueryError, type Labels, type LogStore } from '../types';
import { parseGoDurationNs } from '../shared/durations';
import { formatLabels, labelsKey } from '../shared/labels';
import { labelReplace } from '../promql/instant-functions';
import { aggregate, quantileOf, type Grouping } from '../vector/aggregate';
import { aggregateSparse, countGroups, densify, type SparseSeries } from '../vector/aggregate-sparse';
import { isSetOp, scalarBinary, vectorScalarBinary, vectorSetBinary, vectorVectorBinary } from '../vector/binary';
import { constantScalar, emptySeries, type StepSeries, type StepValue } from '../vector/step-series';
import type { MetricExpr, Unwrap } from './ast';
import { continuePipeline, ERROR_LABEL, LabelState, parseGoFloat, requiredSubstrings, runPipeline } from './pipeline';
import { parseBytes, utf8Length } from './units';

interface SeriesSamples {
  labels: Labels;
  /** ns relative to the first window's start (exact as numbers). */
  t: number[];
  v: number[];
  sorted: boolean;
}

function toNs(ms: number): bigint {
  return BigInt(Math.round(ms * 1e6));
}

function convert(raw: string, conversion: Unwrap['conversion']): number | null {
  switch (conversion) {
    case 'none':
      return parseGoFloat(raw.trim());
    case 'bytes':
      return parseBytes(raw);
    case 'duration':
    case 'duration_seconds':
      try {
        return parseGoDurationNs(raw.trim()) / 1e9;
      } catch {
        return null;
      }
  }
}

function pipelineErrorMessage(labels: Labels): string {
  const error = labels[ERROR_LABEL];
  return (
    `pipeline error: '${error}' for series: '${formatLabels(labels)}'. ` +
    `Use a label filter to intentionally skip this error. (e.g | __error__!="${error}"). ` +
    'To skip all potential errors you can match empty errors.(e.g __error__="") ' +
    'The label filter can also be specified after unwrap. (e.g | unwrap latency | __error__="" )'
  );
}

const ADDITIVE_RANGE_OPS = new Set<string>(['count_over_time', 'rate', 'bytes_over_time', 'bytes_rate', 'sum_over_time']);

/** Loki's default max_query_series. */
export const MAX_QUERY_SERIES = 500;

function maxSeriesMessage(limit: number): string {
  return `maximum of series (${limit}) reached for a single query`;
}

export class LogMetricEvaluator {
  constructor(
    private readonly store: LogStore,
    private readonly startNs: bigint,
    private readonly stepNs: bigint,
    readonly count: number,
    private readonly maxSeries = MAX_QUERY_SERIES,
  ) {}

  eval(expr: MetricExpr): StepValue {
    const count = this.count;
    switch (expr.kind) {
      case 'literal':
        return { type: 'scalar', values: constantScalar(expr.value, count) };
      case 'vector':
        return { type: 'vector', series: [{ labels: {}, values: constantScalar(expr.value, count), present: new Uint8Array(count).fill(1) }] };
      case 'range':
        return { type: 'vector', series: this.range(expr) };
      case 'vectorAgg': {
        if (expr.op === 'sum' && expr.expr.kind === 'range' && ADDITIVE_RANGE_OPS.has(expr.expr.op) && !expr.expr.grouping) {
          // sum by (g) of counts, rates, bytes and sums equals the same window over g's lines merged: group
          // lines before windowing, so per-line labels (trace ids) never become series.
          const grouped = this.rangeSparse(expr.expr, expr.grouping);
          if (grouped.length > this.maxSeries) throw new QueryError(maxSeriesMessage(this.maxSeries), 'execution');
          return { type: 'vector', series: densify(grouped, count) };
        }
        if (expr.op !== 'sort' && expr.op !== 'sort_desc' && expr.expr.kind === 'range' && expr.expr.op !== 'absent_over_time') {
          // Aggregate straight from sparse series: never one dense array per (possibly per-line) series.
          const sparse = this.rangeSparse(expr.expr);
          if (countGroups(sparse, expr.grouping) > this.maxSeries && expr.op !== 'topk' && expr.op !== 'bottomk') {
            throw new QueryError(maxSeriesMessage(this.maxSeries), 'execution');
          }
          return { type: 'vector', series: aggregateSparse(expr.op, sparse, expr.grouping, count, expr.param ?? undefined) };
        }
        const input = this.vector(expr.expr);
        if (expr.op === 'sort' || expr.op === 'sort_desc') return { type: 'vector', series: input };
        const param = expr.param === null ? undefined : constantScalar(expr.param, count);
        return { type: 'vector', series: aggregate(expr.op, input, expr.grouping, count, param) };
      }
      case 'labelReplace':
        return { type: 'vector', series: labelReplace(this.vector(expr.expr), count, expr.dst, expr.replacement, expr.src, expr.regex) };
      case 'binary': {
        const lhs = this.eval(expr.lhs);
        const rhs = this.eval(expr.rhs);
        const op = expr.op;
        if (isSetOp(op)) {
          if (lhs.type !== 'vector' || rhs.type !== 'vector') throw new QueryError(`parse error : set operator ${op} needs two metric queries`, 'parse');
          return { type: 'vector', series: vectorSetBinary(op, lhs.series, rhs.series, expr.matching, count) };
        }
        if (lhs.type === 'scalar' && rhs.type === 'scalar') return { type: 'scalar', values: scalarBinary(op, lhs.values, rhs.values) };
        if (lhs.type === 'vector' && rhs.type === 'scalar') {
          return { type: 'vector', series: vectorScalarBinary(op, lhs.series, rhs.values, false, expr.returnBool, count) };
        }
        if (lhs.type === 'scalar' && rhs.type === 'vector') {
          return { type: 'vector', series: vectorScalarBinary(op, rhs.series, lhs.values, true, expr.returnBool, count) };
        }
        if (lhs.type === 'vector' && rhs.type === 'vector') {
          return { type: 'vector', series: vectorVectorBinary(op, lhs.series, rhs.series, expr.matching, expr.returnBool, count) };
        }
        throw new QueryError('parse error : invalid binary operation', 'parse');
      }
    }
  }

  vector(expr: MetricExpr): StepSeries[] {
    const value = this.eval(expr);
    if (value.type !== 'vector') throw new QueryError('parse error : expected a metric query, got a literal', 'parse');
    return value.series;
  }

  /** A range aggregation's series, dense (bounded by the series limit). */
  private range(expr: Extract<MetricExpr, { kind: 'range' }>): StepSeries[] {
    if (expr.op === 'absent_over_time') return this.absent(expr);
    const sparse = this.rangeSparse(expr);
    if (sparse.length > this.maxSeries) throw new QueryError(maxSeriesMessage(this.maxSeries), 'execution');
    return densify(sparse, this.count);
  }

  /** Lines of the range through the pipeline, grouped into series by their final labels, ascending in time. */
  private samples(
    expr: Extract<MetricExpr, { kind: 'range' }>,
    preGrouping: Grouping | null,
  ): { series: SeriesSamples[]; rangeNum: number; stepNum: number } {
    const rangeNs = toNs(expr.rangeMs);
    if (rangeNs <= 0n) throw new QueryError('parse error : range must be positive', 'parse');
    const firstEndNs = this.startNs - toNs(expr.offsetMs);
    const lastEndNs = firstEndNs + this.stepNs * BigInt(this.count - 1);
    const baseNs = firstEndNs - rangeNs;
    const contains = requiredSubstrings(expr.log.stages);
    const streams = this.store.select(expr.log.matchers, baseNs + 1n, lastEndNs + 1n, contains.length > 0 ? { lineContains: contains } : undefined);
    const state = new LabelState();
    const series = new Map<string, SeriesSamples>();
    const wantsBytes = expr.op === 'bytes_over_time' || expr.op === 'bytes_rate';

    for (const stream of streams) {
      const streamKey = labelsKey(stream.labels);
      for (const entry of stream.entries) {
        if (entry.timestampNs <= baseNs || entry.timestampNs > lastEndNs) continue;
        const line = runPipeline(expr.log.stages, state, entry, stream.labels);
        if (line === null) continue;
        let value = wantsBytes ? utf8Length(line) : 1;
        if (expr.unwrap) {
          const raw = state.get(expr.unwrap.label);
          const converted = raw === undefined ? null : convert(raw, expr.unwrap.conversion);
          if (converted === null) {
            if (!state.hasError()) state.setError('SampleExtractionErr', `cannot unwrap ${JSON.stringify(raw ?? '')} of label ${expr.unwrap.label}`);
            value = 0;
          } else {
            value = converted;
          }
          if (continuePipeline(expr.unwrap.postFilters, state, line) === null) continue;
          state.delete(expr.unwrap.label);
        }
        const grouping = expr.grouping ?? preGrouping;
        if (grouping && state.hasError()) throw new QueryError(pipelineErrorMessage(state.finish(streamKey).labels), 'execution');
        const { labels, key } = grouping ? state.grouped(grouping) : state.finish(streamKey);
        let s = series.get(key);
        if (!s) {
          s = { labels, t: [], v: [], sorted: true };
          series.set(key, s);
        }
        const rel = Number(entry.timestampNs - baseNs);
        if (s.t.length > 0 && rel < s.t[s.t.length - 1]) s.sorted = false;
        s.t.push(rel);
        s.v.push(value);
      }
    }
    for (const s of series.values()) {
      if (s.labels[ERROR_LABEL]) throw new QueryError(pipelineErrorMessage(s.labels), 'execution');
      if (!s.sorted) {
        const order = s.t.map((_, i) => i).sort((a, b) => s.t[a] - s.t[b]);
        s.t = order.map((i) => s.t[i]);
        s.v = order.map((i) => s.v[i]);
      }
    }
    return { series: [...series.values()], rangeNum: Number(rangeNs), stepNum: Number(this.stepNs) };
  }

  /**
   * A range aggregation as sparse series: each series is evaluated only at the steps whose (t - range, t]
   * window holds one of its samples, so a series of one line costs range/step steps, not the whole query.
   */
  rangeSparse(expr: Extract<MetricExpr, { kind: 'range' }>, preGrouping: Grouping | null = null): SparseSeries[] {
    const { series, rangeNum, stepNum } = this.samples(expr, preGrouping);
    const rangeSeconds = rangeNum / 1e9;
    const out: SparseSeries[] = [];
    for (const s of series) {
      const steps: number[] = [];
      const values: number[] = [];
      let lo = 0;
      let hi = -1;
      let step = 0;
      for (let i = 0; i < s.t.length && step < this.count; i++) {
        // Steps whose window ends at or after this sample and starts before it.
        const first = Math.max(step, Math.ceil((s.t[i] - rangeNum) / stepNum));
        const last = Math.min(this.count - 1, Math.ceil(s.t[i] / stepNum) - 1);
        for (step = first; step <= last; step++) {
          const end = rangeNum + step * stepNum;
          while (hi + 1 < s.t.length && s.t[hi + 1] <= end) hi++;
          while (lo < s.t.length && s.t[lo] <= end - rangeNum) lo++;
          if (hi < lo) continue;
          steps.push(step);
          values.push(windowValue(expr, s.v, lo, hi, rangeSeconds));
        }
        step = Math.max(step, first);
      }
      if (steps.length > 0) out.push({ labels: s.labels, steps, values });
    }
    return out;
  }

  private absent(expr: Extract<MetricExpr, { kind: 'range' }>): StepSeries[] {
    const labels: Labels = {};
    for (const m of expr.log.matchers) if (m.type === '=') labels[m.name] = m.value;
    const seen = new Uint8Array(this.count);
    for (const s of this.rangeSparse({ ...expr, op: 'count_over_time' })) for (const step of s.steps) seen[step] = 1;
    const out = emptySeries(labels, this.count);
    for (let step = 0; step < this.count; step++) {
      if (!seen[step]) {
        out.present[step] = 1;
        out.values[step] = 1;
      }
    }
    return out.present.some((p) => p === 1) ? [out] : [];
  }
}

function windowValue(expr: Extract<MetricExpr, { kind: 'range' }>, v: number[], lo: number, hi: number, rangeSeconds: number): number {
  const n = hi - lo + 1;
  const sum = (): number => {
    let total = 0;
    for (let i = lo; i <= hi; i++) total += v[i];
    return total;
  };
  switch (expr.op) {
    case 'count_over_time':
      return n;
    case 'rate':
      return (expr.unwrap ? sum() : n) / rangeSeconds;
    case 'bytes_over_time':
    case 'sum_over_time':
      return sum();
    case 'bytes_rate':
      return sum() / rangeSeconds;
    case 'avg_over_time':
      return sum() / n;
    case 'min_over_time': {
      let min = v[lo];
      for (let i = lo + 1; i <= hi; i++) if (v[i] < min || Number.isNaN(min)) min = v[i];
      return min;
    }
    case 'max_over_time': {
      let max = v[lo];
      for (let i = lo + 1; i <= hi; i++) if (v[i] > max || Number.isNaN(max)) max = v[i];
      return max;
    }
    case 'stddev_over_time':
    case 'stdvar_over_time': {
      let count = 0;
      let mean = 0;
      let aux = 0;
      for (let i = lo; i <= hi; i++) {
        count++;
        const delta = v[i] - mean;
        mean += delta / count;
        aux += delta * (v[i] - mean);
      }
      return expr.op === 'stdvar_over_time' ? aux / count : Math.sqrt(aux / count);
    }
    case 'quantile_over_time':
      return quantileOf(expr.param ?? Number.NaN, v.slice(lo, hi + 1));
    case 'first_over_time':
      return v[lo];
    case 'last_over_time':
      return v[hi];
    case 'absent_over_time':
      return 1;
  }
}
