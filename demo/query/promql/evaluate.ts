// The PromQL evaluator. Every node is evaluated over all steps at once: a selector fetches its raw samples
// once for [first step - range - lookback, last step] and each step's window slides over them with two
// pointers, so a day of one-minute steps costs one store read per selector.
import { QueryError, type Labels, type MetricStore, type RawSeries } from '../types';
import { compileMatchers, dropMetricName, METRIC_NAME_LABEL } from '../shared/labels';
import { aggregate } from '../vector/aggregate';
import { isSetOp, scalarBinary, vectorScalarBinary, vectorSetBinary, vectorVectorBinary } from '../vector/binary';
import {
  constantScalar,
  emptySeries,
  SeriesBuilder,
  stepTimeMs,
  type StepGrid,
  type StepSeries,
  type StepValue,
} from '../vector/step-series';
import { typeOf, type AtModifier, type Expr, type MatrixSelector, type Subquery, type VectorSelector } from './ast';
import { histogramQuantile } from './histogram';
import { isMathFunction, labelJoin, labelReplace, mapValues, mathFunction } from './instant-functions';
import { RANGE_KERNELS, type Semantics, type Window } from './range-functions';

export interface PromqlOptions {
  /** How far back an instant selector looks for a sample. Prometheus' default: 5 minutes. */
  lookbackDeltaMs?: number;
  /**
   * Boundary rules. 'prometheus-2' (default, what the Prometheus 2.42 on this machine does): windows include
   * their start ([t - range, t]) and rate's zero-point clamp precedes the extrapolation threshold.
   * 'prometheus-3': left-open windows (t - range, t] and the 2.52+ extrapolation order.
   */
  semantics?: Semantics;
  /** Step of subqueries written without one (`x[1h:]`): Prometheus' default evaluation interval. */
  defaultSubqueryStepMs?: number;
}

export const DEFAULT_LOOKBACK_DELTA_MS = 5 * 60_000;

interface ResolvedOptions {
  lookbackDeltaMs: number;
  semantics: Semantics;
  defaultSubqueryStepMs: number;
}

export function resolveOptions(options: PromqlOptions = {}): ResolvedOptions {
  return {
    lookbackDeltaMs: options.lookbackDeltaMs ?? DEFAULT_LOOKBACK_DELTA_MS,
    semantics: options.semantics ?? 'prometheus-2',
    defaultSubqueryStepMs: options.defaultSubqueryStepMs ?? 60_000,
  };
}

/** Raw samples of one series as a range function sees them. */
export interface RangeSeries {
  labels: Labels;
  t: ArrayLike<number>;
  v: ArrayLike<number>;
}

interface RangeInput {
  series: RangeSeries[];
  rangeMs: number;
  offsetMs: number;
  at: AtModifier | null;
}

export class Evaluator {
  constructor(
    private readonly store: MetricStore,
    readonly grid: StepGrid,
    private readonly options: ResolvedOptions,
    /** The outer query's start and end, which @ start() / @ end() refer to. */
    private readonly queryStartMs: number,
    private readonly queryEndMs: number,
  ) {}

  private get count(): number {
    return this.grid.count;
  }

  private atTime(at: AtModifier): number {
    if (at.kind === 'start') return this.queryStartMs;
    if (at.kind === 'end') return this.queryEndMs;
    return at.timeMs;
  }

  /** The evaluation time of a step for a node with an optional @ modifier. */
  private evalTime(at: AtModifier | null, step: number): number {
    return at ? this.atTime(at) : stepTimeMs(this.grid, step);
  }

