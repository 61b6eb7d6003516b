// The self-time table beside the flame graph: where time is spent per function, summed over all stacks.
import type { FlameNode } from '../model/profile';

export interface FunctionRow {
  name: string;
  /** Sum of the function's own values over every stack. */
  self: number;
  /** Sum of the totals of stacks that contain the function, each stack counted once (recursion-safe). */
  total: number;
  selfFraction: number;
  totalFraction: number;
}

/**
 * The n functions with the most self time (ties by name). The root is excluded. Run it on the unpruned
 * tree. O(n log n): one iterative walk keeping a count of each name on the current path.
 */
export function topFunctions(root: FlameNode, n: number): FunctionRow[] {
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const onPath = new Map<string, number>();
  // Entries: [node, entering]; the exit entry removes the name from the current path.
  const stack: [FlameNode, boolean][] = [];
  for (let i = root.children.length - 1; i >= 0; i--) stack.push([root.children[i], true]);
  while (stack.length > 0) {
    const [node, entering] = stack.pop() as [FlameNode, boolean];
    const depthOnPath = onPath.get(node.name) ?? 0;
    if (!entering) {
      if (depthOnPath <= 1) onPath.delete(node.name);
      else onPath.set(node.name, depthOnPath - 1);
      continue;
    }
    self.set(node.name, (self.get(node.name) ?? 0) + node.self);
    // A recursive call inside itself is already counted by its outermost frame.
    if (depthOnPath === 0) total.set(node.name, (total.get(node.name) ?? 0) + node.total);
    onPath.set(node.name, depthOnPath + 1);
    stack.push([node, false]);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push([node.children[i], true]);
  }
  const grand = root.total > 0 ? root.total : 1;
  return [...self.entries()]
    .map(([name, s]) => {
      const t = total.get(name) ?? 0;
      return { name, self: s, total: t, selfFraction: s / grand, totalFraction: t / grand };
    })
    .sort((a, b) => b.self - a.self || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, Math.max(0, n));
}
