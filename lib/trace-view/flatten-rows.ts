// The waterfall's rows: the tree in depth-first order with collapsed subtrees left out.
// Cost: O(visible rows); a collapsed subtree is skipped without being walked.
import type { SpanId } from '../model/trace';
import type { TraceTree } from './build-trace-tree';

export interface Row {
  /** Index into tree.nodes. */
  readonly nodeIndex: number;
  readonly spanId: SpanId;
  readonly depth: number;
  readonly hasChildren: boolean;
  readonly isCollapsed: boolean;
}

// The view and its waterfall both ask for the rows of the same tree and collapsed set: remember the last answer
// per tree (100k rows cost tens of milliseconds).
const lastRows = new WeakMap<TraceTree, { collapsed: ReadonlySet<SpanId>; rows: readonly Row[] }>();

/** The visible rows; the same array again for the same tree and collapsed set (treat it as read-only). */
export function flattenVisibleRows(tree: TraceTree, collapsed: ReadonlySet<SpanId>): readonly Row[] {
  const last = lastRows.get(tree);
  if (last && last.collapsed === collapsed) return last.rows;
  const rows = computeRows(tree, collapsed);
  lastRows.set(tree, { collapsed, rows });
  return rows;
}

function computeRows(tree: TraceTree, collapsed: ReadonlySet<SpanId>): Row[] {
  const rows: Row[] = [];
  const stack: number[] = [];
  for (let r = tree.roots.length - 1; r >= 0; r--) stack.push(tree.roots[r]);
  while (stack.length > 0) {
    const i = stack.pop() as number;
    const node = tree.nodes[i];
    const isCollapsed = node.children.length > 0 && collapsed.has(node.span.spanId);
    rows.push({
      nodeIndex: i,
      spanId: node.span.spanId,
      depth: node.depth,
      hasChildren: node.children.length > 0,
      isCollapsed,
    });
    if (isCollapsed) continue;
    for (let k = node.children.length - 1; k >= 0; k--) stack.push(node.children[k]);
  }
  return rows;
}

/** Row position of a span id, -1 when hidden or unknown. O(rows). */
export function rowIndexOf(rows: readonly Row[], spanId: SpanId | null): number {
  if (spanId === null) return -1;
  for (let i = 0; i < rows.length; i++) if (rows[i].spanId === spanId) return i;
  return -1;
}
