// Keyboard navigation and collapse helpers for the waterfall. Pure: they return new values.
import type { SpanId } from '../model/trace';
import type { TraceTree } from './build-trace-tree';
import { rowIndexOf, type Row } from './flatten-rows';

/** The span below the selection (j / ArrowDown); the first row when nothing is selected. Stops at the end. */
export function nextSpan(rows: readonly Row[], selectedId: SpanId | null): SpanId | null {
  if (rows.length === 0) return null;
  const i = rowIndexOf(rows, selectedId);
  if (i < 0) return rows[0].spanId;
  return rows[Math.min(i + 1, rows.length - 1)].spanId;
}

/** The span above the selection (k / ArrowUp); the last row when nothing is selected. Stops at the top. */
export function prevSpan(rows: readonly Row[], selectedId: SpanId | null): SpanId | null {
  if (rows.length === 0) return null;
  const i = rowIndexOf(rows, selectedId);
  if (i < 0) return rows[rows.length - 1].spanId;
  return rows[Math.max(i - 1, 0)].spanId;
}

/** A new collapsed set with spanId toggled. */
export function toggleCollapsed(collapsed: ReadonlySet<SpanId>, spanId: SpanId): Set<SpanId> {
  const next = new Set(collapsed);
  if (next.has(spanId)) next.delete(spanId);
  else next.add(spanId);
  return next;
}

/** Ancestors of a span, nearest first. O(depth). */
export function ancestorsOf(tree: TraceTree, spanId: SpanId): SpanId[] {
  const out: SpanId[] = [];
  const i = tree.indexById.get(spanId);
  if (i === undefined) return out;
  let p = tree.nodes[i].parentIndex;
  while (p >= 0) {
    out.push(tree.nodes[p].span.spanId);
    p = tree.nodes[p].parentIndex;
  }
  return out;
}

/**
 * The collapsed set with every ancestor of spanId expanded, so a span selected from elsewhere (a log line,
 * a search hit) is visible. Returns the same set when nothing changes, so memoised rows stay valid.
 */
export function revealSpan(tree: TraceTree, collapsed: ReadonlySet<SpanId>, spanId: SpanId): ReadonlySet<SpanId> {
  const hidden = ancestorsOf(tree, spanId).filter((id) => collapsed.has(id));
  if (hidden.length === 0) return collapsed;
  const next = new Set(collapsed);
  for (const id of hidden) next.delete(id);
  return next;
}

/** Collapse every span deeper than maxDepth that has children (a readable first view of huge traces). O(n). */
export function collapseBelowDepth(tree: TraceTree, maxDepth: number): Set<SpanId> {
  const out = new Set<SpanId>();
  for (const node of tree.nodes) {
    if (node.depth >= maxDepth && node.children.length > 0) out.add(node.span.spanId);
  }
  return out;
}

const preorderPositions = new WeakMap<TraceTree, Int32Array>();

/** Display position of every node (cached per tree). O(n) once. */
function positionsOf(tree: TraceTree): Int32Array {
  let pos = preorderPositions.get(tree);
  if (!pos) {
    pos = new Int32Array(tree.nodes.length);
    for (let w = 0; w < tree.preorder.length; w++) pos[tree.preorder[w]] = w;
    preorderPositions.set(tree, pos);
  }
  return pos;
}

/**
 * The search match after (1) or before (-1) the selection in display order, wrapping around; the first
 * (or last) match when nothing is selected. Matches may be hidden under collapsed spans: reveal them with
 * revealSpan. O(matches).
 */
export function stepMatch(
  tree: TraceTree,
  matches: readonly SpanId[],
  selectedId: SpanId | null,
  direction: 1 | -1,
): SpanId | null {
  if (matches.length === 0) return null;
  const sel = selectedId === null ? undefined : tree.indexById.get(selectedId);
  if (sel === undefined) return direction === 1 ? matches[0] : matches[matches.length - 1];
  const pos = positionsOf(tree);
  const here = pos[sel];
  if (direction === 1) {
    for (const id of matches) {
      const i = tree.indexById.get(id);
      if (i !== undefined && pos[i] > here) return id;
    }
    return matches[0];
  }
  for (let k = matches.length - 1; k >= 0; k--) {
    const i = tree.indexById.get(matches[k]);
    if (i !== undefined && pos[i] < here) return matches[k];
  }
  return matches[matches.length - 1];
}