  private selectRaw(selector: VectorSelector, minMs: number, maxMs: number): RawSeries[] {
    const raw = this.store.select(selector.matchers, minMs, maxMs);
    const matches = compileMatchers(selector.matchers);
    const out: RawSeries[] = [];
    for (const series of raw) {
      if (!matches(series.labels)) continue;
      const { timestampsMs: t, values: v } = series;
      let sorted = t.length === v.length;
      for (let i = 1; sorted && i < t.length; i++) if (t[i] < t[i - 1]) sorted = false;
      if (sorted) {
        out.push(series);
      } else {
        const order = t.map((_, i) => i).slice(0, Math.min(t.length, v.length)).sort((a, b) => t[a] - t[b]);
        out.push({ labels: series.labels, timestampsMs: order.map((i) => t[i]), values: order.map((i) => v[i]), staleMarkersMs: series.staleMarkersMs });
      }
    }
    return out;
  }

  /** Instant vector selector: the latest sample within the lookback window of each step. */
  vectorSelector(selector: VectorSelector, withTimestamps = false): { series: StepSeries[]; timestamps: Float64Array[] } {
    const count = this.count;
    const first = this.evalTime(selector.at, 0) - selector.offsetMs;
    const last = this.evalTime(selector.at, count - 1) - selector.offsetMs;
    const lookback = this.options.lookbackDeltaMs;
    const leftOpen = this.options.semantics === 'prometheus-3';
    const raw = this.selectRaw(selector, first - lookback, last);
    const series: StepSeries[] = [];
    const timestamps: Float64Array[] = [];
    for (const r of raw) {
      const out = emptySeries(r.labels, count);
      const ts = withTimestamps ? new Float64Array(count) : null;
      const t = r.timestampsMs;
      const stale = r.staleMarkersMs ?? [];
      let idx = -1;
      let staleIdx = -1;
      for (let step = 0; step < count; step++) {
        const refT = this.evalTime(selector.at, step) - selector.offsetMs;
        while (idx + 1 < t.length && t[idx + 1] <= refT) idx++;
        while (staleIdx + 1 < stale.length && stale[staleIdx + 1] <= refT) staleIdx++;
        if (idx < 0) continue;
        // The newest entry is a staleness marker: the series has ended, no lookback to its last sample.
        if (staleIdx >= 0 && stale[staleIdx] >= t[idx]) continue;
        const age = refT - t[idx];
        if (leftOpen ? age >= lookback : age > lookback) continue;
        out.present[step] = 1;
        out.values[step] = r.values[idx];
        if (ts) ts[step] = t[idx];
      }
      if (out.present.some((p) => p === 1)) {
        series.push(out);
        if (ts) timestamps.push(ts);
      }
    }
    return { series, timestamps };
  }

  /** The samples a range function reads for a matrix selector or a subquery. */
  rangeInput(expr: MatrixSelector | Subquery): RangeInput {
    if (expr.kind === 'matrixSelector') {
      const { selector, rangeMs } = expr;
      const first = this.evalTime(selector.at, 0) - selector.offsetMs;
      const last = this.evalTime(selector.at, this.count - 1) - selector.offsetMs;
      const raw = this.selectRaw(selector, first - rangeMs, last);
      return {
        series: raw.map((r) => ({ labels: r.labels, t: r.timestampsMs, v: r.values })),
        rangeMs,
        offsetMs: selector.offsetMs,
        at: selector.at,
      };
    }
    return { series: this.subquerySeries(expr), rangeMs: expr.rangeMs, offsetMs: expr.offsetMs, at: expr.at };
  }

  /** Evaluates a subquery's inner expression on its own step grid, aligned to multiples of its step. */
  private subquerySeries(expr: Subquery): RangeSeries[] {
    const stepMs = expr.stepMs ?? this.options.defaultSubqueryStepMs;
    if (stepMs <= 0) throw new QueryError('zero or negative subquery step', 'parse');
    const firstEval = this.evalTime(expr.at, 0);
    const lastEval = this.evalTime(expr.at, this.count - 1);
    const lowest = firstEval - expr.offsetMs - expr.rangeMs;
    let startMs = stepMs * Math.trunc(lowest / stepMs);
    if (startMs < lowest) startMs += stepMs;
    const endMs = lastEval - expr.offsetMs;
    if (endMs < startMs) return [];
    const count = Math.floor((endMs - startMs) / stepMs) + 1;
    if (count > 1_000_000) throw new QueryError('subquery has too many steps; use a larger subquery step', 'execution');
    const inner = new Evaluator(this.store, { startMs, stepMs, count }, this.options, this.queryStartMs, this.queryEndMs);
    const value = inner.eval(expr.expr);
    if (value.type !== 'vector') return [];
    return value.series.map((s) => {
      const t: number[] = [];
      const v: number[] = [];
      for (let i = 0; i < count; i++) {
        if (s.present[i]) {
          t.push(startMs + i * stepMs);
          v.push(s.values[i]);
        }
      }
      return { labels: s.labels, t, v };
    });
  }

