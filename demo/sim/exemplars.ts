// Exemplars of the request histogram (`_bucket` series) and the request counter: the trace and span ids of real
// sampled requests, one per series per 15 s scrape (the latest observation, as a Prometheus client keeps it).
import type { LabelMatcher } from '../query/types';
import type { Fleet } from '../contract';
import { compileMatchers } from './matchers';
import { CATALOG } from './metrics/catalog';
import type { RequestIndex, ServerSpanSummary } from './request-index';
import { HOUR_MS, RETENTION_MS, SCRAPE_INTERVAL_MS } from './time';
import { LATENCY_BUCKETS_S } from './topology';

type ExemplarResult = ReturnType<Fleet['exemplars']>;

/** Index of the bucket an observation lands in: the smallest `le` >= value (the last index is +Inf). */
export function bucketIndexOf(valueS: number): number {
  for (let j = 0; j < LATENCY_BUCKETS_S.length; j++) if (valueS <= LATENCY_BUCKETS_S[j]) return j;
  return LATENCY_BUCKETS_S.length;
}

const MAX_TRACE_MS = 60_000;
/** Code of the request counter's exemplar in a series code (bucket indexes are 0..LATENCY_BUCKETS_S.length). */
const COUNTER = 31;
/** Scrape intervals are counted from the first one of the query: 2^20 of them is 182 days, beyond retention. */
const INTERVAL_SLOTS = 2 ** 20;

/** A number per exemplar series: (route, status, bucket or counter). Numbers, not strings: this runs per span. */
function seriesCode(routeIndex: number, status: number, bucket: number): number {
  return (routeIndex * 1000 + status) * 32 + bucket;
}

export function exemplarsOf(index: RequestIndex, now: number, matchers: LabelMatcher[], startMs: number, endMs: number): ExemplarResult {
  const fromMs = Math.max(startMs, now - RETENTION_MS);
  const toMs = Math.min(endMs, now);
  if (toMs < fromMs) return [];
  const predicate = compileMatchers(matchers);
  const wanted = new Map<number, number>(); // series code -> catalog index
  const wantedRoutes = new Set<number>();
  CATALOG.forEach((entry, i) => {
    if (entry.exemplar && predicate(entry.labels)) {
      const e = entry.exemplar;
      wanted.set(seriesCode(e.routeIndex, e.status, e.bucketIndex ?? COUNTER), i);
      wantedRoutes.add(e.routeIndex);
    }
  });
  if (wanted.size === 0) return [];
  // Latest observation per (series, scrape interval), keyed by code * INTERVAL_SLOTS + interval offset.
  const firstInterval = Math.floor(fromMs / SCRAPE_INTERVAL_MS);
  const latest = new Map<number, ServerSpanSummary>();
  const keep = (code: number, span: ServerSpanSummary) => {
    if (!wanted.has(code)) return;
    const slot = code * INTERVAL_SLOTS + (Math.floor(span.endMs / SCRAPE_INTERVAL_MS) - firstInterval);
    const previous = latest.get(slot);
    if (!previous || previous.endMs < span.endMs) latest.set(slot, span);
  };
  const oldestRootMs = now - RETENTION_MS;
  for (let h = Math.floor((fromMs - MAX_TRACE_MS) / HOUR_MS) * HOUR_MS; h < toMs + 1; h += HOUR_MS) {
    for (const span of index.hour(h)) {
      if (!wantedRoutes.has(span.routeIndex)) continue;
      if (span.endMs < fromMs || span.endMs > toMs || span.rootEndMs > now || span.rootStartMs < oldestRootMs) continue;
      keep(seriesCode(span.routeIndex, span.status, bucketIndexOf(span.durationS)), span);
      keep(seriesCode(span.routeIndex, span.status, COUNTER), span);
    }
  }
  const bySeries = new Map<number, { labels: Record<string, string>; value: number; timestampMs: number }[]>();
  for (const [slot, span] of latest) {
    const code = Math.floor(slot / INTERVAL_SLOTS);
    const catalogIndex = wanted.get(code) as number;
    let list = bySeries.get(catalogIndex);
    if (!list) {
      list = [];
      bySeries.set(catalogIndex, list);
    }
    list.push({
      labels: { trace_id: span.traceId, span_id: span.spanId },
      value: code % 32 === COUNTER ? 1 : span.durationS,
      timestampMs: Math.floor(span.endMs),
    });
  }
  return [...bySeries]
    .sort((a, b) => a[0] - b[0])
    .map(([catalogIndex, exemplars]) => ({
      seriesLabels: { ...CATALOG[catalogIndex].labels },
      exemplars: exemplars.sort((a, b) => a.timestampMs - b.timestampMs),
    }));
}
