// The trace view model: one pass over the spans builds every index the waterfall, the critical path,
// search and the detail panel need. Cost: O(n) for the indexes plus O(n log n) for sorting siblings by
// start time. The input trace is never mutated; nodes hold references to the original spans.
import type { Span, SpanId, Trace, TraceId } from '../model/trace';
import { splitFromMs, splitNanos } from '../model/nanos';

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

/**
 * What a decoder already knows about the spans (see decodeTraceTree in lib/investigation/trace-transport), so
 * that the tree need not work it out again from the ids and start strings. Both arrays are per span.
 */
export interface TraceTreeHints {
  /**
   * >= 0: the row of a span whose id is this span's parentSpanId (not empty); -1: parentSpanId is null;
   * -2 (or below): look parentSpanId up by id, as without hints.
   */
  readonly parentRows: Int32Array;
  /**
   * Start minus the earliest start, exact integer nanoseconds (below 2^53), of spans whose startUnixNano are
   * canonical decimal strings; null: the starts are parsed from startUnixNano.
   */
  readonly startOffsetsNs: Float64Array | null;
}

/**
 * Build the view model of one trace. O(n log n) (sibling sort), O(n) memory. With hints (a decoder's, see
 * TraceTreeHints) the result is the same, built without parsing start strings or looking parents up by id.
 *
 * Each pass is its own small function: a page runs this once, mostly before the JIT has warmed up, and a hot
 * loop is optimised (on-stack replacement) as the function around it; a big function would be optimised again
 * for each of its loops, and fall back to the interpreter after each one.
 */
