// Differential flame trees: the target's shape with the baseline's totals attached per stack.
import type { FlameNode } from '../model/profile';

/**
 * Merge two trees by call path. Each node carries the target's total/self and, in baselineTotal, the
 * baseline's raw total for the same path (0 where the path is new). Paths only in the baseline appear with
 * total 0, so the table can list what disappeared; they have no width in the graph.
 * Raw values are kept; compare with normalisedDelta, which scales the baseline to the target's grand total
 * so a 1-hour baseline and a 5-minute target are comparable. O(n_baseline + n_target) with hash lookups.
 */
export function diffFlameTrees(baseline: FlameNode, target: FlameNode): FlameNode {
  return mergePair(baseline, target, target.name);
}

function mergePair(baseline: FlameNode | undefined, target: FlameNode | undefined, name: string): FlameNode {
  const byName = new Map<string, { b?: FlameNode; t?: FlameNode }>();
  for (const c of target?.children ?? []) byName.set(c.name, { t: c });
  for (const c of baseline?.children ?? []) {
    const entry = byName.get(c.name);
    if (entry) entry.b = c;
    else byName.set(c.name, { b: c });
  }
  const children: FlameNode[] = [];
  for (const [childName, pair] of byName) children.push(mergePair(pair.b, pair.t, childName));
  return {
    name,
    total: target?.total ?? 0,
    self: target?.self ?? 0,
    baselineTotal: baseline?.total ?? 0,
    children,
  };
}

/** Factor that scales baseline values to the target's grand total (1 when the baseline is empty). */
export function diffScale(root: FlameNode): number {
  const b = root.baselineTotal ?? 0;
  return b > 0 ? root.total / b : 1;
}

/**
 * Growth of a frame in target units after normalising the baseline: > 0 grew, < 0 shrank. A frame with
 * no baseline at all counts as entirely new (delta = total).
 */
export function normalisedDelta(node: FlameNode, scale: number): number {
  return node.total - (node.baselineTotal ?? 0) * scale;
}
