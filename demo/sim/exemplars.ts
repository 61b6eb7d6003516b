// Exemplars of the request histogram (`_bucket` series) and the request counter: the trace and span ids of real
// sampled requests, one per series per 15 s scrape (the latest observation, as a Prometheus client keeps it).
import type { LabelMatcher } from '../query/types';
import type { Fleet } from '../contract';
import { compileMatchers } from './matchers';
import { CATALOG } from './metrics/catalog';
import type { RequestIndex, ServerSpanSummary } from './request-index';
import { RETENTION_MS, SCRAPE_INTERVAL_MS } from './time';
import { LATENCY_BUCKETS_S } from './topology';

type ExemplarResult = ReturnType<Fleet['exemplars']>;

/** Index of the bucket an observation lands in: the smallest `le` >= value (the last index is +Inf). */
export function bucketIndexOf(valueS: number): number {
  for (let j = 0; j < LATENCY_BUCKETS_S.length; j++) if (valueS <= LATENCY_BUCKETS_S[j]) return j;
  return LATENCY_BUCKETS_S.length;
}

const MAX_TRACE_MS = 60_000;

export function exemplarsOf(index: RequestIndex, now: number, matchers: LabelMatcher[], startMs: number, endMs: number): ExemplarResult {
  const fromMs = Math.max(startMs, now - RETENTION_MS);
  const toMs = Math.min(endMs, now);
  if (toMs < fromMs) return [];
  const predicate = compileMatchers(matchers);
  const wanted = new Map<string, number>(); // key -> catalog index
  CATALOG.forEach((entry, i) => {
    if (entry.exemplar && predicate(entry.labels)) {
      const e = entry.exemplar;
      wanted.set(`${e.routeIndex}|${e.status}|${e.bucketIndex ?? 'c'}`, i);
    }
  });
  if (wanted.size === 0) return [];
  // Latest observation per (series, scrape interval).
  const latest = new Map<string, ServerSpanSummary>();
  for (const span of index.between(fromMs - MAX_TRACE_MS, toMs + 1)) {
    if (span.endMs < fromMs || span.endMs > toMs || span.rootEndMs > now || span.rootStartMs < now - RETENTION_MS) continue;
    const interval = Math.floor(span.endMs / SCRAPE_INTERVAL_MS);
    for (const key of [`${span.routeIndex}|${span.status}|${bucketIndexOf(span.durationS)}`, `${span.routeIndex}|${span.status}|c`]) {
      if (!wanted.has(key)) continue;
      const slot = `${key}|${interval}`;
      const previous = latest.get(slot);
      if (!previous || previous.endMs < span.endMs) latest.set(slot, span);
    }
  }
  const bySeries = new Map<number, { labels: Record<string, string>; value: number; timestampMs: number }[]>();
  for (const [slot, span] of latest) {
    const key = slot.slice(0, slot.lastIndexOf('|'));
    const catalogIndex = wanted.get(key) as number;
    let list = bySeries.get(catalogIndex);
    if (!list) {
      list = [];
      bySeries.set(catalogIndex, list);
    }
    list.push({
      labels: { trace_id: span.traceId, span_id: span.spanId },
      value: key.endsWith('|c') ? 1 : span.durationS,
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
