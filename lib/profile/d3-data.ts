// The {name, value, children} objects d3-flame-graph draws (value = inclusive total, selfValue(false)).
// d3-flame-graph writes flags (fade, hide, highlight) into these objects, so each call builds fresh ones
// and the model tree stays untouched. O(n), iterative.
import type { FlameNode } from '../model/profile';
import { diffScale, normalisedDelta } from './diff';

export interface D3FlameDatum {
  name: string;
  /** Inclusive total (target total in a diff). */
  value: number;
  /** Own value, for tooltips. */
  self: number;
  children: D3FlameDatum[];
  /** Diffs only: normalised growth, read by d3-flame-graph's differentialColorMapper. */
  delta?: number;
  /** Diffs only: baseline total scaled to the target's grand total. */
  baselineValue?: number;
}

export function toD3FlameData(root: FlameNode, options: { diff?: boolean } = {}): D3FlameDatum {
  const diff = options.diff === true;
  const scale = diff ? diffScale(root) : 1;
  const make = (node: FlameNode): D3FlameDatum => {
    const datum: D3FlameDatum = { name: node.name, value: node.total, self: node.self, children: [] };
    if (diff) {
      datum.delta = normalisedDelta(node, scale);
      datum.baselineValue = (node.baselineTotal ?? 0) * scale;
    }
    return datum;
  };
  const out = make(root);
  const stack: [FlameNode, D3FlameDatum][] = [[root, out]];
  while (stack.length > 0) {
    const [src, dst] = stack.pop() as [FlameNode, D3FlameDatum];
    for (const child of src.children) {
      const d = make(child);
      dst.children.push(d);
      if (child.children.length > 0) stack.push([child, d]);
    }
  }
  return out;
}
