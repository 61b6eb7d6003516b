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

export function flattenVisibleRows(tree: TraceTree, collapsed: ReadonlySet<SpanId>): Row[] {
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
