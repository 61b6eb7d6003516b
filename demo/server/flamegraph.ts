// Pyroscope's flame graph encoding, ported from grafana/pyroscope pkg/model/flamegraph.go (NewFlameGraph):
// a call tree with children sorted by name, walked depth-first right-to-left, emitted per level as quadruples
// [x offset (delta to the previous node's end), total, self, name index], with nodes below the maxNodes cut
// folded into "other". Checked byte-for-byte against fixtures/pyroscope/connect_SelectMergeStacktraces_checkout_cpu.json.
import type { ProfileStackSample } from '../contract';

export interface TreeNode {
  name: string;
  self: number;
  total: number;
  /** Sorted by name. */
  children: TreeNode[];
}

/** Pyroscope's default when a request sets no maxNodes (querier max_flamegraph_nodes_default). */
export const DEFAULT_MAX_NODES = 8192;

function insertChild(parent: TreeNode, name: string): TreeNode {
  const children = parent.children;
  let lo = 0;
  let hi = children.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (children[mid].name < name) lo = mid + 1;
    else hi = mid;
  }
  if (lo < children.length && children[lo].name === name) return children[lo];
  const child: TreeNode = { name, self: 0, total: 0, children: [] };
  children.splice(lo, 0, child);
  return child;
}

/** Merge stacks (root frame first) into a call tree. O(total frames · log fan-out). */
export function buildTree(samples: readonly ProfileStackSample[]): TreeNode {
  const root: TreeNode = { name: '', self: 0, total: 0, children: [] };
  for (const sample of samples) {
    if (sample.value === 0 || sample.stack.length === 0) continue;
    root.total += sample.value;
    let node = root;
    for (const frame of sample.stack) {
      node = insertChild(node, frame);
      node.total += sample.value;
    }
    node.self += sample.value;
  }
  return root;
}

/** The smallest total a node needs to be drawn: the maxNodes-th largest total (0 when everything fits). */
export function minValue(root: TreeNode, maxNodes: number): number {
  if (maxNodes < 1) return 0;
  const totals: number[] = [];
  const stack = [...root.children];
  while (stack.length > 0) {
    const node = stack.pop() as TreeNode;
    totals.push(node.total);
    for (const child of node.children) stack.push(child);
  }
  if (totals.length <= maxNodes) return 0;
  totals.sort((a, b) => b - a);
  return totals[maxNodes - 1];
}

export interface FlameGraphData {
  names: string[];
  /** One array per level: quadruples [xDelta, total, self, nameIndex]. */
  levels: number[][];
  total: number;
  maxSelf: number;
}

export function toFlameGraph(root: TreeNode, maxNodes: number = DEFAULT_MAX_NODES): FlameGraphData {
  const minVal = minValue(root, maxNodes);
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  // Per level, nodes in visit order (right-to-left); reversed at the end like Pyroscope's Stack.Slice.
  const visited: { x: number; total: number; self: number; name: number }[][] = [];
  let maxSelf = 0;

  type Item = { x: number; level: number; node: TreeNode };
  const stack: Item[] = [{ x: 0, level: 0, node: { name: '', self: 0, total: root.total, children: root.children } }];
  while (stack.length > 0) {
    const current = stack.pop() as Item;
    const node = current.node;
    if (node.self > maxSelf) maxSelf = node.self;
    const name = names.length === 0 ? 'total' : node.name;
    let index = nameIndex.get(name);
    if (index === undefined) {
      index = names.length;
      nameIndex.set(name, index);
      names.push(name);
    }
    if (current.level === visited.length) visited.push([]);
    visited[current.level].push({ x: current.x, total: node.total, self: node.self, name: index });

    let x = current.x + node.self;
    let otherTotal = 0;
    for (const child of node.children) {
      if (child.total >= minVal && child.name !== 'other') {
        stack.push({ x, level: current.level + 1, node: child });
        x += child.total;
      } else {
        otherTotal += child.total;
      }
    }
    if (otherTotal !== 0) {
      stack.push({ x, level: current.level + 1, node: { name: 'other', self: otherTotal, total: otherTotal, children: [] } });
    }
  }

  const levels = visited.map((row) => {
    const out: number[] = [];
    let prev = 0;
    for (let i = row.length - 1; i >= 0; i--) {
      const n = row[i];
      const delta = n.x - prev;
      out.push(delta, n.total, n.self, n.name);
      prev += delta + n.total;
    }
    return out;
  });
  return { names, levels, total: root.total, maxSelf };
}

/** Connect JSON (querier.v1.FlameGraph): int64 as strings, zero scalars omitted (protojson). */
export function flameGraphConnectJson(fg: FlameGraphData): Record<string, unknown> {
  const out: Record<string, unknown> = {
    names: fg.names,
    levels: fg.levels.map((values) => ({ values: values.map(String) })),
  };
  if (fg.total !== 0) out.total = String(fg.total);
  if (fg.maxSelf !== 0) out.maxSelf = String(fg.maxSelf);
  return out;
}
