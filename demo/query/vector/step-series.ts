// The evaluation model shared by the PromQL and LogQL metric engines: every expression is evaluated for all
// steps of the query at once (an instant query is a range query of one step), so a selector's samples are
// fetched once and each step's window slides over them.
import { QueryError, type Labels } from '../types';
import { labelsKey } from '../shared/labels';

export interface StepGrid {
  startMs: number;
  stepMs: number;
  /** Number of steps: startMs, startMs + stepMs, ... */
  count: number;
}

export function stepTimeMs(grid: StepGrid, index: number): number {
  return grid.startMs + index * grid.stepMs;
}

export function gridEndMs(grid: StepGrid): number {
  return grid.startMs + (grid.count - 1) * grid.stepMs;
}

/** One series over the grid: `present[i]` is 1 where the series has a sample at step i. */
export interface StepSeries {
  labels: Labels;
  values: Float64Array;
  present: Uint8Array;
}

export type StepValue =
  | { type: 'scalar'; values: Float64Array }
  | { type: 'vector'; series: StepSeries[] }
  | { type: 'string'; value: string };

export function emptySeries(labels: Labels, count: number): StepSeries {
  return { labels, values: new Float64Array(count), present: new Uint8Array(count) };
}

export function constantScalar(value: number, count: number): Float64Array {
  return new Float64Array(count).fill(value);
}

/**
 * Collects output series by label set. Two writes to the same label set at the same step are an error
 * (Prometheus: "vector cannot contain metrics with the same labelset").
 */
export class SeriesBuilder {
  private readonly byKey = new Map<string, StepSeries>();

  constructor(
    private readonly count: number,
    private readonly collisionMessage = 'vector cannot contain metrics with the same labelset',
  ) {}

  /** The series for a label set, created on first use; keep the handle to avoid re-keying per step. */
  series(labels: Labels): StepSeries {
    const key = labelsKey(labels);
    let series = this.byKey.get(key);
    if (!series) {
      series = emptySeries(labels, this.count);
      this.byKey.set(key, series);
    }
    return series;
  }

  set(series: StepSeries, step: number, value: number, collisionMessage?: string): void {
    if (series.present[step]) throw new QueryError(collisionMessage ?? this.collisionMessage, 'execution');
    series.present[step] = 1;
    series.values[step] = value;
  }

  result(): StepSeries[] {
    const out: StepSeries[] = [];
    for (const series of this.byKey.values()) if (series.present.some((p) => p === 1)) out.push(series);
    return out;
  }
}

/** Maps each series to a small integer id of a derived key (a group, a match signature). */
export function indexByKey<T>(items: readonly T[], keyOf: (item: T) => string): { ids: Int32Array; keys: string[] } {
  const ids = new Int32Array(items.length);
  const idByKey = new Map<string, number>();
  const keys: string[] = [];
  items.forEach((item, i) => {
    const key = keyOf(item);
    let id = idByKey.get(key);
    if (id === undefined) {
      id = keys.length;
      idByKey.set(key, id);
      keys.push(key);
    }
    ids[i] = id;
  });
  return { ids, keys };
}
