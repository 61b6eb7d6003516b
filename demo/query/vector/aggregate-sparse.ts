// Aggregation over sparse series: (step, value) pairs instead of dense per-step arrays. LogQL range
// aggregations over parsed labels easily yield one series per line (a trace_id label); summing those by
// service must not allocate a dense array per line. Same semantics and accumulation order as aggregate.ts.
import type { Labels } from '../types';
import { labelsKey } from '../shared/labels';
import { accumulate, finish, groupLabels, preference, type Accumulator, type AggregateOp, type Grouping } from './aggregate';
import { SeriesBuilder, type StepSeries } from './step-series';

export interface SparseSeries {
  labels: Labels;
  /** Ascending step indexes with a value. */
  steps: number[];
  values: number[];
}

interface Group {
  labels: Labels;
  accs: Map<number, Accumulator>;
  /** topk/bottomk: per step, candidate series indexes (best first, at most k). */
  candidates: Map<number, number[]>;
}

/** The number of groups an aggregation would output, without aggregating (for series limits). */
export function countGroups(input: readonly SparseSeries[], grouping: Grouping): number {
  return new Set(input.map((s) => labelsKey(groupLabels(s.labels, grouping)))).size;
}

export function aggregateSparse(op: AggregateOp, input: readonly SparseSeries[], grouping: Grouping, count: number, param?: number): StepSeries[] {
  const groups = new Map<string, Group>();
  const selecting = op === 'topk' || op === 'bottomk';
  const k = Math.trunc(param ?? 1);
  input.forEach((series, index) => {
    const labels = groupLabels(series.labels, grouping);
    const key = labelsKey(labels);
    let group = groups.get(key);
    if (!group) {
      group = { labels, accs: new Map(), candidates: new Map() };
      groups.set(key, group);
    }
    for (let i = 0; i < series.steps.length; i++) {
      const step = series.steps[i];
      const value = series.values[i];
      if (selecting) {
        if (!(k >= 1)) continue;
        let list = group.candidates.get(step);
        if (!list) {
          list = [];
          group.candidates.set(step, list);
        }
        // Keep the k best; a stable insert keeps the earlier series on ties, like a stable sort would.
        let at = list.length;
        while (at > 0 && preference(op, value, valueAt(input, list[at - 1], step)) < 0) at--;
        if (at < k) {
          list.splice(at, 0, index);
          if (list.length > k) list.pop();
        }
        continue;
      }
      let acc = group.accs.get(step);
      if (!acc) {
        acc = { count: 0, value: 0, mean: 0, values: [] };
        group.accs.set(step, acc);
      }
      accumulate(op, acc, value);
    }
  });
  const builder = new SeriesBuilder(count);
  for (const group of groups.values()) {
    if (selecting) {
      for (const [step, list] of group.candidates) {
        for (const index of list) builder.set(builder.series(input[index].labels), step, valueAt(input, index, step));
      }
      continue;
    }
    const out = builder.series(group.labels);
    for (const [step, acc] of group.accs) builder.set(out, step, finish(op, acc, param ?? 0));
  }
  return builder.result();
}

function valueAt(input: readonly SparseSeries[], index: number, step: number): number {
  const series = input[index];
  // Steps are ascending: binary search.
  let lo = 0;
  let hi = series.steps.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (series.steps[mid] === step) return series.values[mid];
    if (series.steps[mid] < step) lo = mid + 1;
    else hi = mid - 1;
  }
  return Number.NaN;
}

/** Dense step series of sparse ones. */
export function densify(input: readonly SparseSeries[], count: number): StepSeries[] {
  const builder = new SeriesBuilder(count);
  for (const series of input) {
    const out = builder.series(series.labels);
    for (let i = 0; i < series.steps.length; i++) builder.set(out, series.steps[i], series.values[i]);
  }
  return builder.result();
}