export function buildTraceTree(trace: Trace, hints?: TraceTreeHints): TraceTree {
  const spans = trace.spans;
  const n = spans.length;

  // Exact start offsets from the earliest start, in us; a malformed ns string falls back to startMs so one bad
  // span cannot blank the view.
  const startUs = new Float64Array(n);
  const offsets = hints?.startOffsetsNs;
  const minIdx = offsets && offsets.length === n ? startsFromOffsets(offsets, startUs) : startsFromStrings(spans, startUs);

  const indexById = new Map<SpanId, number>();
  const duplicateSpanIds = indexIds(spans, indexById);

  // Parent links, with missing parents and cycles resolved before any tree walk. A hinted row is the parent
  // itself unless ids repeat (then the first span with the id is, as for the lookup).
  const parent = new Int32Array(n);
  const issue = new Uint8Array(n);
  const rows = hints?.parentRows && hints.parentRows.length === n && duplicateSpanIds.length === 0 ? hints.parentRows : null;
  resolveParents(spans, indexById, rows, parent, issue);
  breakCycles(parent, issue);

  const durationUs = new Float64Array(n);
  const endMaxUs = durations(spans, startUs, durationUs);

  // Leaves share one empty list; siblings usually arrive in start order, so sort only when they are not.
  const childLists: number[][] = new Array<number[]>(n).fill(NO_CHILDREN);
  const roots = linkChildren(parent, childLists);
  sortByStart(roots, startUs);
  sortChildren(childLists, startUs);

  const { services, serviceIndexOf } = summariseServices(spans);

  // Depth-first walk from the roots: depth, display order, error list.
  const depth = new Int32Array(n);
  const preorder = new Int32Array(n);
  const { written, maxDepth, errorSpanIds } = walk(spans, roots, childLists, depth, preorder);

  // Descendant counts: children precede parents when walking the display order backwards.
  const descendants = new Int32Array(n);
  for (let w = written - 1; w >= 0; w--) {
    const i = preorder[w];
    if (parent[i] >= 0) descendants[parent[i]] += descendants[i] + 1;
  }

  const nodes: TraceNode[] = new Array<TraceNode>(n);
  const { missingParentCount, clockSkewCount } = makeNodes(spans, { parent, issue, childLists, depth, startUs, durationUs, serviceIndexOf, descendants }, nodes);

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

/** startUs from exact ns offsets; returns the first span with the earliest start (-1 without spans). */
function startsFromOffsets(offsets: Float64Array, startUs: Float64Array): number {
  let minIdx = -1;
  for (let i = 0; i < offsets.length; i++) if (minIdx < 0 || offsets[i] < offsets[minIdx]) minIdx = i;
  const base = minIdx >= 0 ? offsets[minIdx] : 0;
  for (let i = 0; i < offsets.length; i++) startUs[i] = (offsets[i] - base) / 1000;
  return minIdx;
}

/** startUs from the start strings (startMs when one is malformed); returns the first earliest span. */
function startsFromStrings(spans: readonly Span[], startUs: Float64Array): number {
  const n = spans.length;
  const secs = new Float64Array(n);
  const nanos = new Float64Array(n);
  let minIdx = -1;
  for (let i = 0; i < n; i++) {
    const span = spans[i];
    const start = splitNanos(span.startUnixNano) ?? splitFromMs(span.startMs);
    secs[i] = start.sec;
    nanos[i] = start.nano;
    if (minIdx < 0 || (secs[i] !== secs[minIdx] ? secs[i] < secs[minIdx] : nanos[i] < nanos[minIdx])) minIdx = i;
  }
  const baseSec = minIdx >= 0 ? secs[minIdx] : 0;
  const baseNano = minIdx >= 0 ? nanos[minIdx] : 0;
  for (let i = 0; i < n; i++) startUs[i] = ((secs[i] - baseSec) * 1e9 + (nanos[i] - baseNano)) / 1000;
  return minIdx;
}

/**
 * Span id -> first index, in index order; returns the ids seen again, one entry per later copy. One Map
 * operation per span (its size tells a repeat); the rare repeats are put back to their first index afterwards.
 */
function indexIds(spans: readonly Span[], indexById: Map<SpanId, number>): SpanId[] {
  const duplicateSpanIds: SpanId[] = [];
  for (let i = 0; i < spans.length; i++) {
    const size = indexById.size;
    indexById.set(spans[i].spanId, i);
    if (indexById.size === size) duplicateSpanIds.push(spans[i].spanId);
  }
  if (duplicateSpanIds.length > 0) {
    const repeated = new Set<SpanId>(duplicateSpanIds);
    for (let i = spans.length - 1; i >= 0; i--) if (repeated.has(spans[i].spanId)) indexById.set(spans[i].spanId, i);
  }
  return duplicateSpanIds;
}

const MISSING = 1;
const CYCLE = 2;
const ISSUES: readonly ParentIssue[] = [null, 'missing', 'cycle'];

function resolveParents(spans: readonly Span[], indexById: ReadonlyMap<SpanId, number>, rows: Int32Array | null, parent: Int32Array, issue: Uint8Array): void {
  for (let i = 0; i < spans.length; i++) {
    if (rows) {
      const row = rows[i];
      if (row >= -1) {
        parent[i] = row;
        continue;
      }
    }
    const pid = spans[i].parentSpanId;
    if (pid === null || pid === undefined || pid === '') {
      parent[i] = -1;
      continue;
    }
    const p = indexById.get(pid);
    if (p === undefined) {
      parent[i] = -1;
      issue[i] = MISSING;
    } else {
      parent[i] = p;
    }
  }
}

/** durationUs of every span; returns the latest end (us from the trace start, at least 0). */
function durations(spans: readonly Span[], startUs: Float64Array, durationUs: Float64Array): number {
  let endMaxUs = 0;
  for (let i = 0; i < spans.length; i++) {
    durationUs[i] = Math.max(0, spans[i].durationNs) / 1000;
    const end = startUs[i] + durationUs[i];
    if (end > endMaxUs) endMaxUs = end;
  }
  return endMaxUs;
}

/** Fills each parent's child list (in index order); returns the roots. */
function linkChildren(parent: Int32Array, childLists: number[][]): number[] {
  const roots: number[] = [];
  for (let i = 0; i < parent.length; i++) {
    const p = parent[i];
    if (p < 0) roots.push(i);
    else if (childLists[p] === NO_CHILDREN) childLists[p] = [i];
    else childLists[p].push(i);
  }
  return roots;
}

/** Lists come in index order: ties are in order already, so a list needs sorting only if a start goes down. */
function sortByStart(list: number[], startUs: Float64Array): void {
  for (let k = 1; k < list.length; k++) {
    if (startUs[list[k - 1]] > startUs[list[k]]) {
      list.sort((a, b) => startUs[a] - startUs[b] || a - b);
      return;
    }
  }
}

function sortChildren(childLists: number[][], startUs: Float64Array): void {
  for (let i = 0; i < childLists.length; i++) {
    const list = childLists[i];
    for (let k = 1; k < list.length; k++) {
      if (startUs[list[k - 1]] > startUs[list[k]]) {
        sortByStart(list, startUs);
        break;
      }
    }
  }
}

/**
 * Services counted in one pass (neighbouring spans mostly share one, so the name is looked up only when it
 * changes), colours assigned in name order so the result is deterministic. serviceIndexOf: per span.
 */
function summariseServices(spans: readonly Span[]): { services: ServiceSummary[]; serviceIndexOf: Int32Array } {
  const slotByName = new Map<string, number>();
  const slotNames: string[] = [];
  const slotSpans: number[] = [];
  const slotErrors: number[] = [];
  const slotOf = new Int32Array(spans.length);
  let lastName: string | undefined;
  let lastSlot = -1;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    const name = span.serviceName;
    if (name !== lastName || lastSlot < 0) {
      let slot = slotByName.get(name);
      if (slot === undefined) {
        slot = slotNames.push(name) - 1;
        slotByName.set(name, slot);
        slotSpans.push(0);
        slotErrors.push(0);
      }
      lastName = name;
      lastSlot = slot;
    }
    slotOf[i] = lastSlot;
    slotSpans[lastSlot]++;
    if (span.status.code === 'error') slotErrors[lastSlot]++;
  }
  const serviceNames = [...slotNames].sort();
  const colors = assignServiceColors(serviceNames);
  const indexOfSlot = new Int32Array(slotNames.length);
  const services: ServiceSummary[] = serviceNames.map((name, i) => {
    const slot = slotByName.get(name) ?? 0;
    indexOfSlot[slot] = i;
    return { name, colorIndex: colors[i], spanCount: slotSpans[slot], errorCount: slotErrors[slot] };
  });
  for (let i = 0; i < slotOf.length; i++) slotOf[i] = indexOfSlot[slotOf[i]];
  return { services, serviceIndexOf: slotOf };
}

