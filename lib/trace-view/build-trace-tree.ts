// The trace view model: one pass over the spans builds every index the waterfall, the critical path,
// search and the detail panel need. Cost: O(n) for the indexes plus O(n log n) for sorting siblings by
// start time. The input trace is never mutated; nodes hold references to the original spans.
import type { Span, SpanId, Trace, TraceId } from '../model/trace';
import { compareNanos, diffNanos, splitFromMs, splitNanos, type SplitNanos } from '../model/nanos';

/** How many distinct service colours the views cycle through (components map index -> colour). */
export const SERVICE_COLOR_COUNT = 12;

/**
 * Why a span is drawn as a root although it names a parent:
 * - 'missing': the parent id is not in the trace (partial trace, dropped span). Shown as a root and flagged
 *   rather than hung under a synthetic "missing span", so no invented timing appears on screen.
 * - 'cycle': following parents loops back (corrupt data); the loop is cut at this span.
 */
export type ParentIssue = 'missing' | 'cycle' | null;

export interface TraceNode {
  readonly span: Span;
  /** Position in tree.nodes (the input order of trace.spans). */
  readonly index: number;
  /** Index of the parent node, -1 for roots. */
  readonly parentIndex: number;
  /** Child node indexes, sorted by start time (ties keep input order). */
  readonly children: readonly number[];
  readonly depth: number;
  /** Offsets from the trace start, in microseconds (fractional: exact to the nanosecond). */
  readonly startUs: number;
  readonly endUs: number;
  readonly durationUs: number;
  /** Index into tree.services. */
  readonly serviceIndex: number;
  readonly isError: boolean;
  readonly parentIssue: ParentIssue;
  /** Starts before its parent: clock skew between hosts. Drawn as reported, flagged. */
  readonly clockSkew: boolean;
  /** Number of spans below this one (all levels). */
  readonly descendantCount: number;
}

export interface ServiceSummary {
  readonly name: string;
  /** 0..SERVICE_COLOR_COUNT-1; derived from the name so a service keeps its colour across traces. */
  readonly colorIndex: number;
  readonly spanCount: number;
  readonly errorCount: number;
}

export interface TraceTree {
  readonly traceId: TraceId;
  readonly nodes: readonly TraceNode[];
  /** Span id -> node index. With duplicate span ids the first occurrence wins. */
  readonly indexById: ReadonlyMap<SpanId, number>;
  /** Root node indexes (true roots and spans whose parent is missing), sorted by start. */
  readonly roots: readonly number[];
  /** Every node index in depth-first display order (the fully expanded waterfall). */
  readonly preorder: Int32Array;
  /** Earliest span start: exact epoch ns string and epoch ms. */
  readonly startUnixNano: string;
  readonly startMs: number;
  /** Latest span end, epoch ms. */
  readonly endMs: number;
  readonly durationUs: number;
  readonly maxDepth: number;
  /** Sorted by name. */
  readonly services: readonly ServiceSummary[];
  /** Error spans in display order. */
  readonly errorSpanIds: readonly SpanId[];
  /** Span ids seen more than once (Tempo may return a span twice); later copies are kept as separate rows. */
  readonly duplicateSpanIds: readonly SpanId[];
  /** Spans whose parent is absent from the trace. */
  readonly missingParentCount: number;
  readonly clockSkewCount: number;
}

const NO_CHILDREN: number[] = Object.freeze([]) as unknown as number[];

