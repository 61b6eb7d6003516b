// Exact cumulative counters. Each column (one counter series) has a rate that is constant within a minute, so its
// value is a piecewise-linear integral from the process start (the last deploy: counters reset on restart, as real
// processes do). Per hour we memoise the per-minute prefix sums; per (process, hour) the value at the hour's start.
// A sample then costs O(1), and a counter 3 days after its restart costs one pass over ~72 memoised hour totals.
import { deployAtOrBefore, processesBetween } from '../deploys';
import { Lru } from '../lru';
import { HOUR_MS, MINUTE_MS, floorTo } from '../time';
import type { ServiceName } from '../topology';

export interface CounterSource {
  /** Number of columns. */
  readonly width: number;
  /** The service (process) each column belongs to: its deploys reset the column. */
  readonly columnService: readonly ServiceName[];
  /** Fill `out` (60 x width, minute-major) with each column's increase during each minute of the hour. */
  fillHour(hourStartMs: number, out: Float64Array): void;
}

export class CumulativeCounters {
  /** Per hour: prefix sums, (61 x width): row m = increase from the hour's start to minute m. */
  private readonly prefixes: Lru<number, Float64Array>;
  /** Per hour: the total increase of each column over the whole hour. */
  private readonly totals: Lru<number, Float64Array>;
  /** Per (process start, hour start): each column's value at the hour's start (may be negative for the start hour). */
  private readonly bases: Lru<string, Float64Array>;

  constructor(
    private readonly seed: number,
    private readonly source: CounterSource,
    options: { hourTables?: number } = {},
  ) {
    // Room for the longest window a query or rule reads (a 3-day rate, 72 h) plus the 6 h an alert-evaluation chunk
    // adds, with slack: an LRU smaller than a sequential scan misses on every hour of it (seen: 2,300 hour tables
    // computed for a 24 h ALERTS query). ~230 KB per hour for the HTTP histogram.
    this.prefixes = new Lru(options.hourTables ?? 96);
    this.totals = new Lru(4096);
    this.bases = new Lru(4096);
  }

  private prefix(hourStartMs: number): Float64Array {
    return this.prefixes.getOrCompute(hourStartMs, () => {
      const w = this.source.width;
      const inc = new Float64Array(60 * w);
      this.source.fillHour(hourStartMs, inc);
      const prefix = new Float64Array(61 * w);
      for (let m = 0; m < 60; m++) {
        const row = m * w;
        const next = row + w;
        for (let c = 0; c < w; c++) prefix[next + c] = prefix[row + c] + inc[row + c];
      }
      this.totals.set(hourStartMs, prefix.slice(60 * w));
      return prefix;
    });
  }

  private total(hourStartMs: number): Float64Array {
    const hit = this.totals.get(hourStartMs);
    if (hit) return hit;
    const total = this.prefix(hourStartMs).slice(60 * this.source.width);
    this.totals.set(hourStartMs, total);
    return total;
  }

  /** Column values at the start of hour H for the process started at R (R <= H + 1h). */
  private base(processStartMs: number, hourStartMs: number): Float64Array {
    const key = `${processStartMs}|${hourStartMs}`;
    const hit = this.bases.get(key);
    if (hit) return hit;
    const w = this.source.width;
    const startHour = floorTo(processStartMs, HOUR_MS);
    let out: Float64Array;
    if (hourStartMs <= startHour) {
      // The process started inside this hour: value(t) = prefixAt(t) - prefixAt(R).
      const prefix = this.prefix(startHour);
      const row = Math.round((processStartMs - startHour) / MINUTE_MS) * w;
      out = new Float64Array(w);
      for (let c = 0; c < w; c++) out[c] = -prefix[row + c];
    } else {
      const previous = this.base(processStartMs, hourStartMs - HOUR_MS);
      const total = this.total(hourStartMs - HOUR_MS);
      out = new Float64Array(w);
      for (let c = 0; c < w; c++) out[c] = previous[c] + total[c];
    }
    this.bases.set(key, out);
    return out;
  }

  /**
   * Values of `columns` (all of one service) at each timestamp (ascending).
   * Returns one Float64Array per column.
   */
  valuesOf(service: ServiceName, columns: readonly number[], timestampsMs: readonly number[]): Float64Array[] {
    const out = columns.map(() => new Float64Array(timestampsMs.length));
    if (timestampsMs.length === 0) return out;
    const w = this.source.width;
    const first = timestampsMs[0];
    const last = timestampsMs[timestampsMs.length - 1];
    const processes = processesBetween(this.seed, service, first, last + 1);
    let pi = 0;
    let i = 0;
    while (i < timestampsMs.length) {
      const t = timestampsMs[i];
      while (pi + 1 < processes.length && processes[pi + 1].deploy.timeMs <= t) pi++;
      const processStart = processes[pi].deploy.timeMs;
      const hourStart = floorTo(t, HOUR_MS);
      const base = this.base(processStart, hourStart);
      const prefix = this.prefix(hourStart);
      const nextBoundary = Math.min(hourStart + HOUR_MS, pi + 1 < processes.length ? processes[pi + 1].deploy.timeMs : Infinity);
      // All timestamps of this (process, hour) share base and prefix.
      for (; i < timestampsMs.length && timestampsMs[i] < nextBoundary; i++) {
        const offset = timestampsMs[i] - hourStart;
        const m = Math.floor(offset / MINUTE_MS);
        const frac = (offset - m * MINUTE_MS) / MINUTE_MS;
        const row = m * w;
        for (let k = 0; k < columns.length; k++) {
          const c = columns[k];
          const a = prefix[row + c];
          out[k][i] = base[c] + a + (prefix[row + w + c] - a) * frac;
        }
      }
    }
    return out;
  }

  /** One column's value at an arbitrary time (for scrapes at any instant). */
  valueAt(service: ServiceName, column: number, timeMs: number): number {
    return this.valuesOf(service, [column], [timeMs])[0][0];
  }

  /** The start of the process running at timeMs. */
  processStartMs(service: ServiceName, timeMs: number): number {
    return deployAtOrBefore(this.seed, service, timeMs).timeMs;
  }
}
