// What the trace view's header and panels derive from the trace and its placed logs. Pure, O(spans + lines).
import type { LogLevel, TimelineLogLine } from '../correlate/place-logs';
import type { SpanId } from '../model/trace';
import type { TraceTree } from '../trace-view/build-trace-tree';
import { formatterPerZone, partsOf } from '../zone-format';

export interface TraceSummary {
  rootName: string;
  rootService: string;
  rootSpanId: SpanId | null;
  startMs: number;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  services: { name: string; colorIndex: number; spanCount: number; errorCount: number }[];
  /** Spans whose parent is missing: the trace is incomplete. */
  missingParentCount: number;
}

/** The header's facts. The root is the earliest true root (no parent), else the earliest span. */
export function summariseTrace(tree: TraceTree): TraceSummary {
  const rootIndex = tree.roots.find((i) => tree.nodes[i].span.parentSpanId === null) ?? tree.roots[0];
  const root = rootIndex === undefined ? undefined : tree.nodes[rootIndex];
  return {
    rootName: root?.span.name || '(unnamed span)',
    rootService: root?.span.serviceName ?? '',
    rootSpanId: root?.span.spanId ?? null,
    startMs: tree.startMs,
    durationMs: tree.durationUs / 1000,
    spanCount: tree.nodes.length,
    errorCount: tree.errorSpanIds.length,
    services: tree.services.map((s) => ({ name: s.name, colorIndex: s.colorIndex, spanCount: s.spanCount, errorCount: s.errorCount })),
    missingParentCount: tree.missingParentCount,
  };
}

export interface LogMarkerPoint {
  timeMs: number;
  level: LogLevel;
}

/** Log lines grouped by the span they were placed on, for the dots on the waterfall's bars. */
export function logMarkersBySpan(lines: readonly TimelineLogLine[]): Map<SpanId, LogMarkerPoint[]> {
  const out = new Map<SpanId, LogMarkerPoint[]>();
  for (const line of lines) {
    if (line.spanId === null) continue;
    const list = out.get(line.spanId);
    const marker = { timeMs: line.timeMs, level: line.level };
    if (list) list.push(marker);
    else out.set(line.spanId, [marker]);
  }
  return out;
}

/** "span name" by id, for the log panel's span links. */
export function spanNamesById(tree: TraceTree): Map<string, string> {
  const out = new Map<string, string>();
  for (const node of tree.nodes) if (!out.has(node.span.spanId)) out.set(node.span.spanId, `${node.span.serviceName}: ${node.span.name}`);
  return out;
}

export const CONTEXT_BEFORE_MS = 30 * 60_000;
export const CONTEXT_AFTER_MS = 30 * 60_000;
/** Around the trace so a spike that led up to it and what followed are both in view. */
const RANGE_PAD_MS = 15 * 60_000;

/** The metric context's window: half an hour either side of the trace, never past now. */
export function contextWindow(traceStartMs: number, traceEndMs: number, nowMs: number): { startMs: number; endMs: number } {
  const endMs = Math.min(nowMs, traceEndMs + CONTEXT_AFTER_MS);
  const startMs = Math.min(traceStartMs - CONTEXT_BEFORE_MS, endMs - CONTEXT_BEFORE_MS);
  return { startMs: Math.floor(startMs / 1000) * 1000, endMs: Math.ceil(endMs / 1000) * 1000 };
}

/**
 * An absolute range around the trace for the URL, whole seconds: a reload then fetches trace and logs in
 * parallel, and a copied link shows the same window.
 */
export function rangeAroundTrace(traceStartMs: number, traceEndMs: number): { from: string; to: string } {
  const from = Math.floor((traceStartMs - RANGE_PAD_MS) / 1000) * 1000;
  const to = Math.ceil((traceEndMs + RANGE_PAD_MS) / 1000) * 1000;
  return { from: String(from), to: String(to) };
}

/**
 * "2026-11-21 23:31:20.123 UTC" in the given zone (default: the runtime's), with the zone's short name, so a
 * reader in another zone knows which instant it is.
 */
export function formatStartTime(ms: number, timeZone?: string): string {
  const part = partsOf(startTimeFormat(timeZone), ms);
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}.${part('fractionalSecond')} ${part('timeZoneName')}`;
}

const startTimeFormat = formatterPerZone('en-GB', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
  timeZoneName: 'short',
});

const preorderPositions = new WeakMap<TraceTree, Int32Array>();

/** A span and every span below it (the log panel follows the selected subtree). O(n) once per tree, then O(subtree). */
export function subtreeSpanIds(tree: TraceTree, spanId: SpanId): Set<SpanId> {
  const index = tree.indexById.get(spanId);
  const out = new Set<SpanId>();
  if (index === undefined) return out;
  let positions = preorderPositions.get(tree);
  if (!positions) {
    positions = new Int32Array(tree.nodes.length);
    for (let k = 0; k < tree.preorder.length; k++) positions[tree.preorder[k]] = k;
    preorderPositions.set(tree, positions);
  }
  // In display order a span's descendants follow it directly.
  const start = positions[index];
  const end = start + tree.nodes[index].descendantCount;
  for (let k = start; k <= end; k++) out.add(tree.nodes[tree.preorder[k]].span.spanId);
  return out;
}
