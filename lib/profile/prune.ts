// Pruning a flame tree to what can be seen: frames narrower than a pixel cost DOM nodes and show nothing.
// Cost: O(kept nodes + their direct children); a dropped subtree is never walked.
import type { FlameNode } from '../model/profile';

export interface PruneOptions {
  /** Frames whose total is below this fraction of the reference total are merged; use 1 / widthPx. */
  minFraction: number;
  /**
   * Path of frame names from the root's child down to a zoomed frame. Frames on it are kept and the frames
   * below it are pruned against the zoomed frame's total, so zooming in reveals detail the root view hid.
   */
  focusPath?: readonly string[];
}

/** Name prefix of the synthetic frame that stands in for merged small siblings. */
export const MERGED_FRAME_PREFIX = '(';

export function mergedFrameName(count: number): string {
  return `${MERGED_FRAME_PREFIX}${count} small frame${count === 1 ? '' : 's'})`;
}

interface Work {
  src: FlameNode;
  out: FlameNode & { children: FlameNode[] };
  threshold: number;
  /** Index into focusPath of this node's next focus child, or -1 when off the focus path. */
  focusDepth: number;
}

function shallowCopy(node: FlameNode): FlameNode & { children: FlameNode[] } {
  const copy: FlameNode & { children: FlameNode[] } = { name: node.name, total: node.total, self: node.self, children: [] };
  if (node.baselineTotal !== undefined) copy.baselineTotal = node.baselineTotal;
  return copy;
}

/**
 * A new tree without frames narrower than minFraction of the root (or of the focused frame below it).
 * Totals are preserved at every kept frame: small siblings are merged into one "(n small frames)" frame
 * when together they are wide enough to see, otherwise they are dropped and their time stays inside the
 * parent's total (it shows as the parent's own width). Self values are unchanged. Run topFunctions on the
 * unpruned tree: merged frames are not functions.
 */
export function pruneFlameTree(root: FlameNode, options: PruneOptions): FlameNode {
  const minFraction = Math.max(0, options.minFraction);
  const focusPath = options.focusPath ?? [];
  const out = shallowCopy(root);
  const stack: Work[] = [{ src: root, out, threshold: root.total * minFraction, focusDepth: focusPath.length > 0 ? 0 : -1 }];

  while (stack.length > 0) {
    const { src, out: parentOut, threshold, focusDepth } = stack.pop() as Work;
    const focusName = focusDepth >= 0 ? focusPath[focusDepth] : undefined;
    let mergedCount = 0;
    let mergedTotal = 0;
    let mergedBaseline = 0;
    let hasBaseline = false;
    for (const child of src.children) {
      const onFocus = focusName !== undefined && child.name === focusName;
      if (onFocus || (child.total >= threshold && child.total > 0)) {
        const copy = shallowCopy(child);
        parentOut.children.push(copy);
        let nextFocus = -1;
        let nextThreshold = threshold;
        if (onFocus) {
          nextFocus = focusDepth + 1 < focusPath.length ? focusDepth + 1 : -1;
          // Below the zoomed frame, widths are relative to it.
          if (nextFocus < 0) nextThreshold = child.total * minFraction;
        }
        if (child.children.length > 0) stack.push({ src: child, out: copy, threshold: nextThreshold, focusDepth: nextFocus });
      } else {
        mergedCount++;
        mergedTotal += child.total;
        if (child.baselineTotal !== undefined) {
          hasBaseline = true;
          mergedBaseline += child.baselineTotal;
        }
      }
    }
    if (mergedCount > 0 && mergedTotal >= threshold && mergedTotal > 0) {
      const merged: FlameNode = { name: mergedFrameName(mergedCount), total: mergedTotal, self: mergedTotal, children: [] };
      if (hasBaseline) merged.baselineTotal = mergedBaseline;
      parentOut.children.push(merged);
    }
  }
  return out;
}