/** Depth-first from the roots: fills depth and preorder; returns how many were written, max depth, errors. */
function walk(
  spans: readonly Span[],
  roots: readonly number[],
  childLists: readonly (readonly number[])[],
  depth: Int32Array,
  preorder: Int32Array,
): { written: number; maxDepth: number; errorSpanIds: SpanId[] } {
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
  return { written, maxDepth, errorSpanIds };
}

interface NodeColumns {
  parent: Int32Array;
  issue: Uint8Array;
  childLists: number[][];
  depth: Int32Array;
  startUs: Float64Array;
  durationUs: Float64Array;
  serviceIndexOf: Int32Array;
  descendants: Int32Array;
}

function makeNodes(spans: readonly Span[], c: NodeColumns, nodes: TraceNode[]): { missingParentCount: number; clockSkewCount: number } {
  const { parent, issue, childLists, depth, startUs, durationUs, serviceIndexOf, descendants } = c;
  let missingParentCount = 0;
  let clockSkewCount = 0;
  for (let i = 0; i < spans.length; i++) {
    const p = parent[i];
    const skew = p >= 0 && startUs[i] < startUs[p];
    if (skew) clockSkewCount++;
    if (issue[i] === MISSING) missingParentCount++;
    const span = spans[i];
    nodes[i] = {
      span,
      index: i,
      parentIndex: p,
      children: childLists[i],
      depth: depth[i],
      startUs: startUs[i],
      endUs: startUs[i] + durationUs[i],
      durationUs: durationUs[i],
      serviceIndex: serviceIndexOf[i],
      isError: span.status.code === 'error',
      parentIssue: ISSUES[issue[i]],
      clockSkew: skew,
      descendantCount: descendants[i],
    };
  }
  return { missingParentCount, clockSkewCount };
}

/**
 * Cut parent loops so every span reaches a root. Each span is visited once (states: 0 new, 1 on the current
 * path, 2 done), so this is O(n).
 */
function breakCycles(parent: Int32Array, issue: Uint8Array): void {
  const n = parent.length;
  // A loop has a span whose parent comes at or after it (its first span): none such, no loop (the usual case,
  // spans listed parents first).
  let forward = false;
  for (let i = 0; i < n && !forward; i++) forward = parent[i] >= i;
  if (!forward) return;
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
      issue[j] = CYCLE;
    }
    for (let k = 0; k < path.length; k++) state[path[k]] = 2;
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
