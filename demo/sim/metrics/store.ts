// The MetricStore: raw samples every 15 s, as Prometheus would have scraped them, for the last 35 days.
import type { LabelMatcher, Labels, MetricStore, RawSeries } from '../../query/types';
import { deployAtOrBefore } from '../deploys';
import { compileMatchers, sortedLabelNames } from '../matchers';
import { RETENTION_MS, SCRAPE_INTERVAL_MS, ceilTo } from '../time';
import type { ServiceName } from '../topology';
import { CATALOG, type CatalogEntry, type GaugeKind } from './catalog';
import type { CumulativeCounters } from './counters';
import type { GaugeModel } from './gauges';

export interface InstantSample {
  labels: Labels;
  value: number;
}

export interface SimMetricStore extends MetricStore {
  /** Every matching series' value at an arbitrary instant (what a scrape at timeMs would read). */
  scrape(matchers: LabelMatcher[], timeMs: number): InstantSample[];
}

export class FleetMetricStore implements SimMetricStore {
  constructor(
    private readonly seed: number,
    private readonly now: () => number,
    private readonly http: CumulativeCounters,
    private readonly cpu: CumulativeCounters,
    private readonly gauges: GaugeModel,
  ) {}

  private window(startMs: number, endMs: number): { fromMs: number; toMs: number } | null {
    const now = this.now();
    const fromMs = Math.max(startMs, now - RETENTION_MS);
    const toMs = Math.min(endMs, now);
    return toMs >= fromMs ? { fromMs, toMs } : null;
  }

  select(matchers: LabelMatcher[], startMs: number, endMs: number): RawSeries[] {
    const window = this.window(startMs, endMs);
    if (!window) return [];
    const timestamps: number[] = [];
    for (let t = ceilTo(window.fromMs, SCRAPE_INTERVAL_MS); t <= window.toMs; t += SCRAPE_INTERVAL_MS) timestamps.push(t);
    if (timestamps.length === 0) return [];
    const entries = this.matching(matchers);
    const values = this.valuesOf(entries, timestamps);
    // One frozen timestamp array shared by every series of the answer: read-only by contract, and half the garbage.
    Object.freeze(timestamps);
    return entries.map((entry, i) => ({ labels: { ...entry.labels }, timestampsMs: timestamps, values: toArray(values[i]) }));
  }

  scrape(matchers: LabelMatcher[], timeMs: number): InstantSample[] {
    if (!this.window(timeMs, timeMs)) return [];
    const entries = this.matching(matchers);
    const values = this.valuesOf(entries, [timeMs]);
    return entries.map((entry, i) => ({ labels: { ...entry.labels }, value: values[i][0] }));
  }

  labelNames(startMs: number, endMs: number): string[] {
    if (!this.window(startMs, endMs)) return [];
    return sortedLabelNames(CATALOG.map((e) => e.labels));
  }

  labelValues(name: string, startMs: number, endMs: number): string[] {
    if (!this.window(startMs, endMs)) return [];
    const values = new Set<string>();
    for (const entry of CATALOG) {
      const v = entry.labels[name];
      if (v !== undefined) values.add(v);
    }
    return [...values].sort();
  }

  private matching(matchers: LabelMatcher[]): CatalogEntry[] {
    const predicate = compileMatchers(matchers);
    return CATALOG.filter((e) => predicate(e.labels));
  }

  /** Values per entry, grouping counter columns by (source, service) so each group is computed in one pass. */
  private valuesOf(entries: CatalogEntry[], timestamps: number[]): Float64Array[] {
    const out: Float64Array[] = new Array(entries.length);
    const groups = new Map<string, { counters: CumulativeCounters; service: ServiceName; columns: number[]; targets: number[] }>();
    entries.forEach((entry, i) => {
      const spec = entry.spec;
      if (spec.kind === 'gauge') {
        out[i] = this.gaugeValues(spec.service, spec.gauge, timestamps);
        return;
      }
      const key = `${spec.kind}|${spec.service}`;
      let group = groups.get(key);
      if (!group) {
        group = { counters: spec.kind === 'http' ? this.http : this.cpu, service: spec.service, columns: [], targets: [] };
        groups.set(key, group);
      }
      group.columns.push(spec.column);
      group.targets.push(i);
    });
    for (const group of groups.values()) {
      // Columns may repeat (_count, +Inf and requests_total share one): compute each once.
      const unique = [...new Set(group.columns)];
      const computed = group.counters.valuesOf(group.service, unique, timestamps);
      const byColumn = new Map(unique.map((c, k) => [c, computed[k]]));
      group.targets.forEach((target, k) => {
        out[target] = byColumn.get(group.columns[k]) as Float64Array;
      });
    }
    return out;
  }

  private gaugeValues(service: ServiceName, gauge: GaugeKind, timestamps: number[]): Float64Array {
    const out = new Float64Array(timestamps.length);
    for (let i = 0; i < timestamps.length; i++) {
      const t = timestamps[i];
      switch (gauge) {
        case 'up':
          out[i] = 1;
          break;
        case 'start':
          out[i] = deployAtOrBefore(this.seed, service, t).timeMs / 1000;
          break;
        case 'goroutines':
          out[i] = this.gauges.goroutines(service, t);
          break;
        case 'heap':
          out[i] = this.gauges.heapAllocBytes(service, t);
          break;
        default: {
          const pool = this.gauges.dbPool(service, t);
          out[i] = gauge === 'pool-used' ? pool.used : gauge === 'pool-idle' ? pool.idle : gauge === 'pool-max' ? pool.max : pool.pending;
        }
      }
    }
    return out;
  }
}

function toArray(values: Float64Array): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return out;
}
