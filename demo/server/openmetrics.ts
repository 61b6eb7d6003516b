// OpenMetrics text for the simulation: the live exposition a real Prometheus scrapes (`/metrics`, exemplars on
// histogram buckets and counters), and a timestamped export of history for
// `promtool tsdb create-blocks-from openmetrics`. https://prometheus.io/docs/specs/om/open_metrics_spec/
//
// Scrape config for a real Prometheus: `honor_labels: true` (the series already carry job/instance-like labels of
// the simulated services; without it Prometheus renames them exported_job/exported_instance) and
// `--enable-feature=exemplar-storage` to keep the exemplars.
import type { Fleet } from '../contract';
import type { LabelMatcher, Labels, RawSeries } from '../query/types';
import { inferFamilies, type MetricFamily } from './metric-families';
import { labelsKey } from './matchers';
import { escapeLabelValue, formatPromFloat } from './wire';

export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/** How long after its last raw sample a series is still exposed (Prometheus' default lookback). */
const STALENESS_MS = 5 * 60_000;
const ALL_SERIES: LabelMatcher[] = [{ name: '__name__', type: '=~', value: '.+' }];
const SYNTHETIC = new Set(['ALERTS', 'ALERTS_FOR_STATE']);

function labelText(labels: Labels): string {
  const names = Object.keys(labels)
    .filter((n) => n !== '__name__')
    .sort((a, b) => (a === 'le' ? 1 : b === 'le' ? -1 : a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) return '';
  return `{${names.map((n) => `${n}="${escapeLabelValue(labels[n])}"`).join(',')}}`;
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function leValue(labels: Labels): number {
  const le = labels.le;
  return le === '+Inf' ? Infinity : Number(le);
}

/** Within a family: by label set without `le`, then buckets by le, then _count, then _sum (the spec's order). */
function compareInFamily(a: RawSeries, b: RawSeries): number {
  const strip = (l: Labels) => {
    const rest = { ...l };
    delete rest.__name__;
    delete rest.le;
    return labelsKey(rest);
  };
  const ka = strip(a.labels);
  const kb = strip(b.labels);
  if (ka !== kb) return ka < kb ? -1 : 1;
  const rank = (l: Labels) => (l.__name__.endsWith('_bucket') ? 0 : l.__name__.endsWith('_count') ? 1 : l.__name__.endsWith('_sum') ? 2 : 3);
  const ra = rank(a.labels);
  const rb = rank(b.labels);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return leValue(a.labels) - leValue(b.labels);
  return a.labels.__name__ < b.labels.__name__ ? -1 : a.labels.__name__ > b.labels.__name__ ? 1 : 0;
}

/** The simulation's store can read every series at an arbitrary instant: what a scrape at that moment sees. */
interface ScrapeableStore {
  scrape(matchers: LabelMatcher[], timeMs: number): { labels: Labels; value: number }[];
}

function isScrapeable(store: object): store is ScrapeableStore {
  return typeof (store as Partial<ScrapeableStore>).scrape === 'function';
}

/** Each series' value at `nowMs` (scrape semantics) or, for a plain store, its latest raw sample. */
function latestSamples(fleet: Fleet, nowMs: number): RawSeries[] {
  if (isScrapeable(fleet.metrics)) {
    return fleet.metrics.scrape(ALL_SERIES, nowMs).map((s) => ({ labels: s.labels, timestampsMs: [nowMs], values: [s.value] }));
  }
  return fleet.metrics.select(ALL_SERIES, nowMs - STALENESS_MS, nowMs);
}

interface FamilyGroup {
  family: MetricFamily;
  series: RawSeries[];
}

function groupByFamily(series: RawSeries[]): FamilyGroup[] {
  const families = inferFamilies(series);
  const groups = new Map<string, FamilyGroup>();
  for (const s of series) {
    const family = families.get(s.labels.__name__);
    if (!family) continue;
    let group = groups.get(family.name);
    if (!group) {
      group = { family, series: [] };
      groups.set(family.name, group);
    }
    group.series.push(s);
  }
  const out = [...groups.values()].sort((a, b) => (a.family.name < b.family.name ? -1 : 1));
  for (const g of out) g.series.sort(compareInFamily);
  return out;
}

function familyHeader(family: MetricFamily): string {
  return `# TYPE ${family.name} ${family.type}\n# HELP ${family.name} ${escapeHelp(family.help)}\n`;
}

type Exemplar = { labels: Record<string, string>; value: number; timestampMs: number };

function exemplarText(exemplar: Exemplar): string {
  const labels = Object.keys(exemplar.labels)
    .map((n) => `${n}="${escapeLabelValue(exemplar.labels[n])}"`)
    .join(',');
  return ` # {${labels}} ${formatPromFloat(exemplar.value)} ${formatPromFloat(exemplar.timestampMs / 1000)}`;
}

export interface ExpositionOptions {
  /** Add each sample's own timestamp (the simulation's scrape time) instead of leaving it to the scraper. */
  withTimestamps?: boolean;
}

/**
 * The live exposition at `nowMs`: every series of the store with its value at that instant (counters cumulative), the
 * newest exemplar of each histogram bucket / counter series, `# TYPE`/`# HELP` per family and the closing `# EOF`.
 */
export function renderExposition(fleet: Fleet, nowMs: number, options: ExpositionOptions = {}): string {
  const series = latestSamples(fleet, nowMs).filter((s) => !SYNTHETIC.has(s.labels.__name__));
  const exemplars = new Map<string, Exemplar>();
  const exemplarMatchers: LabelMatcher[] = [{ name: '__name__', type: '=~', value: '.+_bucket|.+_total' }];
  for (const entry of fleet.exemplars(exemplarMatchers, nowMs - STALENESS_MS, nowMs)) {
    let newest: Exemplar | undefined;
    for (const e of entry.exemplars) if (e.timestampMs <= nowMs && (!newest || e.timestampMs > newest.timestampMs)) newest = e;
    if (newest) exemplars.set(labelsKey(entry.seriesLabels), newest);
  }
  const lines: string[] = [];
  for (const group of groupByFamily(series)) {
    lines.push(familyHeader(group.family));
    const allowExemplars = group.family.type === 'histogram' || group.family.type === 'counter';
    for (const s of group.series) {
      const n = s.timestampsMs.length;
      if (n === 0) continue;
      const value = s.values[n - 1];
      const ts = options.withTimestamps ? ` ${formatPromFloat(s.timestampsMs[n - 1] / 1000)}` : '';
      let line = `${s.labels.__name__}${labelText(s.labels)} ${formatPromFloat(value)}${ts}`;
      const isExemplarLine = s.labels.__name__.endsWith('_bucket') || (group.family.type === 'counter' && s.labels.__name__.endsWith('_total'));
      if (allowExemplars && isExemplarLine) {
        const exemplar = exemplars.get(labelsKey(s.labels));
        if (exemplar) line += exemplarText(exemplar);
      }
      lines.push(line + '\n');
    }
  }
  lines.push('# EOF\n');
  return lines.join('');
}

export interface ExportOptions {
  startMs: number;
  endMs: number;
  /** Emit one sample per step (the latest raw sample at or before each step); omit for every raw sample. */
  stepMs?: number;
  matchers?: LabelMatcher[][];
  /** Time window fetched from the store at once, bounding memory on month-long exports. */
  windowMs?: number;
}

/**
 * History as timestamped OpenMetrics, streamed family by family and day by day, for
 * `promtool tsdb create-blocks-from openmetrics <file> <dir>`. Within a series, samples ascend in time (the TSDB
 * appender requires it); series of one family may interleave between windows, which the importer accepts.
 */
export function* exportOpenMetrics(fleet: Fleet, options: ExportOptions): Generator<string> {
  const windowMs = options.windowMs ?? 86_400_000;
  const selectors = options.matchers && options.matchers.length > 0 ? options.matchers : [ALL_SERIES];
  // Discover the families from a recent slice, then export each family's series window by window.
  const probeEnd = options.endMs;
  const probeStart = Math.max(options.startMs, probeEnd - windowMs);
  const probe = new Map<string, RawSeries>();
  for (const matchers of selectors) {
    for (const s of fleet.metrics.select(matchers, probeStart, probeEnd)) {
      if (!SYNTHETIC.has(s.labels.__name__)) probe.set(labelsKey(s.labels), { labels: s.labels, timestampsMs: [], values: [] });
    }
  }
  const groups = groupByFamily([...probe.values()]);
  for (const group of groups) {
    yield familyHeader(group.family);
    const members = [...new Set(group.series.map((s) => s.labels.__name__))];
    const nameMatcher: LabelMatcher = { name: '__name__', type: '=~', value: members.map(escapeRegex).join('|') };
    for (let from = options.startMs; from <= options.endMs; from += windowMs) {
      const to = Math.min(from + windowMs - 1, options.endMs);
      const seen = new Set<string>();
      const chunk: string[] = [];
      for (const matchers of selectors) {
        const withName = [...matchers.filter((m) => m.name !== '__name__' || m.type !== '=~' || m.value !== '.+'), nameMatcher];
        const fetchFrom = options.stepMs ? from - STALENESS_MS : from;
        for (const s of fleet.metrics.select(withName, fetchFrom, to).sort(compareInFamily)) {
          const key = labelsKey(s.labels);
          if (seen.has(key)) continue;
          seen.add(key);
          const prefix = `${s.labels.__name__}${labelText(s.labels)} `;
          for (const [timeMs, value] of samplesForExport(s, from, to, options.stepMs)) {
            chunk.push(`${prefix}${formatPromFloat(value)} ${formatPromFloat(timeMs / 1000)}\n`);
          }
        }
      }
      if (chunk.length > 0) yield chunk.join('');
    }
  }
  yield '# EOF\n';
}

function* samplesForExport(s: RawSeries, from: number, to: number, stepMs?: number): Generator<[number, number]> {
  if (!stepMs) {
    for (let i = 0; i < s.timestampsMs.length; i++) {
      const t = s.timestampsMs[i];
      if (t >= from && t <= to) yield [t, s.values[i]];
    }
    return;
  }
  let i = 0;
  for (let tick = Math.ceil(from / stepMs) * stepMs; tick <= to; tick += stepMs) {
    while (i + 1 < s.timestampsMs.length && s.timestampsMs[i + 1] <= tick) i++;
    const t = s.timestampsMs[i];
    if (t !== undefined && t <= tick && tick - t <= STALENESS_MS) yield [tick, s.values[i]];
  }
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
