// Vector aggregation operators (sum, avg, min, max, count, group, stddev, stdvar, quantile, topk, bottomk)
// over step series, with Prometheus' semantics (Prometheus 2.x promql/engine.go aggregation()).
import type { Labels } from '../types';
import { labelsKey, METRIC_NAME_LABEL } from '../shared/labels';
import { indexByKey, SeriesBuilder, type StepSeries } from './step-series';

export type AggregateOp = 'sum' | 'avg' | 'min' | 'max' | 'count' | 'group' | 'stddev' | 'stdvar' | 'quantile' | 'topk' | 'bottomk';

export interface Grouping {
  labels: string[];
  without: boolean;
}

/** The labels a series keeps in its group: `by` keeps only the listed ones, `without` drops them and the name. */
export function groupLabels(labels: Labels, grouping: Grouping): Labels {
  const out: Labels = {};
  if (grouping.without) {
    const drop = new Set(grouping.labels);
    for (const [name, value] of Object.entries(labels)) {
      if (!drop.has(name) && name !== METRIC_NAME_LABEL) out[name] = value;
    }
  } else {
    for (const name of grouping.labels) {
      const value = labels[name];
      if (value !== undefined && value !== '') out[name] = value;
    }
  }
  return out;
}

/** Prometheus' quantile over a set of values (linear interpolation between closest ranks). */
export function quantileOf(q: number, values: number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return Number.NaN;
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return sorted[lower] * (1 - weight) + sorted[upper] * weight;
}

function isInfinite(v: number): boolean {
  return v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY;
}

export interface Accumulator {
  count: number;
  value: number;
  mean: number;
  values: number[];
}

export function accumulate(op: AggregateOp, acc: Accumulator, v: number): void {
  acc.count++;
  if (acc.count === 1) {
    acc.value = op === 'stddev' || op === 'stdvar' ? 0 : v;
    acc.mean = v;
    if (op === 'quantile') acc.values = [v];
    return;
  }
  switch (op) {
    case 'sum':
      acc.value += v;
      break;
    case 'avg':
      // Incremental mean as Prometheus computes it (avoids overflow on huge values).
      if (isInfinite(acc.mean)) {
        // An infinite mean stays as it is unless NaN or the opposite infinity arrives.
        if (isInfinite(v) && acc.mean > 0 === v > 0) break;
        if (!isInfinite(v) && !Number.isNaN(v)) break;
      }
      acc.mean += v / acc.count - acc.mean / acc.count;
      break;
    case 'max':
      if (acc.value < v || Number.isNaN(acc.value)) acc.value = v;
      break;
    case 'min':
      if (acc.value > v || Number.isNaN(acc.value)) acc.value = v;
      break;
    case 'stddev':
    case 'stdvar': {
      const delta = v - acc.mean;
      acc.mean += delta / acc.count;
      acc.value += delta * (v - acc.mean);
      break;
    }
    case 'quantile':
      acc.values.push(v);
      break;
    default:
      break;
  }
}

export function finish(op: AggregateOp, acc: Accumulator, param: number): number {
  switch (op) {
    case 'avg':
      return acc.mean;
    case 'count':
      return acc.count;
    case 'group':
      return 1;
    case 'stdvar':
      return acc.value / acc.count;
    case 'stddev':
      return Math.sqrt(acc.value / acc.count);
    case 'quantile':
      return quantileOf(param, acc.values);
    default:
      return acc.value;
  }
}

/**
 * Aggregates step series by group. `param` is the per-step value of topk/bottomk's k or quantile's φ.
 * topk/bottomk keep the input series' labels; the other operators output the group's labels.
 */
export function aggregate(
  op: AggregateOp,
  input: readonly StepSeries[],
  grouping: Grouping,
  count: number,
  param?: Float64Array,
): StepSeries[] {
  const groupLabelSets: Labels[] = [];
  const { ids, keys } = indexByKey(input, (s) => {
    const labels = groupLabels(s.labels, grouping);
    const key = labelsKey(labels);
    groupLabelSets.push(labels);
    return key;
  });
  const labelsOfGroup: Labels[] = new Array(keys.length);
  ids.forEach((id, i) => {
    if (labelsOfGroup[id] === undefined) labelsOfGroup[id] = groupLabelSets[i];
  });

  if (op === 'topk' || op === 'bottomk') return selectK(op, input, ids, keys.length, count, param);

  const builder = new SeriesBuilder(count);
  const outSeries = labelsOfGroup.map((labels) => builder.series(labels));
  const accs: Accumulator[] = keys.map(() => ({ count: 0, value: 0, mean: 0, values: [] }));
  for (let step = 0; step < count; step++) {
    for (const acc of accs) acc.count = 0;
    for (let i = 0; i < input.length; i++) {
      const series = input[i];
      if (series.present[step]) accumulate(op, accs[ids[i]], series.values[step]);
    }
    const p = param ? param[step] : 0;
    accs.forEach((acc, g) => {
      if (acc.count > 0) builder.set(outSeries[g], step, finish(op, acc, p));
    });
  }
  return builder.result();
}

/** Sort order for topk/bottomk: the preferred value first; NaN is never preferred over a number. */
export function preference(op: 'topk' | 'bottomk', a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return op === 'topk' ? b - a : a - b;
}

function selectK(
  op: 'topk' | 'bottomk',
  input: readonly StepSeries[],
  ids: Int32Array,
  groupCount: number,
  count: number,
  param?: Float64Array,
): StepSeries[] {
  const builder = new SeriesBuilder(count);
  const outSeries = input.map((s) => builder.series(s.labels));
  const members: number[][] = Array.from({ length: groupCount }, () => []);
  // NaN is never preferred over a number, for either direction.
  const better = (a: number, b: number): number => preference(op, a, b);
  for (let step = 0; step < count; step++) {
    const k = Math.trunc(param ? param[step] : 1);
    if (!(k >= 1)) continue;
    for (const m of members) m.length = 0;
    for (let i = 0; i < input.length; i++) if (input[i].present[step]) members[ids[i]].push(i);
    for (const m of members) {
      m.sort((a, b) => better(input[a].values[step], input[b].values[step]));
      for (const i of m.slice(0, k)) builder.set(outSeries[i], step, input[i].values[step]);
    }
  }
  return builder.result();
}