/** Build the view model of one trace. O(n log n) (sibling sort), O(n) memory. */
export function buildTraceTree(trace: Trace): TraceTree {
  const spans = trace.spans;
  const n = spans.length;

  // Exact start instants; a malformed ns string falls back to startMs so one bad span cannot blank the view.
  const starts: SplitNanos[] = new Array<SplitNanos>(n);
  let minIdx = -1;
  for (let i = 0; i < n; i++) {
    const span = spans[i];
    starts[i] = splitNanos(span.startUnixNano) ?? splitFromMs(span.startMs);
    if (minIdx < 0 || compareNanos(starts[i], starts[minIdx]) < 0) minIdx = i;
  }
  const base = minIdx >= 0 ? starts[minIdx] : { sec: 0, nano: 0 };

  const indexById = new Map<SpanId, number>();
  const duplicateSpanIds: SpanId[] = [];
  for (let i = 0; i < n; i++) {
    const id = spans[i].spanId;
    if (indexById.has(id)) duplicateSpanIds.push(id);
    else indexById.set(id, i);
  }

  // Parent links, with missing parents and cycles resolved before any tree walk.
  const parent = new Int32Array(n);
  const issue: ParentIssue[] = new Array<ParentIssue>(n).fill(null);
  for (let i = 0; i < n; i++) {
    const pid = spans[i].parentSpanId;
    if (pid === null || pid === undefined || pid === '') {
      parent[i] = -1;
      continue;
    }
    const p = indexById.get(pid);
    if (p === undefined) {
      parent[i] = -1;
      issue[i] = 'missing';
    } else {
      parent[i] = p;
    }
  }
  breakCycles(parent, issue);

  const startUs = new Float64Array(n);
  const durationUs = new Float64Array(n);
  let endMaxUs = 0;
  for (let i = 0; i < n; i++) {
    startUs[i] = diffNanos(starts[i], base) / 1000;
    durationUs[i] = Math.max(0, spans[i].durationNs) / 1000;
    const end = startUs[i] + durationUs[i];
    if (end > endMaxUs) endMaxUs = end;
  }

  // Leaves share one empty list; siblings usually arrive in start order, so sort only when they are not.
  const childLists: number[][] = new Array<number[]>(n).fill(NO_CHILDREN);
  const roots: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    if (p < 0) roots.push(i);
    else if (childLists[p] === NO_CHILDREN) childLists[p] = [i];
    else childLists[p].push(i);
  }
  const byStart = (a: number, b: number): number => startUs[a] - startUs[b] || a - b;
  const sortByStart = (list: number[]): void => {
    for (let k = 1; k < list.length; k++) {
      if (byStart(list[k - 1], list[k]) > 0) {
        list.sort(byStart);
        return;
      }
    }
  };
  sortByStart(roots);
  for (let i = 0; i < n; i++) if (childLists[i].length > 1) sortByStart(childLists[i]);

  // Services: counted in one pass, colours assigned in name order so the result is deterministic.
  const serviceCounts = new Map<string, { spans: number; errors: number }>();
  for (let i = 0; i < n; i++) {
    const name = spans[i].serviceName;
    const entry = serviceCounts.get(name) ?? { spans: 0, errors: 0 };
    entry.spans++;
    if (spans[i].status.code === 'error') entry.errors++;
    serviceCounts.set(name, entry);
  }
  const serviceNames = [...serviceCounts.keys()].sort();
  const colors = assignServiceColors(serviceNames);
  const serviceIndexByName = new Map<string, number>();
  const services: ServiceSummary[] = serviceNames.map((name, i) => {
    serviceIndexByName.set(name, i);
    const c = serviceCounts.get(name);
    return { name, colorIndex: colors[i], spanCount: c?.spans ?? 0, errorCount: c?.errors ?? 0 };
  });

  // Depth-first walk from the roots: depth, display order, error list.
  const depth = new Int32Array(n);
  const preorder = new Int32Array(n);
  let written = 0;
  let maxDepth = 0;
  const errorSpanIds: SpanId[] = [];
  const stack: number[] = [];
  for (let r = roots.length - 1; r >= 0; r--) stack.push(roots[r]);
  while (stack.length > 0) {
    const i = stack.pop() as number;
    preorder[written++] = i;
    if (spans[i].status.code === 'error') errorSpanIds.push(spans[i].spanId);
    const kids = childLists[i];
    for (let k = kids.length - 1; k >= 0; k--) {
      depth[kids[k]] = depth[i] + 1;
      if (depth[i] + 1 > maxDepth) maxDepth = depth[i] + 1;
      stack.push(kids[k]);
    }
  }

  // Descendant counts: children precede parents when walking the display order backwards.
  const descendants = new Int32Array(n);
  for (let w = written - 1; w >= 0; w--) {
    const i = preorder[w];
    if (parent[i] >= 0) descendants[parent[i]] += descendants[i] + 1;
  }

  const nodes: TraceNode[] = new Array<TraceNode>(n);
  let missingParentCount = 0;
  let clockSkewCount = 0;
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    const skew = p >= 0 && startUs[i] < startUs[p];
    if (skew) clockSkewCount++;
    if (issue[i] === 'missing') missingParentCount++;
    nodes[i] = {
      span: spans[i],
      index: i,
      parentIndex: p,
      children: childLists[i],
      depth: depth[i],
      startUs: startUs[i],
      endUs: startUs[i] + durationUs[i],
      durationUs: durationUs[i],
      serviceIndex: serviceIndexByName.get(spans[i].serviceName) ?? 0,
      isError: spans[i].status.code === 'error',
      parentIssue: issue[i],
      clockSkew: skew,
      descendantCount: descendants[i],
    };
  }

  const startMs = minIdx >= 0 ? spans[minIdx].startMs : 0;
  return {
    traceId: trace.traceId,
    nodes,
    indexById,
    roots,
    preorder,
    startUnixNano: minIdx >= 0 ? spans[minIdx].startUnixNano : '0',
    startMs,
    endMs: startMs + endMaxUs / 1000,
    durationUs: endMaxUs,
    maxDepth,
    services,
    errorSpanIds,
    duplicateSpanIds,
    missingParentCount,
    clockSkewCount,
  };
}

/**
 * Cut parent loops so every span reaches a root. Each span is visited once (states: 0 new, 1 on the current
 * path, 2 done), so this is O(n).
 */
function breakCycles(parent: Int32Array, issue: ParentIssue[]): void {
  const n = parent.length;
  const state = new Uint8Array(n);
  const path: number[] = [];
  for (let i = 0; i < n; i++) {
    if (state[i] !== 0) continue;
    path.length = 0;
    let j = i;
    while (j >= 0 && state[j] === 0) {
      state[j] = 1;
      path.push(j);
      j = parent[j];
    }
    if (j >= 0 && state[j] === 1) {
      parent[j] = -1;
      issue[j] = 'cycle';
    }
    for (const k of path) state[k] = 2;
  }
}

/** FNV-1a: a small stable string hash (the same service gets the same colour on every trace). */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Colour slot per service: the name's hash picks a preferred slot, collisions probe to the next free one
 * until all slots are taken, then colours repeat.
 */
export function assignServiceColors(sortedNames: readonly string[]): number[] {
  const taken = new Uint8Array(SERVICE_COLOR_COUNT);
  let used = 0;
  return sortedNames.map((name) => {
    let slot = hashName(name) % SERVICE_COLOR_COUNT;
    if (used < SERVICE_COLOR_COUNT) {
      while (taken[slot]) slot = (slot + 1) % SERVICE_COLOR_COUNT;
      taken[slot] = 1;
      used++;
    }
    return slot;
  });
}

/** The node of a span id, or undefined. */
export function nodeById(tree: TraceTree, spanId: SpanId): TraceNode | undefined {
  const i = tree.indexById.get(spanId);
  return i === undefined ? undefined : tree.nodes[i];
}
