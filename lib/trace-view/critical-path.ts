// The critical path: the chain of work that decided the trace's duration, after Jaeger UI's algorithm
// (jaeger-ui packages/jaeger-ui/src/components/TracePage/CriticalPath). Walk back from the root's end: the
// child that finished last before the cursor is on the path; recurse into it, then continue in the parent
// from that child's start. Time no child covers belongs to the parent itself.
//
// Differences from Jaeger's code: iterative (a 100k-deep chain cannot overflow the call stack), and each
// span's children are sorted once by end time so the "last finishing before the cursor" search is a moving
// pointer instead of a rescan: O(n log n) overall instead of O(children^2) per span.
import type { SpanId } from '../model/trace';
import type { TraceTree } from './build-trace-tree';

export interface CriticalPathSection {
  readonly spanId: SpanId;
  /** Offsets from the trace start, microseconds. */
  readonly startUs: number;
  readonly endUs: number;
}

export interface CriticalPath {
  /** Sections in the order the walk found them (latest first). */
  readonly sections: readonly CriticalPathSection[];
  readonly spanIds: ReadonlySet<SpanId>;
  /** Sections of each span on the path, sorted by start. */
  readonly bySpan: ReadonlyMap<SpanId, readonly CriticalPathSection[]>;
}

interface Frame {
  node: number;
  cursorUs: number;
  /** After returning from a child the next one must end strictly before the cursor (Jaeger's rule). */
  strict: boolean;
  ptr: number;
}

/**
 * Critical path of every root of the tree.
 * Before walking, children are clipped to their parent's interval (Jaeger's sanitizeOverFlowingChildren):
 * a child entirely outside its parent is dropped with its subtree, a child that overflows is truncated.
 * Consumer spans are left out with their subtrees: the parent does not wait for a message's consumption.
 */
export function criticalPath(tree: TraceTree): CriticalPath {
  const n = tree.nodes.length;
  const clipStart = new Float64Array(n);
  const clipEnd = new Float64Array(n);
  const kept = new Uint8Array(n);

  // Preorder visits parents before children, so a parent's clipped interval is ready when its child comes.
  for (let w = 0; w < tree.preorder.length; w++) {
    const i = tree.preorder[w];
    const node = tree.nodes[i];
    const p = node.parentIndex;
    if (p < 0) {
      kept[i] = 1;
      clipStart[i] = node.startUs;
      clipEnd[i] = node.endUs;
      continue;
    }
    if (!kept[p] || node.span.kind === 'consumer') continue;
    const ps = clipStart[p];
    const pe = clipEnd[p];
    if (node.startUs >= pe || node.endUs <= ps) continue;
    kept[i] = 1;
    clipStart[i] = Math.max(node.startUs, ps);
    clipEnd[i] = Math.min(node.endUs, pe);
  }

  // Each span's kept children, latest end first (ties: earlier start first, then display order).
  const byEnd: (number[] | undefined)[] = new Array<number[] | undefined>(n);
  const childrenByEnd = (i: number): number[] => {
    let list = byEnd[i];
    if (list === undefined) {
      list = tree.nodes[i].children.filter((c) => kept[c] === 1);
      list.sort((a, b) => clipEnd[b] - clipEnd[a] || clipStart[a] - clipStart[b]);
      byEnd[i] = list;
    }
    return list;
  };

  const sections: CriticalPathSection[] = [];
  const push = (i: number, startUs: number, endUs: number) => {
    if (endUs > startUs) sections.push({ spanId: tree.nodes[i].span.spanId, startUs, endUs });
  };

  for (const root of tree.roots) {
    const stack: Frame[] = [{ node: root, cursorUs: clipEnd[root], strict: false, ptr: 0 }];
    while (stack.length > 0) {
      const f = stack[stack.length - 1];
      const kids = childrenByEnd(f.node);
      // The cursor only moves back in time, so children skipped here never qualify later.
      while (f.ptr < kids.length && (f.strict ? clipEnd[kids[f.ptr]] >= f.cursorUs : clipEnd[kids[f.ptr]] > f.cursorUs)) {
        f.ptr++;
      }
      if (f.ptr < kids.length) {
        const c = kids[f.ptr++];
        push(f.node, clipEnd[c], f.cursorUs);
        f.cursorUs = clipStart[c];
        f.strict = true;
        stack.push({ node: c, cursorUs: clipEnd[c], strict: false, ptr: 0 });
      } else {
        push(f.node, clipStart[f.node], f.cursorUs);
        stack.pop();
      }
    }
  }

  const bySpan = new Map<SpanId, CriticalPathSection[]>();
  for (const s of sections) {
    const list = bySpan.get(s.spanId);
    if (list) list.push(s);
    else bySpan.set(s.spanId, [s]);
  }
  for (const list of bySpan.values()) list.sort((a, b) => a.startUs - b.startUs);
  return { sections, spanIds: new Set(bySpan.keys()), bySpan };
}