  /** Runs a range kernel over every step's window of every series. */
  private applyRange(name: string, input: RangeInput, param: Float64Array | null): StepSeries[] {
    const makeKernel = RANGE_KERNELS[name];
    const count = this.count;
    const leftOpen = this.options.semantics === 'prometheus-3';
    const keepName = name === 'last_over_time';
    const builder = new SeriesBuilder(count);
    for (const series of input.series) {
      const out = builder.series(keepName ? series.labels : dropMetricName(series.labels));
      const { t } = series;
      const kernel = makeKernel(t, series.v);
      let lo = 0;
      let hi = -1;
      const window: Window = {
        t,
        v: series.v,
        lo: 0,
        hi: -1,
        rangeStartMs: 0,
        rangeEndMs: 0,
        rangeMs: input.rangeMs,
        evalTimeMs: 0,
        param: 0,
        semantics: this.options.semantics,
      };
      for (let step = 0; step < count; step++) {
        const evalTimeMs = this.evalTime(input.at, step);
        const rangeEndMs = evalTimeMs - input.offsetMs;
        const rangeStartMs = rangeEndMs - input.rangeMs;
        while (hi + 1 < t.length && t[hi + 1] <= rangeEndMs) hi++;
        while (lo < t.length && (leftOpen ? t[lo] <= rangeStartMs : t[lo] < rangeStartMs)) lo++;
        window.lo = lo;
        window.hi = hi;
        window.rangeStartMs = rangeStartMs;
        window.rangeEndMs = rangeEndMs;
        window.evalTimeMs = evalTimeMs;
        window.param = param ? param[step] : 0;
        const value = kernel(window);
        if (value !== null) builder.set(out, step, value);
      }
    }
    return builder.result();
  }

  scalar(expr: Expr): Float64Array {
    const value = this.eval(expr);
    if (value.type !== 'scalar') throw new QueryError(`expected a scalar, got ${value.type}`, 'execution');
    return value.values;
  }

  vector(expr: Expr): StepSeries[] {
    const value = this.eval(expr);
    if (value.type !== 'vector') throw new QueryError(`expected an instant vector, got ${value.type}`, 'execution');
    return value.series;
  }

  eval(expr: Expr): StepValue {
    const count = this.count;
    switch (expr.kind) {
      case 'number':
        return { type: 'scalar', values: constantScalar(expr.value, count) };
      case 'string':
        return { type: 'string', value: expr.value };
      case 'paren':
        return this.eval(expr.expr);
      case 'vectorSelector':
        return { type: 'vector', series: this.vectorSelector(expr).series };
      case 'matrixSelector':
      case 'subquery':
        throw new QueryError('a range vector cannot be evaluated at a step; use it inside a function', 'execution');
      case 'unary': {
        const value = this.eval(expr.expr);
        if (expr.op === '+') return value;
        if (value.type === 'scalar') return { type: 'scalar', values: value.values.map((v) => -v) };
        if (value.type === 'vector') return { type: 'vector', series: mapValues(value.series, count, (v) => -v) };
        throw new QueryError('unary minus needs a scalar or an instant vector', 'execution');
      }
      case 'aggregate': {
        const param = expr.param ? this.scalar(expr.param) : undefined;
        return { type: 'vector', series: aggregate(expr.op, this.vector(expr.expr), expr.grouping, count, param) };
      }
      case 'binary':
        return this.binary(expr);
      case 'call':
        return this.call(expr);
    }
  }

