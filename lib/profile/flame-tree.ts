// Building and measuring flame trees (lib/model/profile.ts FlameNode). Pure; inputs are never mutated.
import type { FlameNode } from '../model/profile';
import type { StackSample } from './folded';

interface Builder {
  name: string;
  total: number;
  self: number;
  kids: Map<string, Builder>;
}

function toNode(b: Builder): FlameNode {
  // Children by name, as flamegraph.pl does after sorting folded stacks: a stable, diffable order.
  const names = [...b.kids.keys()].sort();
  return { name: b.name, total: b.total, self: b.self, children: names.map((n) => toNode(b.kids.get(n) as Builder)) };
}

/**
 * Merge stacks into a call tree under a synthetic root. O(total frames). Samples with a non-positive or
 * non-finite value carry nothing and are skipped. Recursion depth of the conversion is the stack depth.
 */
export function flameTreeFromStacks(stacks: readonly StackSample[], rootName = 'total'): FlameNode {
  const root: Builder = { name: rootName, total: 0, self: 0, kids: new Map() };
  for (const { stack, value } of stacks) {
    if (!(value > 0) || !Number.isFinite(value)) continue;
    root.total += value;
    let node = root;
    for (const frame of stack) {
      let next = node.kids.get(frame);
      if (!next) {
        next = { name: frame, total: 0, self: 0, kids: new Map() };
        node.kids.set(frame, next);
      }
      next.total += value;
      node = next;
    }
    node.self += value;
  }
  return toNode(root);
}

/** Nodes in the tree including the root. O(n), iterative. */
export function countNodes(root: FlameNode): number {
  let count = 0;
  const stack: FlameNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as FlameNode;
    count++;
    for (const c of node.children) stack.push(c);
  }
  return count;
}

/** Deepest level below the root (root alone: 0). O(n). */
export function maxDepth(root: FlameNode): number {
  let max = 0;
  const stack: [FlameNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, d] = stack.pop() as [FlameNode, number];
    if (d > max) max = d;
    for (const c of node.children) stack.push([c, d + 1]);
  }
  return max;
}
