// Tempo's tag search (`/api/search?tags=k=v ...`, the pre-TraceQL search): a trace matches when every tag is found
// on one of its spans (span or resource attribute, or the intrinsics Tempo indexes: name, status.code,
// root.name, root.service.name) and its duration is within [minDuration, maxDuration]. Newest traces first.
import type { SpanAttributeValue, StoredSpan, StoredTrace, TraceStore } from '../query/types';
import type { TraceSearchHit, TraceSearchOptions, TraceSearchResult } from './engines';

/** Tempo's name for a trace whose root span it has not seen. */
export const NO_ROOT_SERVICE = '<root span not yet received>';

const STATUS_NAMES: Record<StoredSpan['statusCode'], string> = { unset: 'unset', ok: 'ok', error: 'error' };

export interface TraceSummary {
  root: StoredSpan | null;
  startNs: bigint;
  endNs: bigint;
}

/** Root span, first start and last end of a trace. O(spans). */
export function summarizeTrace(trace: StoredTrace): TraceSummary {
  let root: StoredSpan | null = null;
  let startNs: bigint | null = null;
  let endNs = 0n;
  for (const span of trace.spans) {
    if (span.parentSpanId === null && (root === null || span.startNs < root.startNs)) root = span;
    if (startNs === null || span.startNs < startNs) startNs = span.startNs;
    const end = span.startNs + span.durationNs;
    if (end > endNs) endNs = end;
  }
  return { root, startNs: startNs ?? 0n, endNs };
}

export function searchHit(trace: StoredTrace, summary: TraceSummary = summarizeTrace(trace)): TraceSearchHit {
  return {
    traceId: trace.traceId,
    rootServiceName: summary.root?.serviceName ?? NO_ROOT_SERVICE,
    rootTraceName: summary.root?.name,
    startNs: summary.startNs,
    durationMs: Number((summary.endNs - summary.startNs) / 1_000_000n),
    spanSets: [],
  };
}

function valueMatches(actual: SpanAttributeValue | undefined, wanted: string): boolean {
  return actual !== undefined && String(actual) === wanted;
}

function spanHasTag(span: StoredSpan, key: string, value: string, summary: TraceSummary): boolean {
  switch (key) {
    case 'name':
      if (span.name === value) return true;
      break;
    case 'status.code':
      if (STATUS_NAMES[span.statusCode] === value) return true;
      break;
    case 'service.name':
      if (span.serviceName === value) return true;
      break;
    case 'root.name':
      return summary.root?.name === value;
    case 'root.service.name':
      return summary.root?.serviceName === value;
  }
  return valueMatches(span.attributes[key], value) || valueMatches(span.resourceAttributes[key], value);
}

export function traceMatchesTags(trace: StoredTrace, tags: Record<string, string>, summary: TraceSummary): boolean {
  for (const [key, value] of Object.entries(tags)) {
    if (!trace.spans.some((span) => spanHasTag(span, key, value, summary))) return false;
  }
  return true;
}

/** One time slice of a tag search (the caller walks slices newest first). */
export function tagSearchSlice(
  store: TraceStore,
  tags: Record<string, string>,
  options: TraceSearchOptions,
  limit: number,
): TraceSearchResult {
  const hits: TraceSearchHit[] = [];
  let inspectedTraces = 0;
  let inspectedBytes = 0;
  for (const trace of store.tracesInRange(options.startNs, options.endNs)) {
    inspectedTraces++;
    inspectedBytes += trace.spans.length * 256;
    const summary = summarizeTrace(trace);
    const durationNs = summary.endNs - summary.startNs;
    if (options.minDurationNs !== undefined && durationNs < options.minDurationNs) continue;
    if (options.maxDurationNs !== undefined && durationNs > options.maxDurationNs) continue;
    if (traceMatchesTags(trace, tags, summary)) hits.push(searchHit(trace, summary));
  }
  hits.sort((a, b) => (a.startNs > b.startNs ? -1 : a.startNs < b.startNs ? 1 : 0));
  return { traces: hits.slice(0, limit), inspectedTraces, inspectedBytes };
}