  private binary(expr: Extract<Expr, { kind: 'binary' }>): StepValue {
    const lhs = this.eval(expr.lhs);
    const rhs = this.eval(expr.rhs);
    const count = this.count;
    const op = expr.op;
    if (isSetOp(op)) {
      if (lhs.type !== 'vector' || rhs.type !== 'vector') throw new QueryError(`set operator "${op}" needs vectors`, 'execution');
      const matching = expr.matching ?? { card: 'one-to-one', on: false, labels: [], include: [] };
      return { type: 'vector', series: vectorSetBinary(op, lhs.series, rhs.series, matching, count) };
    }
    if (lhs.type === 'scalar' && rhs.type === 'scalar') return { type: 'scalar', values: scalarBinary(op, lhs.values, rhs.values) };
    if (lhs.type === 'vector' && rhs.type === 'scalar') {
      return { type: 'vector', series: vectorScalarBinary(op, lhs.series, rhs.values, false, expr.returnBool, count) };
    }
    if (lhs.type === 'scalar' && rhs.type === 'vector') {
      return { type: 'vector', series: vectorScalarBinary(op, rhs.series, lhs.values, true, expr.returnBool, count) };
    }
    if (lhs.type === 'vector' && rhs.type === 'vector') {
      const matching = expr.matching ?? { card: 'one-to-one', on: false, labels: [], include: [] };
      return { type: 'vector', series: vectorVectorBinary(op, lhs.series, rhs.series, matching, expr.returnBool, count) };
    }
    throw new QueryError('binary expression must contain only scalar and instant vector types', 'execution');
  }

  private stringArg(expr: Expr): string {
    const value = this.eval(expr);
    if (value.type !== 'string') throw new QueryError('expected a string argument', 'execution');
    return value.value;
  }

  private call(expr: Extract<Expr, { kind: 'call' }>): StepValue {
    const { func, args } = expr;
    const count = this.count;
    const vector = (series: StepSeries[]): StepValue => ({ type: 'vector', series });

    if (func in RANGE_KERNELS) {
      const rangeArg = args.find((a) => typeOf(a) === 'matrix') ?? args[0];
      const matrix = unwrapMatrix(rangeArg);
      const paramExpr = args.find((a) => a !== rangeArg);
      const param = paramExpr ? this.scalar(paramExpr) : null;
      return vector(this.applyRange(func, this.rangeInput(matrix), param));
    }
    if (func === 'absent_over_time') {
      const matrix = unwrapMatrix(args[0]);
      const present = this.applyRange('present_over_time', this.rangeInput(matrix), null);
      return vector(absentSeries(present, count, absentLabels(args[0])));
    }
    if (isMathFunction(func)) {
      const input = args.length > 0 ? this.vector(args[0]) : [timeVector(this.grid)];
      return vector(mathFunction(func, input, count));
    }
    switch (func) {
      case 'time':
        return { type: 'scalar', values: Float64Array.from({ length: count }, (_, i) => stepTimeMs(this.grid, i) / 1000) };
      case 'pi':
        return { type: 'scalar', values: constantScalar(Math.PI, count) };
      case 'vector': {
        const values = this.scalar(args[0]);
        return vector([{ labels: {}, values, present: new Uint8Array(count).fill(1) }]);
      }
      case 'scalar': {
        const input = this.vector(args[0]);
        const values = new Float64Array(count).fill(Number.NaN);
        for (let step = 0; step < count; step++) {
          let found = 0;
          for (const s of input) {
            if (s.present[step]) {
              found++;
              values[step] = s.values[step];
            }
          }
          if (found !== 1) values[step] = Number.NaN;
        }
        return { type: 'scalar', values };
      }
      case 'absent':
        return vector(absentSeries(this.vector(args[0]), count, absentLabels(args[0])));
      case 'sort':
      case 'sort_desc':
        return vector(this.vector(args[0]));
      case 'timestamp': {
        const arg = unwrapParensExpr(args[0]);
        if (arg.kind === 'vectorSelector') {
          // The sample's own timestamp, not the step's.
          const { series, timestamps } = this.vectorSelector(arg, true);
          const builder = new SeriesBuilder(count);
          series.forEach((s, i) => {
            const out = builder.series(dropMetricName(s.labels));
            for (let step = 0; step < count; step++) if (s.present[step]) builder.set(out, step, timestamps[i][step] / 1000);
          });
          return vector(builder.result());
        }
        return vector(mapValues(this.vector(arg), count, (_, step) => stepTimeMs(this.grid, step) / 1000));
      }
      case 'clamp': {
        const [min, max] = [this.scalar(args[1]), this.scalar(args[2])];
        return vector(mapValues(this.vector(args[0]), count, (v, s) => (max[s] < min[s] ? null : Math.max(min[s], Math.min(max[s], v)))));
      }
      case 'clamp_min': {
        const min = this.scalar(args[1]);
        return vector(mapValues(this.vector(args[0]), count, (v, s) => Math.max(min[s], v)));
      }
      case 'clamp_max': {
        const max = this.scalar(args[1]);
        return vector(mapValues(this.vector(args[0]), count, (v, s) => Math.min(max[s], v)));
      }
      case 'round': {
        const toNearest = args[1] ? this.scalar(args[1]) : constantScalar(1, count);
        return vector(
          mapValues(this.vector(args[0]), count, (v, s) => {
            const inverse = 1 / toNearest[s];
            return Math.floor(v * inverse + 0.5) / inverse;
          }),
        );
      }
      case 'histogram_quantile':
        return vector(histogramQuantile(this.scalar(args[0]), this.vector(args[1]), count));
      case 'label_replace':
        return vector(
          labelReplace(
            this.vector(args[0]),
            count,
            this.stringArg(args[1]),
            this.stringArg(args[2]),
            this.stringArg(args[3]),
            this.stringArg(args[4]),
          ),
        );
      case 'label_join':
        return vector(
          labelJoin(this.vector(args[0]), count, this.stringArg(args[1]), this.stringArg(args[2]), args.slice(3).map((a) => this.stringArg(a))),
        );
      default:
        throw new QueryError(`function "${func}" is not supported by this engine`, 'unsupported');
    }
  }
}

function unwrapParensExpr(expr: Expr): Expr {
  let e = expr;
  while (e.kind === 'paren') e = e.expr;
  return e;
}

function unwrapMatrix(expr: Expr): MatrixSelector | Subquery {
  const e = unwrapParensExpr(expr);
  if (e.kind !== 'matrixSelector' && e.kind !== 'subquery') throw new QueryError('expected a range vector argument', 'execution');
  return e;
}

function timeVector(grid: StepGrid): StepSeries {
  const values = Float64Array.from({ length: grid.count }, (_, i) => stepTimeMs(grid, i) / 1000);
  return { labels: {}, values, present: new Uint8Array(grid.count).fill(1) };
}

/** Labels absent() reports: the selector's equality matchers, except the name and repeated labels. */
export function absentLabels(arg: Expr): Labels {
  const selector = arg.kind === 'vectorSelector' ? arg : arg.kind === 'matrixSelector' ? arg.selector : null;
  if (!selector) return {};
  const labels: Labels = {};
  const dropped = new Set<string>();
  for (const m of selector.matchers) {
    if (m.name === METRIC_NAME_LABEL) continue;
    if (m.type === '=' && !(m.name in labels)) labels[m.name] = m.value;
    else dropped.add(m.name);
  }
  for (const name of dropped) delete labels[name];
  return labels;
}

function absentSeries(input: readonly StepSeries[], count: number, labels: Labels): StepSeries[] {
  const out = emptySeries(labels, count);
  for (let step = 0; step < count; step++) {
    if (!input.some((s) => s.present[step] === 1)) {
      out.present[step] = 1;
      out.values[step] = 1;
    }
  }
  return out.present.some((p) => p === 1) ? [out] : [];
}
